--TEST--
upgrade.outageless: this frontend serves through an outageless upgrade; an outageless state says so too
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/unlocked.state
upgrade.outageless=1
--FILE--
<?php
require __DIR__ . '/_state.inc';
var_dump(upgrade_outageless(), upgrade_ui_locked(), upgrade_state()['upgrade']);
// Without the setting, the file alone.
echo state_child(['upgrade.outageless' => '0', 'upgrade.state_file' => __DIR__ . '/fixtures/outageless.state'],
    'var_dump(upgrade_outageless(), upgrade_ui_locked(), upgrade_state()["upgrade"]);');
echo state_child(['upgrade.outageless' => '0', 'upgrade.state_file' => __DIR__ . '/fixtures/locked.state'],
    'var_dump(upgrade_outageless());');
?>
--EXPECT--
bool(true)
bool(false)
string(4) "none"
bool(true)
bool(true)
string(10) "outageless"
bool(false)

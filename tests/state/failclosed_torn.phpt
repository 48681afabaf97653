--TEST--
Fail closed: torn (truncated) file locks the UI, warns naming path and reason; upgrade_state_read() throws
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/torn.state
--FILE--
<?php
require __DIR__ . '/_state.inc';
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless(), $s['locked'], $s['upgrade'], $s['source']);
echo $s['problem'], "\n";
state_try(fn () => upgrade_state_read(__DIR__ . '/fixtures/torn.state'));
?>
--EXPECTF--
Warning: PHP Request Startup: upgrade.state_file %s/fixtures/torn.state is truncated (no final newline; torn write?); failing closed: the UI upgrade lock is held in Unknown on line 0
bool(true)
bool(false)
bool(true)
string(4) "none"
string(4) "file"
is truncated (no final newline; torn write?)
UpgradeException: State file %s/fixtures/torn.state is truncated (no final newline; torn write?)

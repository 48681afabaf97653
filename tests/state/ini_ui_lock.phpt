--TEST--
upgrade.ui_lock forces the UI lock whatever the file says (source "ini"), with or without a state file
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/unlocked.state
upgrade.ui_lock=1
--FILE--
<?php
require __DIR__ . '/_state.inc';
$s = upgrade_state();
var_dump(upgrade_ui_locked(), $s['locked'], $s['source']);
// No state file at all: the INI setting alone.
echo state_child(['upgrade.state_file' => '', 'upgrade.ui_lock' => '1'],
    '$s = upgrade_state(); var_dump(upgrade_ui_locked(), $s["source"], $s["state_file"]);');
// Scripts cannot lift it.
var_dump(ini_set('upgrade.ui_lock', '0'), ini_get('upgrade.ui_lock'));
?>
--EXPECT--
bool(true)
bool(false)
string(3) "ini"
bool(true)
string(3) "ini"
NULL
bool(false)
string(1) "1"

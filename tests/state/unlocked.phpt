--TEST--
An unlocked state file: nothing locked, source "file"
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/unlocked.state
--FILE--
<?php
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless(), $s['locked'], $s['upgrade'], $s['source']);
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
string(4) "none"
string(4) "file"

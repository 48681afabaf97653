--TEST--
A missing state file means nothing is running
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/does-not-exist.state
--FILE--
<?php
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless(), $s['locked'], $s['source'], $s['problem']);
var_dump(upgrade_state_read(__DIR__ . '/fixtures/does-not-exist.state')['locked']);
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
string(4) "none"
NULL
bool(false)

--TEST--
Without upgrade.state_file the hook reads nothing: nothing locked, source "none"
--EXTENSIONS--
upgrade
--FILE--
<?php
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless());
var_dump($s['locked'], $s['upgrade'], $s['source'], $s['state_file'], $s['problem'], $s['warning']);
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
string(4) "none"
string(4) "none"
NULL
NULL
NULL

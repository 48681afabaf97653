--TEST--
Fail closed: corrupt checksum locks the UI, warns naming path and reason; upgrade_state_read() throws
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/corrupt.state
--FILE--
<?php
require __DIR__ . '/_state.inc';
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless(), $s['locked'], $s['upgrade'], $s['source']);
echo $s['problem'], "\n";
state_try(fn () => upgrade_state_read(__DIR__ . '/fixtures/corrupt.state'));
?>
--EXPECTF--
Warning: PHP Request Startup: upgrade.state_file %s/fixtures/corrupt.state has a bad checksum (torn or corrupt file); failing closed: the UI upgrade lock is held in Unknown on line 0
bool(true)
bool(false)
bool(true)
string(4) "none"
string(4) "file"
has a bad checksum (torn or corrupt file)
UpgradeException: State file %s/fixtures/corrupt.state has a bad checksum (torn or corrupt file)

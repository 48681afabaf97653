--TEST--
Fail closed: unknown format version locks the UI, warns naming path and reason; upgrade_state_read() throws
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file={PWD}/fixtures/version3.state
--FILE--
<?php
require __DIR__ . '/_state.inc';
$s = upgrade_state();
var_dump(upgrade_ui_locked(), upgrade_outageless(), $s['locked'], $s['upgrade'], $s['source']);
echo $s['problem'], "\n";
state_try(fn () => upgrade_state_read(__DIR__ . '/fixtures/version3.state'));
?>
--EXPECTF--
Warning: PHP Request Startup: upgrade.state_file %s/fixtures/version3.state has unknown format version 3 (this extension reads 1 to 2); failing closed: the UI upgrade lock is held in Unknown on line 0
bool(true)
bool(false)
bool(true)
string(4) "none"
string(4) "file"
has unknown format version 3 (this extension reads 1 to 2)
UpgradeException: State file %s/fixtures/version3.state has unknown format version 3 (this extension reads 1 to 2)

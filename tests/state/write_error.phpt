--TEST--
Writing into a missing folder, or at a path naming a folder, is an UpgradeException naming path and reason
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('write-error');
state_try(fn () => upgrade_lock([], 0, "$dir/missing/upgrade.state"));
state_try(fn () => upgrade_unlock("$dir/"));
mkdir("$dir/upgrade.state");
state_try(fn () => upgrade_lock([], 0, "$dir/upgrade.state"));
var_dump(glob("$dir/.*tmp"));
state_rmdir($dir);
?>
--EXPECTF--
UpgradeException: State file %s/missing/upgrade.state: cannot open its folder %s/missing: No such file or directory
UpgradeException: State file %s/: the path names a folder, not a file
UpgradeException: State file %s/upgrade.state: cannot replace it: Is a directory
array(0) {
}

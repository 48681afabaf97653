--TEST--
upgrade.state_file_mode sets the file's mode exactly (whatever the umask)
--EXTENSIONS--
upgrade
--INI--
upgrade.state_file_mode=0604
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('mode');
umask(077);
upgrade_lock([], 0, "$dir/upgrade.state");
printf("%o %s\n", fileperms("$dir/upgrade.state") & 0777, ini_get('upgrade.state_file_mode'));
state_rmdir($dir);
?>
--EXPECT--
604 0604

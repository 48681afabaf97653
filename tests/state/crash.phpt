--TEST--
A writer killed at any moment leaves the old or the new state, and nothing that blocks the next writer
--EXTENSIONS--
upgrade
pcntl
posix
--FILE--
<?php
require __DIR__ . '/_state.inc';
require __DIR__ . '/_stress.inc';
$dir = state_tmpdir('crash');
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
$failures = stress_crash("$dir/upgrade.state", $valgrind ? 4 : 25, $valgrind ? 400000 : 20000);
echo $failures ? implode("\n", $failures) . "\n" : "ok\n";
state_rmdir($dir);
?>
--EXPECT--
ok

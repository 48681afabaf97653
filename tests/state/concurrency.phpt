--TEST--
Writers and readers hammering one state file: no torn or corrupt read, the file ends with the last write
--EXTENSIONS--
upgrade
pcntl
posix
--FILE--
<?php
require __DIR__ . '/_state.inc';
require __DIR__ . '/_stress.inc';
$dir = state_tmpdir('concurrency');
// Valgrind makes each write ~50 times slower; tests/state/check runs thousands.
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
$failures = $valgrind ? stress_concurrent("$dir/upgrade.state", 2, 1, 10, 20000)
    : stress_concurrent("$dir/upgrade.state", 3, 2, 200);
echo $failures ? implode("\n", $failures) . "\n" : "ok\n";
var_dump($stress_reads > 0);
state_rmdir($dir);
?>
--EXPECT--
ok
bool(true)

--TEST--
Racy entries are never trusted: files whose mtime is not yet a second old (here an hour ahead, a writer whose clock runs fast) are read again on every check
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("racy");
upg_age_tree($r, -3600);   // every file and folder an hour in the future: racy however slow the machine is
upgrade_cache_clear();
$a = upg_answers($r);
$before = upgrade_cache_info();
$b = upg_answers($r);
$after = upgrade_cache_info();
var_dump($a === $b, $after["hits"] - $before["hits"], $after["misses"] > $before["misses"]);
upg_cold_vs_warm($r, "future mtimes");
upg_test_rmtree($r);
?>
--EXPECT--
bool(true)
int(0)
bool(true)
future mtimes: warm equals cold

--TEST--
Repeat checks on an unchanged, aged tree come from the cache
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("hits");
upg_age_tree($r, 3600, true);
upgrade_cache_clear();
$a = upg_answers($r);
$before = upgrade_cache_info();
$b = upg_answers($r);
$after = upgrade_cache_info();
var_dump($a === $b, $before["misses"] > 0, $after["misses"] === $before["misses"], $after["hits"] > $before["hits"]);
upg_cold_vs_warm($r, "unchanged");
upg_test_rmtree($r);
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
bool(true)
unchanged: warm equals cold

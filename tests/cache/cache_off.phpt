--TEST--
upgrade.cache=0 keeps nothing
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("off");
upg_age_tree($r);
upgrade_cache_clear();
ini_set("upgrade.cache", "0");
upg_answers($r);
print_r(upgrade_cache_info());
ini_set("upgrade.cache", "1");
upg_answers($r);
var_dump(upgrade_cache_info()["entries"] > 0);
upg_test_rmtree($r);
?>
--EXPECTF--
Array
(
    [enabled] => 
    [entries] => 0
    [hits] => 0
    [misses] => 0
)
bool(true)

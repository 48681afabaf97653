--TEST--
upgrade_cache_save() then upgrade_cache_load() in a clean cache: entries are used, and a file changed since is still seen
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("file");
$f = sys_get_temp_dir() . '/upgrade-cachefile-' . getmypid();
@unlink($f);
upg_age_tree($r, 3600, true);
upgrade_cache_clear();
$a = upg_answers($r);
$saved = upgrade_cache_save($f);
echo "saved all entries: ", $saved === upgrade_cache_info()['entries'] ? 'yes' : 'no', "\n";
printf("mode %o\n", fileperms($f) & 0777);

upgrade_cache_clear();                       // as a new process would start
echo "loaded all entries: ", upgrade_cache_load($f) === $saved ? 'yes' : 'no', "\n";
$before = upgrade_cache_info();
$b = upg_answers($r);
$after = upgrade_cache_info();
echo "same answers: ", $a === $b ? 'yes' : 'no', "\n";
echo "no file read again: ", $after['misses'] === $before['misses'] && $after['hits'] > $before['hits'] ? 'yes' : 'no', "\n";

// A db/ file edited after the save (same size): the loaded entry must not be trusted.
upgrade_cache_clear();
upgrade_cache_load($f);
$access = "$r/public/mod/assign/db/access.php";
file_put_contents($access, strrev(file_get_contents($access)));
upg_cold_vs_warm($r, "edited after the save");

echo "missing file loads nothing: ", upgrade_cache_load("$f.none"), "\n";
ini_set('upgrade.cache', '0');
echo "cache off loads nothing: ", upgrade_cache_load($f), "\n";
unlink($f);
upg_test_rmtree($r);
?>
--EXPECT--
saved all entries: yes
mode 600
loaded all entries: yes
same answers: yes
no file read again: yes
edited after the save: warm equals cold
missing file loads nothing: 0
cache off loads nothing: 0

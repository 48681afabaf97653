--TEST--
Same-size edits, in the same second and with the old mtime put back, are seen
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("samesize");
upg_age_tree($r, 3600, true);
upg_answers($r);
$f = "$r/public/mod/assign/db/tasks.php";
$old = filemtime($f);
file_put_contents($f, strtoupper(file_get_contents($f)));
upg_cold_vs_warm($r, "edit now");
upg_answers($r);
file_put_contents($f, strtolower(file_get_contents($f)));
touch($f, $old);
upg_cold_vs_warm($r, "edit with the old mtime restored");
$v = "$r/public/mod/assign/version.php";
upg_age_tree($r);
upg_answers($r);
$mt = filemtime($v);
file_put_contents($v, str_replace("2025100600;", "2025100609;", file_get_contents($v)));
touch($v, $mt);
upg_cold_vs_warm($r, "version bump with the old mtime restored");
upg_test_rmtree($r);
?>
--EXPECTF--
edit now: warm equals cold
edit with the old mtime restored: warm equals cold
version bump with the old mtime restored: warm equals cold

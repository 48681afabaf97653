--TEST--
A file replaced by rename (new inode, same size and mtime) is seen
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("rename");
upg_age_tree($r, 3600, true);
upg_answers($r);
$f = "$r/public/mod/forum/db/events.php";
$mt = filemtime($f);
$new = str_replace("observers", "OBSERVERS", file_get_contents($f));
file_put_contents("$f.new", $new);
touch("$f.new", $mt);
rename("$f.new", $f);
upg_cold_vs_warm($r, "replaced by rename");
upg_test_rmtree($r);
?>
--EXPECTF--
replaced by rename: warm equals cold

--TEST--
A plugin folder swapped for a link to another folder is seen
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("swap");
upg_copy_tree("$r/public/mod/page", "$r/alt-page");
file_put_contents("$r/alt-page/db/access.php", "<?php\n\$capabilities = [\"x\" => 1];\n");
file_put_contents("$r/alt-page/version.php", str_replace("2025100602", "2025100699", file_get_contents("$r/alt-page/version.php")));
upg_age_tree($r, 3600, true);
upg_answers($r);
rename("$r/public/mod/page", "$r/old-page");
symlink("$r/alt-page", "$r/public/mod/page");
upg_cold_vs_warm($r, "swapped for a link");
unlink("$r/public/mod/page");
rename("$r/old-page", "$r/public/mod/page");
upg_cold_vs_warm($r, "swapped back");
upg_test_rmtree($r);
?>
--EXPECTF--
swapped for a link: warm equals cold
swapped back: warm equals cold

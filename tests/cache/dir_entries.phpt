--TEST--
A db/ entry added then removed, and a plugin added, renamed and removed, are seen
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("entries");
upg_age_tree($r, 3600, true);
upg_answers($r);
file_put_contents("$r/public/mod/assign/db/events.php", "<?php\n");
upg_cold_vs_warm($r, "entry added");
unlink("$r/public/mod/assign/db/events.php");
upg_cold_vs_warm($r, "entry removed");
upg_age_tree($r);
upg_answers($r);
mkdir("$r/public/local/newer/db", 0777, true);
file_put_contents("$r/public/local/newer/version.php", "<?php\n\$plugin->version = 1;\n");
upg_cold_vs_warm($r, "plugin added");
upg_age_tree($r, 3600, true);
upg_answers($r);                        // the type folders' listings are cached now
rename("$r/public/local/newer", "$r/public/local/newest");
upg_cold_vs_warm($r, "plugin renamed");
upg_test_rmtree("$r/public/local/newest");
upg_cold_vs_warm($r, "plugin removed");
upg_test_rmtree($r);
?>
--EXPECTF--
entry added: warm equals cold
entry removed: warm equals cold
plugin added: warm equals cold
plugin renamed: warm equals cold
plugin removed: warm equals cold

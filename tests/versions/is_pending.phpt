--TEST--
upgrade_is_pending() follows moodle_needs_upgrading()
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("pending", ["mod/a" => "<?php\n\$plugin->version = 1;\n"]);
$h = upgrade_versions_hash($r);
var_dump(upgrade_is_pending($r, $h, "2025100600.02"));
var_dump(upgrade_is_pending($r, $h, 2025100600.02));
var_dump(upgrade_is_pending($r, null, "2025100600.02"));
var_dump(upgrade_is_pending($r, "", "2025100600.02"));
var_dump(upgrade_is_pending($r, $h, null));
var_dump(upgrade_is_pending($r, $h, "0"));
var_dump(upgrade_is_pending($r, strtoupper($h), "1"));
file_put_contents("$r/public/mod/a/version.php", "<?php\n\$plugin->version = 2;\n");
var_dump(upgrade_is_pending($r, $h, "2025100600.02"));
upg_test_rmtree($r);
?>
--EXPECTF--
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)

--TEST--
A plugin without version.php gives null, like include, and says why
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("missing", ["mod/nofile" => null, "mod/ok" => "<?php\n\$plugin->version = 5;\n"]);
var_dump(upgrade_versions($r));
$s = upgrade_version_sources($r);
echo $s["mod_nofile"]["source"], ": ", $s["mod_nofile"]["reason"], "\n";
echo $s["mod_ok"]["source"], "\n";
upg_test_rmtree($r);
?>
--EXPECTF--
array(3) {
  ["core"]=>
  float(2025100600.02)
  ["mod_nofile"]=>
  NULL
  ["mod_ok"]=>
  int(5)
}
missing: No such file or directory: include() would fail, the version is null
static

--TEST--
Executed files see Moodle scope: $plugin and $module are one object, constants defined, output discarded
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("scope", [
    "mod/a" => "<?php\necho \"noise\";\n\$module->version = MATURITY_STABLE + (isset(\$versions) ? 1000 : 0);\n",
    "mod/b" => "<?php\ndefined(\"MOODLE_INTERNAL\") || die();\nif (ANY_VERSION === \"any\") { \$plugin->version = 7; }\n",
    "mod/c" => "<?php\n\$plugin->version = isset(\$version) ? \"leak\" : \"clean\";\n",
]);
var_dump(upgrade_versions($r));
foreach (upgrade_version_sources($r) as $c => $s) { echo "$c: {$s["source"]}\n"; }
upg_test_rmtree($r);
?>
--EXPECTF--
array(4) {
  ["core"]=>
  float(2025100600.02)
  ["mod_a"]=>
  int(200)
  ["mod_b"]=>
  int(7)
  ["mod_c"]=>
  string(5) "clean"
}
core: static
mod_a: executed
mod_b: executed
mod_c: executed

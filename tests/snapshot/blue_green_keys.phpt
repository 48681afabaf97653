--TEST--
The same code at two paths: Moodle hashes differ, keys => component hashes agree
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$a = upg_sample_copy("blue");
$b = upg_sample_copy("green");
var_dump(upgrade_component_hash($a) === upgrade_component_hash($b));
var_dump(upgrade_component_hash($a, ["keys" => "component"]) === upgrade_component_hash($b, ["keys" => "component"]));
var_dump(upgrade_versions_hash($a) === upgrade_versions_hash($b));
$ha = upgrade_directory_hashes(["core" => "$a/public/lib/db", "mod_assign" => "$a/public/mod/assign/db"], ["keys" => "component"]);
$hb = upgrade_directory_hashes(["core" => "$b/public/lib/db", "mod_assign" => "$b/public/mod/assign/db"], ["keys" => "component"]);
var_dump($ha === $hb, array_keys($ha));
$d = upgrade_diff(upgrade_snapshot($a), $b);
var_dump($d["pending"], $d["maintenance_required"], $d["maintenance_required_portable"], $d["site_moved"]);
echo str_replace([$a, $b], ["A", "B"], $d["reasons"][0]), "\n";
upg_test_rmtree($a); upg_test_rmtree($b);
?>
--EXPECTF--
bool(false)
bool(true)
bool(true)
bool(true)
array(2) {
  [0]=>
  string(4) "core"
  [1]=>
  string(10) "mod_assign"
}
bool(false)
bool(true)
bool(false)
bool(true)
the site moved from A to B: Moodle keys its component hash by absolute path, so it reads as maintenance required although no db/ file changed

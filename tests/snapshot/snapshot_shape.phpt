--TEST--
upgrade_snapshot() describes every component and survives a JSON round trip
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("shape");
$s = upgrade_snapshot($r);
echo $s["format"], " v", $s["version"], " layout ", $s["layout"], "\n";
var_dump($s["component_hash"] === upgrade_component_hash($r));
var_dump($s["versions_hash"] === upgrade_versions_hash($r));
var_dump($s["component_hash_portable"] === upgrade_component_hash($r, ["keys" => "component"]));
echo count($s["components"]), " components, first ", array_key_first($s["components"]), "\n";
$a = $s["components"]["mod_assign"];
echo $a["dir"], " ", $a["version"], " ", implode(",", array_keys($a["db"])), "\n";
echo "core dir: \"", $s["components"]["core"]["dir"], "\"\n";
var_dump($s["components"]["auth_manual"]["db"]);
$json = json_decode(json_encode($s), true);
var_dump($json == $s);
$d = upgrade_diff($json, $r);
var_dump($d["pending"], $d["maintenance_required"], $d["reasons"]);
upg_test_rmtree($r);
?>
--EXPECTF--
moodle-upgrade-snapshot v1 layout 51
bool(true)
bool(true)
bool(true)
23 components, first core
public/mod/assign 2025100600 access.php,install.xml,subplugins.json,tasks.php,upgrade.php
core dir: "public"
array(0) {
}
bool(true)
bool(false)
bool(false)
array(0) {
}

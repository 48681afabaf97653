--TEST--
MDL-65471 plan: a version bump alone is pending without maintenance
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("bump");
$s = upgrade_snapshot($r);
upg_set_version("$r/public/mod/assign/version.php", "2025100601");
$d = upgrade_diff($s, $r);
var_dump($d["pending"], $d["maintenance_required"], $d["downgrade"]);
print_r($d["reasons"]);
print_r($d["versions"]);
var_dump(upgrade_is_pending($r, $s["versions_hash"], "2025100600.02"));
var_dump(upgrade_is_maintenance_required($r, $s["component_hash"]));
upg_test_rmtree($r);
?>
--EXPECTF--
bool(true)
bool(false)
bool(false)
Array
(
    [0] => mod_assign version raised from 2025100600 to 2025100601
)
Array
(
    [mod_assign] => Array
        (
            [old] => 2025100600
            [new] => 2025100601
            [change] => raised
        )

)
bool(true)
bool(false)

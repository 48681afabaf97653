--TEST--
MDL-65471 plan: a changed db/tasks.php requires maintenance and says which file
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("dbchange");
$s = upgrade_snapshot($r);
upg_set_version("$r/public/mod/assign/version.php", "2025100601");
file_put_contents("$r/public/mod/assign/db/tasks.php", "\n// a new task\n", FILE_APPEND);
$d = upgrade_diff($s, $r);
var_dump($d["pending"], $d["maintenance_required"]);
print_r($d["reasons"]);
print_r($d["db"]);
var_dump(upgrade_is_maintenance_required($r, $s["component_hash"]));
upg_test_rmtree($r);
?>
--EXPECTF--
bool(true)
bool(true)
Array
(
    [0] => mod_assign version raised from 2025100600 to 2025100601
    [1] => mod_assign db/tasks.php changed
)
Array
(
    [mod_assign] => Array
        (
            [added] => Array
                (
                )

            [removed] => Array
                (
                )

            [changed] => Array
                (
                    [0] => tasks.php
                )

        )

)
bool(true)

--TEST--
A lowered version is reported as a downgrade
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("down");
$s = upgrade_snapshot($r);
upg_set_version("$r/public/blocks/html/version.php", "2025100500");
file_put_contents("$r/public/version.php", str_replace("2025100600.02", "2025100600.01", file_get_contents("$r/public/version.php")));
$d = upgrade_diff($s, $r);
var_dump($d["pending"], $d["downgrade"]);
print_r($d["reasons"]);
echo $d["versions"]["core"]["change"], " ", $d["versions"]["block_html"]["change"], "\n";
upg_test_rmtree($r);
?>
--EXPECTF--
bool(true)
bool(true)
Array
(
    [0] => core version lowered (a downgrade) from 2025100600.02 to 2025100600.01
    [1] => block_html version lowered (a downgrade) from 2025100606 to 2025100500
)
lowered lowered

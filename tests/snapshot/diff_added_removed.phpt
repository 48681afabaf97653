--TEST--
Added and removed plugins and db files are named
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("addrm");
$s = upgrade_snapshot($r);
mkdir("$r/public/local/extra/db", 0777, true);
file_put_contents("$r/public/local/extra/version.php", "<?php\n\$plugin->version = 2025010100;\n");
file_put_contents("$r/public/local/extra/db/access.php", "<?php\n");
upg_test_rmtree("$r/public/blocks/recent_activity");
unlink("$r/public/mod/forum/db/messages.php");
file_put_contents("$r/public/mod/page/db/events.php", "<?php\n");
$d = upgrade_diff($s, $r);
var_dump($d["pending"], $d["maintenance_required"]);
print_r($d["reasons"]);
echo implode(",", $d["added"]), " / ", implode(",", $d["removed"]), "\n";
upg_test_rmtree($r);
?>
--EXPECTF--
bool(true)
bool(true)
Array
(
    [0] => mod_forum db/messages.php removed
    [1] => mod_page db/events.php added
    [2] => local_extra added (version 2025010100)
    [3] => block_recent_activity removed (was version 2025100607)
)
local_extra / block_recent_activity

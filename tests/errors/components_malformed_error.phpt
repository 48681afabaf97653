--TEST--
Malformed lib/components.json is an UpgradeException with the JSON error
--EXTENSIONS--
upgrade
--FILE--
<?php
$r = sys_get_temp_dir() . "/upgrade-badcomp-" . getmypid();
@mkdir("$r/lib", 0777, true);
file_put_contents("$r/version.php", "<?php\n");
foreach (["{\"plugintypes\": {", "", "[1, 2]", "\"x\"", "{\"plugintypes\": {\"mod\": []}}"] as $json) {
    file_put_contents("$r/lib/components.json", $json);
    try { upgrade_discover($r); echo "no exception\n"; } catch (UpgradeException $e) { echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n"; }
}
unlink("$r/lib/components.json"); unlink("$r/version.php"); rmdir("$r/lib"); rmdir($r);
?>
--EXPECTF--
UpgradeException: Malformed JSON in ROOT/lib/components.json: Syntax error
UpgradeException: Malformed JSON in ROOT/lib/components.json: Syntax error
UpgradeException: Malformed ROOT/lib/components.json: the top level is not a JSON object
UpgradeException: Malformed ROOT/lib/components.json: the top level is not a JSON object
UpgradeException: Malformed ROOT/lib/components.json: plugintypes "mod" has a path of type array

--TEST--
5.1 layout: an owner plugin with only a legacy db/subplugins.php is refused as Moodle refuses it, in every mode (threads on)
--EXTENSIONS--
upgrade
--INI--
upgrade.threads=4
upgrade.cache=0
--FILE--
<?php
require __DIR__ . '/_large.inc';
$root = upg_large_site('legacy51');
$owner = "$root/public/mod/m3";
file_put_contents("$owner/db/subplugins.php", "<?php\n\$subplugins = ['x' => 'mod/m3/x'];\n");
foreach (['upgrade_discover', 'upgrade_component_hash', 'upgrade_versions_hash', 'upgrade_snapshot'] as $fn) {
    try {
        $fn($root);
        echo "$fn: no exception\n";
    } catch (UpgradeException $e) {
        echo "$fn: ", str_replace($root, 'ROOT', $e->getMessage()), "\n";
    }
}
upg_test_rmtree($root);
?>
--EXPECT--
upgrade_discover: Moodle refuses ROOT/public/mod/m3/db/subplugins.php: subplugins.php is no longer supported, use db/subplugins.json
upgrade_component_hash: Moodle refuses ROOT/public/mod/m3/db/subplugins.php: subplugins.php is no longer supported, use db/subplugins.json
upgrade_versions_hash: Moodle refuses ROOT/public/mod/m3/db/subplugins.php: subplugins.php is no longer supported, use db/subplugins.json
upgrade_snapshot: Moodle refuses ROOT/public/mod/m3/db/subplugins.php: subplugins.php is no longer supported, use db/subplugins.json

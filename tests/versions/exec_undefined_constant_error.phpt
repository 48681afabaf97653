--TEST--
A version file using an undefined constant is an UpgradeException
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("undef", ["mod/broken" => "<?php\n\$plugin->version = NOT_DEFINED_ANYWHERE;\n"]);
try { upgrade_versions_hash($r); } catch (UpgradeException $e) {
    echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n";
}
upg_test_rmtree($r);
?>
--EXPECTF--
UpgradeException: Executing ROOT/public/mod/broken/version.php failed: Error: Undefined constant "NOT_DEFINED_ANYWHERE" on line 2

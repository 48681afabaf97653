--TEST--
A version file that calls exit() does not end the process
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("exit", ["mod/quitter" => "<?php\necho \"bye\";\nexit(3);\n"]);
try { upgrade_versions($r); } catch (UpgradeException $e) {
    echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n";
}
echo "still alive\n";
upg_test_rmtree($r);
?>
--EXPECTF--
UpgradeException: Executing ROOT/public/mod/quitter/version.php: the file called exit()
still alive

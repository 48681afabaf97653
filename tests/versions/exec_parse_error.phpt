--TEST--
A version file with a parse error is an UpgradeException naming the file
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("parse", ["mod/broken" => "<?php\n\$plugin->version = 1 +;\n"]);
try { upgrade_versions($r); } catch (UpgradeException $e) {
    echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n";
    echo get_class($e->getPrevious()), "\n";
}
echo "still alive\n";
upg_test_rmtree($r);
?>
--EXPECTF--
UpgradeException: Executing ROOT/public/mod/broken/version.php failed: ParseError: syntax error, unexpected token ";" on line 2
ParseError
still alive

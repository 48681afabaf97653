--TEST--
An unreadable core version.php is an UpgradeException (Moodle require()s it)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_site_make("coredir");
unlink("$r/public/version.php");
mkdir("$r/public/version.php");
try { upgrade_versions($r); } catch (UpgradeException $e) {
    echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n";
}
rmdir("$r/public/version.php");
upg_test_rmtree($r);
?>
--EXPECTF--
UpgradeException: Cannot read ROOT/public/version.php: Is a directory

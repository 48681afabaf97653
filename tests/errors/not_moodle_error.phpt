--TEST--
A folder that is not a Moodle site is an UpgradeException
--EXTENSIONS--
upgrade
--FILE--
<?php
$r = sys_get_temp_dir() . "/upgrade-notmoodle-" . getmypid();
@mkdir($r);
try { upgrade_discover($r); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n"; }
rmdir($r);
?>
--EXPECTF--
UpgradeException: ROOT is not a Moodle site: neither public/version.php nor version.php exists

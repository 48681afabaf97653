--TEST--
A site without lib/components.json is an UpgradeException naming the file
--EXTENSIONS--
upgrade
--FILE--
<?php
$r = sys_get_temp_dir() . "/upgrade-nocomp-" . getmypid();
@mkdir("$r/public", 0777, true);
file_put_contents("$r/public/version.php", "<?php\n");
try { upgrade_component_hash($r); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n"; }
unlink("$r/public/version.php"); rmdir("$r/public"); rmdir($r);
?>
--EXPECTF--
UpgradeException: Cannot read ROOT/lib/components.json: No such file or directory

--TEST--
A missing site root is an UpgradeException with path and reason
--EXTENSIONS--
upgrade
--FILE--
<?php
$r = sys_get_temp_dir() . "/upgrade-missing-" . getmypid();
try { upgrade_discover($r); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n"; }
file_put_contents($r, "x");
try { upgrade_component_hash($r); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n"; }
unlink($r);
var_dump(is_subclass_of("UpgradeException", "RuntimeException"));
?>
--EXPECTF--
UpgradeException: Moodle site root ROOT: No such file or directory
UpgradeException: Moodle site root ROOT is not a directory
bool(true)

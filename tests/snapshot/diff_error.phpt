--TEST--
upgrade_diff() rejects what is not a snapshot, another format version, another layout
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
$r = upg_sample_copy("differr");
$s = upgrade_snapshot($r);
try { upgrade_diff(["x" => 1], $r); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
$bad = $s; unset($bad["components"]);
try { upgrade_diff($bad, $r); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
$bad = $s; $bad["version"] = 2;
try { upgrade_diff($bad, $r); } catch (UpgradeException $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
$bad = $s; $bad["layout"] = "4x";
try { upgrade_diff($bad, $r); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace($r, "ROOT", $e->getMessage()), "\n"; }
try { upgrade_snapshot($r, ["keys" => "relative"]); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_directory_hashes(["/tmp"], ["keys" => "component"]); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
upg_test_rmtree($r);
?>
--EXPECTF--
ValueError: upgrade_diff(): Argument #1 ($snapshot) is not an upgrade snapshot (no "format" => "moodle-upgrade-snapshot")
ValueError: upgrade_diff(): Argument #1 ($snapshot) is not an upgrade snapshot ("components" must be an array)
UpgradeException: Snapshot format version 2 is not supported: this extension reads version 1
UpgradeException: The snapshot describes a site of layout 4x, but ROOT has layout 51: not the same site
ValueError: upgrade_snapshot(): Argument #2 ($options) option "keys" must be "absolute" or "component"
ValueError: upgrade_directory_hashes(): Argument #1 ($directories) must be keyed by component name (string keys) when option "keys" is "component"

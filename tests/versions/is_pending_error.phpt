--TEST--
upgrade_is_pending() argument errors
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_site.inc';
try { upgrade_is_pending("/tmp", null, []); } catch (TypeError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_is_pending("", null, null); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_is_pending("/tmp", null, null, ["bogus" => 1]); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_versions("/nonexistent-upgrade-root"); } catch (UpgradeException $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
TypeError: upgrade_is_pending(): Argument #3 ($storedcoreversion) must be of type string|float|int|null, array given
ValueError: upgrade_is_pending(): Argument #1 ($root) cannot be empty
ValueError: upgrade_is_pending(): Argument #4 ($options) contains unknown option "bogus"
UpgradeException: Moodle site root /nonexistent-upgrade-root: No such file or directory

--TEST--
A site root or a cache file outside open_basedir is refused, as PHP's own file functions refuse it
--EXTENSIONS--
upgrade
--INI--
open_basedir={PWD}
--FILE--
<?php
foreach (['upgrade_discover', 'upgrade_component_hash', 'upgrade_versions_hash'] as $f) {
    try { $f('/etc'); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace(__DIR__, 'DIR', $e->getMessage()), "\n"; }
}
foreach (['upgrade_cache_save', 'upgrade_cache_load'] as $f) {
    try { $f('/tmp/upgrade-outside.cache'); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace(__DIR__, 'DIR', $e->getMessage()), "\n"; }
}
?>
--EXPECT--
UpgradeException: Moodle site root /etc is outside open_basedir (DIR)
UpgradeException: Moodle site root /etc is outside open_basedir (DIR)
UpgradeException: Moodle site root /etc is outside open_basedir (DIR)
UpgradeException: Cache file /tmp/upgrade-outside.cache is outside open_basedir (DIR)
UpgradeException: Cache file /tmp/upgrade-outside.cache is outside open_basedir (DIR)

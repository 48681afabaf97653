--TEST--
A site root outside open_basedir is refused, as PHP's own file functions refuse it
--EXTENSIONS--
upgrade
--INI--
open_basedir={PWD}
--FILE--
<?php
foreach (['upgrade_discover', 'upgrade_component_hash', 'upgrade_versions_hash'] as $f) {
    try { $f('/etc'); } catch (UpgradeException $e) { echo $e::class, ": ", str_replace(__DIR__, 'DIR', $e->getMessage()), "\n"; }
}
?>
--EXPECT--
UpgradeException: Moodle site root /etc is outside open_basedir (DIR)
UpgradeException: Moodle site root /etc is outside open_basedir (DIR)
UpgradeException: Moodle site root /etc is outside open_basedir (DIR)

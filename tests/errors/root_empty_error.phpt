--TEST--
Empty site root is a ValueError naming the argument
--EXTENSIONS--
upgrade
--FILE--
<?php
foreach (["upgrade_discover", "upgrade_component_hash"] as $f) {
    try { $f(""); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
}
try { upgrade_is_maintenance_required("", null); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
ValueError: upgrade_discover(): Argument #1 ($root) cannot be empty
ValueError: upgrade_component_hash(): Argument #1 ($root) cannot be empty
ValueError: upgrade_is_maintenance_required(): Argument #1 ($root) cannot be empty

--TEST--
Unknown options and bad option values are ValueErrors
--EXTENSIONS--
upgrade
--FILE--
<?php
foreach ([["amdin" => "x"], [0 => "x"], ["admin" => ""], ["admin" => "a/b"], ["themedir" => "a\0b"]] as $o) {
    try { upgrade_discover("/tmp", $o); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
}
try { upgrade_is_maintenance_required("/tmp", null, ["x" => 1]); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
ValueError: upgrade_discover(): Argument #2 ($options) contains unknown option "amdin"
ValueError: upgrade_discover(): Argument #2 ($options) must only have string keys, int key 0 given
ValueError: upgrade_discover(): Argument #2 ($options) option "admin" must be a folder name (non-empty, no "/")
ValueError: upgrade_discover(): Argument #2 ($options) option "admin" must be a folder name (non-empty, no "/")
ValueError: upgrade_discover(): Argument #2 ($options) option "themedir" must not contain any null bytes
ValueError: upgrade_is_maintenance_required(): Argument #3 ($options) contains unknown option "x"

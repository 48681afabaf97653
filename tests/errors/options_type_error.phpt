--TEST--
Options of the wrong type are TypeErrors naming the option
--EXTENSIONS--
upgrade
--FILE--
<?php
foreach ([["admin" => 1], ["themedir" => []], ["admin" => null]] as $o) {
    try { upgrade_discover("/tmp", $o); } catch (TypeError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
}
try { upgrade_component_hash("/tmp", "x"); } catch (TypeError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
TypeError: upgrade_discover(): Argument #2 ($options) option "admin" must be of type string, int given
TypeError: upgrade_discover(): Argument #2 ($options) option "themedir" must be of type ?string, array given
TypeError: upgrade_discover(): Argument #2 ($options) option "admin" must be of type string, null given
TypeError: upgrade_component_hash(): Argument #2 ($options) must be of type array, string given

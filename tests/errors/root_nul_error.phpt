--TEST--
Site root with a NUL byte is a ValueError
--EXTENSIONS--
upgrade
--FILE--
<?php
try { upgrade_discover("/tmp\0x"); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_component_hash("/tmp\0x"); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
ValueError: upgrade_discover(): Argument #1 ($root) must not contain any null bytes
ValueError: upgrade_component_hash(): Argument #1 ($root) must not contain any null bytes

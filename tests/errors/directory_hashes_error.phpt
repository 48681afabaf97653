--TEST--
upgrade_directory_hashes() refuses non-string and NUL paths
--EXTENSIONS--
upgrade
--FILE--
<?php
try { upgrade_directory_hashes(["/tmp", 5]); } catch (TypeError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_directory_hashes(["/tmp\0"]); } catch (ValueError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
try { upgrade_directory_hashes("x"); } catch (TypeError $e) { echo $e::class, ": ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
TypeError: upgrade_directory_hashes(): Argument #1 ($directories) must contain only strings, int given
ValueError: upgrade_directory_hashes(): Argument #1 ($directories) must not contain paths with null bytes
TypeError: upgrade_directory_hashes(): Argument #1 ($directories) must be of type array, string given

--TEST--
upgrade_state_read() argument errors
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
state_try(fn () => upgrade_state_read(''));
state_try(fn () => upgrade_state_read("a\0b"));
state_try(fn () => upgrade_state_read([]));
?>
--EXPECT--
ValueError: upgrade_state_read(): Argument #1 ($state_file) cannot be empty
ValueError: upgrade_state_read(): Argument #1 ($state_file) must not contain any null bytes
TypeError: upgrade_state_read(): Argument #1 ($state_file) must be of type string, array given

--TEST--
upgrade_record_versions_hash() errors: ValueError unless 40 lowercase hex digits or without a path; UpgradeException over a corrupt file, which is left as it was
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_state.inc';
$dir = state_tmpdir('record-error');
foreach ([strtoupper(sha1('x')), substr(sha1('x'), 1), sha1('x') . '0', str_repeat('g', 40), '', sha1('x') . "\0"] as $bad) {
    state_try(fn () => upgrade_record_versions_hash($bad, "$dir/state"));
}
var_dump(file_exists("$dir/state"));
state_try(fn () => upgrade_record_versions_hash(sha1('x')));
state_try(fn () => upgrade_record_versions_hash(sha1('x'), ''));
copy(__DIR__ . '/fixtures/corrupt.state', "$dir/state");
chmod("$dir/state", 0640);
state_try(fn () => upgrade_record_versions_hash(sha1('x'), "$dir/state"));
var_dump(file_get_contents("$dir/state") === file_get_contents(__DIR__ . '/fixtures/corrupt.state'));
state_rmdir($dir);
?>
--EXPECTF--
ValueError: upgrade_record_versions_hash(): Argument #1 ($versionshash) must be 40 lowercase hexadecimal digits (a versions hash)
ValueError: upgrade_record_versions_hash(): Argument #1 ($versionshash) must be 40 lowercase hexadecimal digits (a versions hash)
ValueError: upgrade_record_versions_hash(): Argument #1 ($versionshash) must be 40 lowercase hexadecimal digits (a versions hash)
ValueError: upgrade_record_versions_hash(): Argument #1 ($versionshash) must be 40 lowercase hexadecimal digits (a versions hash)
ValueError: upgrade_record_versions_hash(): Argument #1 ($versionshash) must be 40 lowercase hexadecimal digits (a versions hash)
ValueError: upgrade_record_versions_hash(): Argument #1 ($versionshash) must be 40 lowercase hexadecimal digits (a versions hash)
bool(false)
ValueError: upgrade_record_versions_hash(): Argument #2 ($state_file) must be given when upgrade.state_file is not set
ValueError: upgrade_record_versions_hash(): Argument #2 ($state_file) cannot be empty
UpgradeException: State file %s/state has a bad checksum (torn or corrupt file): not rewritten (fix or remove it first)
bool(true)

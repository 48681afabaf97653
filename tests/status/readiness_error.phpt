--TEST--
upgrade_readiness() errors: caller mistakes are ValueError/TypeError; a root that cannot be hashed is not an error but the verdict's code.error
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../state/_state.inc';
state_try(fn () => upgrade_readiness(''));
state_try(fn () => upgrade_readiness("/tmp\0x"));
state_try(fn () => upgrade_readiness('/tmp', ''));
state_try(fn () => upgrade_readiness('/tmp', "/tmp/state\0"));
state_try(fn () => upgrade_readiness('/tmp', null, ['nope' => 1]));
state_try(fn () => upgrade_readiness('/tmp', null, ['admin' => 5]));
$r = upgrade_readiness('/nonexistent-upgrade-root');
var_dump($r['status'], $r['code']['versions_hash'], $r['code']['error']);
?>
--EXPECT--
ValueError: upgrade_readiness(): Argument #1 ($root) cannot be empty
ValueError: upgrade_readiness(): Argument #1 ($root) must not contain any null bytes
ValueError: upgrade_readiness(): Argument #2 ($state_file) cannot be empty
ValueError: upgrade_readiness(): Argument #2 ($state_file) must not contain any null bytes
ValueError: upgrade_readiness(): Argument #3 ($options) contains unknown option "nope"
TypeError: upgrade_readiness(): Argument #3 ($options) option "admin" must be of type string, int given
int(503)
NULL
string(47) "the Moodle site root: No such file or directory"

--TEST--
Status answer with upgrade_readiness() in disable_functions: code.error says so (no fatal error, the site does not run)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('disabled');
$r = status_get(['upgrade.status_path' => '/upgrade-status', 'disable_functions' => 'upgrade_readiness'], "$root/public");
$j = status_json($r);
var_dump($r['status'], $j['code']['versions_hash'], $j['code']['error'], str_contains($r['raw'], 'SITE CODE RAN'));
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
NULL
string(114) "upgrade_readiness() is disabled (disable_functions), and the status answer computes the versions hash in its frame"
bool(false)

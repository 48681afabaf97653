--TEST--
upgrade.status_path: only that exact path is answered, with or without a query string; other paths run the site as usual
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('pathmatch');
$ini = ['upgrade.status_path' => '/fleet/status'];
foreach (['/fleet/status', '/fleet/status?probe=1', '/fleet/status/', '/fleet/statusx', '/fleet', '/index.php', '/'] as $uri) {
    $r = status_get($ini, "$root/public", $uri);
    echo str_pad($uri, 24), $r['body'] === 'SITE CODE RAN' ? 'site' : ($r['headers']['content-type'] ?? $r['raw']), "\n";
}
upg_test_rmtree($root);
?>
--EXPECT--
/fleet/status           application/json
/fleet/status?probe=1   application/json
/fleet/status/          site
/fleet/statusx          site
/fleet                  site
/index.php              site
/                       site

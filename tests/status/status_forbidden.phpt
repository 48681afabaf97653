--TEST--
Status answer: a client outside upgrade.status_allow gets 403 and one short JSON line, nothing about the lock or the code; the site does not run
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('forbidden');
$ini = ['upgrade.state_file' => __DIR__ . '/../state/fixtures/locked.state', 'upgrade.status_path' => '/upgrade-status'];
foreach (['10.1.2.3', '128.0.0.1', '::2', ''] as $addr) {
    $r = status_get($ini, "$root/public", '/upgrade-status', 'GET', $addr);
    echo "[$addr] ", $r['status'], ' ', $r['headers']['content-type'] ?? '-', ' ', $r['body'];
}
// the default allows loopback (503: this fixture records no versions hash)
$r = status_get($ini, "$root/public", '/upgrade-status', 'GET', '127.9.9.9');
echo "[127.9.9.9] ", $r['status'], ' ', status_json($r)['lock']['reason'], "\n";
upg_test_rmtree($root);
?>
--EXPECT--
[10.1.2.3] 403 application/json {"status":403,"error":"forbidden: this client is not in upgrade.status_allow"}
[128.0.0.1] 403 application/json {"status":403,"error":"forbidden: this client is not in upgrade.status_allow"}
[::2] 403 application/json {"status":403,"error":"forbidden: this client is not in upgrade.status_allow"}
[] 403 application/json {"status":403,"error":"forbidden: this client is not in upgrade.status_allow"}
[127.9.9.9] 503 Upgrade to 4.5.1

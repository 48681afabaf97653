--TEST--
upgrade.status_allow empty: nobody gets the answer (403), without a warning (an explicit choice, not a mistake)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('allowempty');
foreach (['127.0.0.1', '::1'] as $addr) {
    $r = status_get(['upgrade.status_path' => '/upgrade-status', 'upgrade.status_allow' => ''], "$root/public", '/upgrade-status', 'GET', $addr);
    echo $r['status'], ' ', str_contains($r['raw'], 'Warning') ? 'warned' : 'no warning', ' ', $r['body'];
}
upg_test_rmtree($root);
?>
--EXPECT--
403 no warning {"status":403,"error":"forbidden: this client is not in upgrade.status_allow"}
403 no warning {"status":403,"error":"forbidden: this client is not in upgrade.status_allow"}

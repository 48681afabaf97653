--TEST--
Status answer with a SCRIPT_FILENAME that does not exist: the 403 and 405 answers keep their status and are the whole body (no 404, no "No input file specified."), output buffering off or on
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('missing-script-refused');
$missing = 'upgrade-status-not-configured';
foreach ([0, 4096] as $ob) {
    $ini = ['upgrade.state_file' => __DIR__ . '/../state/fixtures/locked.state', 'upgrade.status_path' => '/upgrade-status',
        'output_buffering' => $ob];
    $r = status_get($ini, "$root/public", '/upgrade-status', 'GET', '10.1.2.3', $missing);
    echo "ob=$ob refused client: ", $r['status'], ' ', json_encode($r['body']), "\n";
    $r = status_get($ini, "$root/public", '/upgrade-status', 'POST', '127.0.0.1', $missing);
    echo "ob=$ob POST:           ", $r['status'], ' ', $r['headers']['allow'] ?? '-', ' ', json_encode($r['body']), "\n";
}
upg_test_rmtree($root);
?>
--EXPECT--
ob=0 refused client: 403 "{\"status\":403,\"error\":\"forbidden: this client is not in upgrade.status_allow\"}\n"
ob=0 POST:           405 GET, HEAD "{\"status\":405,\"error\":\"method not allowed: only GET and HEAD are answered\"}\n"
ob=4096 refused client: 403 "{\"status\":403,\"error\":\"forbidden: this client is not in upgrade.status_allow\"}\n"
ob=4096 POST:           405 GET, HEAD "{\"status\":405,\"error\":\"method not allowed: only GET and HEAD are answered\"}\n"

--TEST--
Status answer: methods other than GET and HEAD get 405 with Allow; HEAD gets the status and headers without a body; the site never runs
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('method');
$ini = ['upgrade.state_file' => __DIR__ . '/../state/fixtures/maintenance.state', 'upgrade.status_path' => '/upgrade-status'];
foreach (['POST', 'PUT', 'DELETE'] as $m) {
    $r = status_get($ini, "$root/public", '/upgrade-status', $m);
    echo "$m ", $r['status'], ' ', $r['headers']['allow'], ' ', $r['body'];
}
$r = status_get($ini, "$root/public", '/upgrade-status', 'HEAD');
var_dump($r['status'], $r['headers']['content-type'], $r['headers']['cache-control'], $r['body']);
// 403 comes first: a refused client learns nothing, whatever the method
$r = status_get($ini, "$root/public", '/upgrade-status', 'POST', '10.0.0.1');
echo $r['status'], "\n";
upg_test_rmtree($root);
?>
--EXPECT--
POST 405 GET, HEAD {"status":405,"error":"method not allowed: only GET and HEAD are answered"}
PUT 405 GET, HEAD {"status":405,"error":"method not allowed: only GET and HEAD are answered"}
DELETE 405 GET, HEAD {"status":405,"error":"method not allowed: only GET and HEAD are answered"}
int(503)
string(16) "application/json"
string(8) "no-store"
string(0) ""
403

--TEST--
Status answer with a SCRIPT_FILENAME that does not exist (README's nginx block): the JSON is the whole body and the status is the answer's (200, 503, HEAD), output buffering off or on; php-cgi's 404 and "No input file specified." never reach the client
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('missing-script');
$dir = state_tmpdir('status-missing-script');
$state = "$dir/state";
$hash = upgrade_versions_hash($root);
$missing = 'upgrade-status-not-configured';
var_dump(file_exists("$root/public/$missing"));

// What the answer looks like: the whole body is one JSON document and a newline.
function whole(array $r): string
{
    $j = json_decode($r['body'], true);
    return sprintf("HTTP %d, %s, body %s, %s, site %s", $r['status'], $r['headers']['content-type'] ?? '-',
        is_array($j) && $r['body'] === json_encode($j, JSON_UNESCAPED_SLASHES) . "\n" ? "exactly the JSON" : "NOT only the JSON",
        str_contains($r['raw'], 'No input file') ? 'php-cgi text APPENDED' : "no php-cgi text",
        str_contains($r['raw'], 'SITE CODE RAN') ? 'RAN' : 'not run') . (is_array($j) ? ", answer says {$j['status']}" : '') . "\n";
}

// 4096: Debian's php.ini, where headers wait in the buffer (php-cgi's late
// 404 replaced the answer's status); 0: the text was appended to the JSON.
foreach ([0, 4096] as $ob) {
    $ini = ['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status', 'upgrade.recheck_ms' => 0,
        'output_buffering' => $ob];
    echo "output_buffering=$ob\n";
    upgrade_record_versions_hash($hash, $state);
    echo "  ready:     ", whole(status_get($ini, "$root/public", '/upgrade-status', 'GET', '127.0.0.1', $missing));
    upgrade_record_versions_hash(sha1('newer code'), $state);
    echo "  not ready: ", whole(status_get($ini, "$root/public", '/upgrade-status', 'GET', '127.0.0.1', $missing));
    $r = status_get($ini, "$root/public", '/upgrade-status', 'HEAD', '127.0.0.1', $missing);
    echo "  HEAD:      HTTP {$r['status']}, ", $r['headers']['content-type'], ", body ", json_encode($r['body']), "\n";
}
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
bool(false)
output_buffering=0
  ready:     HTTP 200, application/json, body exactly the JSON, no php-cgi text, site not run, answer says 200
  not ready: HTTP 503, application/json, body exactly the JSON, no php-cgi text, site not run, answer says 503
  HEAD:      HTTP 503, application/json, body ""
output_buffering=4096
  ready:     HTTP 200, application/json, body exactly the JSON, no php-cgi text, site not run, answer says 200
  not ready: HTTP 503, application/json, body exactly the JSON, no php-cgi text, site not run, answer says 503
  HEAD:      HTTP 503, application/json, body ""

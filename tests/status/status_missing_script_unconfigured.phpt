--TEST--
A frontend whose PHP does not answer the status path (upgrade.status_path empty) on README's nginx block: 404, never the site's page, so a probe cannot read it as ready (with SCRIPT_FILENAME index.php it would have answered the site's 200)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('missing-script-unconfigured');
$dir = state_tmpdir('status-missing-script-unconfigured');
$state = "$dir/state";
upgrade_record_versions_hash(upgrade_versions_hash($root), $state);
foreach ([0, 4096] as $ob) {
    // the extension is loaded and reads the state file, but no upgrade.status_path
    $ini = ['upgrade.state_file' => $state, 'output_buffering' => $ob];
    $r = status_get($ini, "$root/public", '/upgrade-status', 'GET', '127.0.0.1', 'upgrade-status-not-configured');
    echo "ob=$ob README's block: ", $r['status'], ' ', json_encode($r['body']), "\n";
    // what README warns against: the site's index.php answers, 200
    $r = status_get($ini, "$root/public", '/upgrade-status', 'GET', '127.0.0.1', 'index.php');
    echo "ob=$ob index.php:      ", $r['status'], ' ', json_encode($r['body']), "\n";
}
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
ob=0 README's block: 404 "No input file specified.\n"
ob=0 index.php:      200 "SITE CODE RAN"
ob=4096 README's block: 404 "No input file specified.\n"
ob=4096 index.php:      200 "SITE CODE RAN"

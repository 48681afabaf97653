--TEST--
upgrade.status_path colliding with a real file of the site: not answered (the site serves its file as usual), a warning naming it
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('collision');
file_put_contents("$root/public/upgrade-status", "the site's own file\n");
$r = status_get(['upgrade.status_path' => '/upgrade-status'], "$root/public");
// (php-cgi displays a request's warnings on stdout, before the site's output)
[$warning, $site] = explode("\n", trim($r['body']));
var_dump($r['status'], $site);
echo str_replace($root, 'ROOT', $warning), "\n";
// a folder of that name is the site's too
unlink("$root/public/upgrade-status");
mkdir("$root/public/upgrade-status");
$r = status_get(['upgrade.status_path' => '/upgrade-status'], "$root/public");
var_dump(str_ends_with($r['body'], 'SITE CODE RAN'), substr_count($r['raw'], 'is a real file of the site'));
upg_test_rmtree($root);
?>
--EXPECT--
int(200)
string(13) "SITE CODE RAN"
Warning: PHP Request Startup: upgrade.status_path /upgrade-status is a real file of the site (ROOT/public/upgrade-status): it is served as usual and the status answer is off for it; choose another upgrade.status_path in Unknown on line 0
bool(true)
int(1)

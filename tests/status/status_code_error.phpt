--TEST--
Status answer: when this frontend's versions hash cannot be computed (a version file that throws, a root that is no Moodle), code.error says why with paths relative to the site root, 503
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$root = status_site('codeerr');
$dir = state_tmpdir('status-codeerr');
$state = "$dir/state";
upgrade_record_versions_hash(upgrade_versions_hash($root), $state);
$ini = ['upgrade.state_file' => $state, 'upgrade.status_path' => '/upgrade-status', 'upgrade.cache' => 0];
file_put_contents("$root/public/local/computed/version.php", "<?php\nthrow new RuntimeException('half-deployed');\n");
$j = status_json($r = status_get($ini, "$root/public"));
var_dump($r['status'], $j['code']['versions_hash'], $j['code']['matches'], $j['code']['error'], $j['reasons']);
var_dump(str_contains($r['body'], $root), str_contains($r['raw'], 'SITE CODE RAN'));

file_put_contents("$root/public/local/computed/version.php", "<?php\nexit(1);\n");
$j = status_json($r = status_get($ini, "$root/public"));
var_dump($r['status'], $j['code']['error']);

// a document root that is not a Moodle site (no version.php): the root itself is named relatively
mkdir("$dir/www");
file_put_contents("$dir/www/index.php", "<?php echo 'SITE CODE RAN';");
$j = status_json($r = status_get($ini, "$dir/www"));
var_dump($r['status'], $j['code']['error'], str_contains($r['body'], $dir));
state_rmdir($dir);
upg_test_rmtree($root);
?>
--EXPECT--
int(503)
NULL
bool(false)
string(93) "Executing public/local/computed/version.php failed: RuntimeException: half-deployed on line 2"
array(1) {
  [0]=>
  string(143) "this frontend's versions hash cannot be computed: Executing public/local/computed/version.php failed: RuntimeException: half-deployed on line 2"
}
bool(false)
bool(false)
int(503)
string(67) "Executing public/local/computed/version.php: the file called exit()"
int(503)
string(85) "the site root is not a Moodle site: neither public/version.php nor version.php exists"
bool(false)

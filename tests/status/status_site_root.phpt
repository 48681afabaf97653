--TEST--
Status answer: the code identity comes from upgrade.site_root when set, else the document root (its parent for 5.1's DIR/public; the root itself for 4.x)
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/_status.inc';
$a = status_site('root-a');
$b = status_site('root-b');
upg_set_version("$b/public/mod/forum/version.php", '2024100300');
$ini = ['upgrade.status_path' => '/upgrade-status'];

// 5.1 layout: document root DIR/public, the site is DIR
$j = status_json(status_get($ini, "$a/public"));
var_dump($j['code']['versions_hash'] === upgrade_versions_hash($a));
// upgrade.site_root wins over the document root
$j = status_json(status_get($ini + ['upgrade.site_root' => $b], "$a/public"));
var_dump($j['code']['versions_hash'] === upgrade_versions_hash($b));

// 4.x layout: the document root is the site
$old = sys_get_temp_dir() . '/upgrade-test-status-4x-' . getmypid();
upg_test_rmtree($old);
mkdir("$old/lib", 0777, true);
file_put_contents("$old/version.php", "<?php\n\$version = 2024100700.00;\n");
file_put_contents("$old/lib/components.json", json_encode(['plugintypes' => ['mod' => 'mod'], 'subsystems' => []]));
mkdir("$old/mod/quiz", 0777, true);
file_put_contents("$old/mod/quiz/version.php", "<?php\n\$plugin->version = 2024100700;\n");
file_put_contents("$old/index.php", "<?php echo 'SITE CODE RAN';");
$j = status_json(status_get($ini, $old));
var_dump($j['code']['versions_hash'] === upgrade_versions_hash($old), $j['code']['error']);
upg_test_rmtree($a);
upg_test_rmtree($b);
upg_test_rmtree($old);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
NULL

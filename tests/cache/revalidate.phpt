--TEST--
upgrade.cache_revalidate_ms remembers whole answers for that long, and only then
--EXTENSIONS--
upgrade
--INI--
upgrade.cache_revalidate_ms=3000
--FILE--
<?php
// The window is long enough that the first half never outlives it, even
// under valgrind on a loaded machine; the second half waits it out.
require __DIR__ . '/../_cache.inc';
$r = upg_sample_copy("revalidate");
$c = upgrade_component_hash($r);
$v = upgrade_versions_hash($r);
file_put_contents("$r/public/mod/assign/db/tasks.php", "\n", FILE_APPEND);
upg_set_version("$r/public/mod/assign/version.php", "2025100677");
// Within the window: the remembered answers, without looking at the files.
var_dump(upgrade_component_hash($r) === $c, upgrade_versions_hash($r) === $v);
var_dump(upgrade_is_pending($r, $v, "1"));
// Other options are other answers.
var_dump(upgrade_component_hash($r, ["keys" => "component"]) === upgrade_component_hash($r, ["keys" => "component"]));
usleep(3200000);
// After it: fresh answers, equal to a cold computation.
$c2 = upgrade_component_hash($r);
$v2 = upgrade_versions_hash($r);
ini_set("upgrade.cache", "0");
var_dump($c2 !== $c, $v2 !== $v, $c2 === upgrade_component_hash($r), $v2 === upgrade_versions_hash($r));
var_dump(upgrade_is_pending($r, $v, "1"));
upg_test_rmtree($r);
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)

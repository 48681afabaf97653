<?php
/*
 * Repeat checks: the extension's per-process cache against the PHP replica of
 * moodle_needs_upgrading(false) with opcache on and warm, in one process on
 * the same tree. Run with opcache enabled for the CLI:
 *
 *   php -d extension=modules/upgrade.so -d opcache.enable_cli=1 bench/warm.php [--shape 51|41] [--runs N]
 *
 * Add -d upgrade.cache_revalidate_ms=1000 to measure answers remembered
 * whole (the default, 0, checks every file on every call).
 *
 * The tree is built by bench/build_site.php; its files are older than the
 * cache's racy-git margin by the time the timed calls run.
 */
require __DIR__ . '/replica.php';
require __DIR__ . '/build_site.php';

$opts = getopt('', ['shape:', 'runs:']);
$shape = $opts['shape'] ?? '51';
$runs = (int) ($opts['runs'] ?? 50);
$root = "/tmp/upgrade-bench/$shape";
bench_site_builder::build(__DIR__ . "/../../shared/data/moodle{$shape}-shape.json", $root);
if (!ini_get('opcache.enable_cli')) {
    fwrite(STDERR, "warm.php: run with -d opcache.enable_cli=1 (the replica is measured with opcache on)\n");
}

function median_ms(callable $f, int $runs): float
{
    $t = [];
    for ($i = 0; $i < $runs; $i++) {
        $s = hrtime(true);
        $f();
        $t[] = (hrtime(true) - $s) / 1e6;
    }
    sort($t);
    return $t[intdiv($runs, 2)];
}

$stored = upgrade_replica::versions_hash($root);
$storedcomp = upgrade_component_hash($root);
// moodle_needs_upgrading(false): empty checks, then the versions hash compared.
$replica = function () use ($root, $stored) {
    return upgrade_replica::versions_hash($root) !== $stored;
};
for ($i = 0; $i < 5; $i++) { $replica(); }   // warm opcache
sleep(3);                                      // files older than the racy margin

$rows = [];
ini_set('upgrade.cache', '0');
$rows['is_pending, cache off (cold)'] = median_ms(fn() => upgrade_is_pending($root, $stored, '1'), $runs);
$rows['component hash, cache off (cold)'] = median_ms(fn() => upgrade_component_hash($root), $runs);
ini_set('upgrade.cache', '1');
upgrade_is_pending($root, $stored, '1');
upgrade_component_hash($root);
$rv = upgrade_settings()['upgrade.cache_revalidate_ms'];
$label = $rv > 0 ? "cache on, revalidate_ms=$rv" : 'cache on, every file checked';
$rows["is_pending, $label (warm)"] = median_ms(fn() => upgrade_is_pending($root, $stored, '1'), $runs);
$rows["component hash, $label (warm)"] = median_ms(fn() => upgrade_component_hash($root), $runs);
$rows['replica moodle_needs_upgrading(false), opcache warm'] = median_ms($replica, $runs);

printf("shape %s, %d runs, opcache.enable_cli=%s, cache: %s\n\n", $shape, $runs, ini_get('opcache.enable_cli'),
    json_encode(upgrade_cache_info()));
echo "| measure | median ms |\n|---|---:|\n";
foreach ($rows as $k => $v) {
    printf("| %s | %.3f |\n", $k, $v);
}

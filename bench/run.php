<?php
// Benchmark: the `upgrade` extension against the pure-PHP replica of Moodle's code,
// in one PHP process, on realistic site trees built from the shape files.
//
//   php -d extension=/work/main/modules/upgrade.so bench/run.php [options]
//
// Options:
//   --shape 51|41|both   which shape(s) (default both)
//   --runs N             timed runs per measure (default 30), after warm-up
//   --warmup N           untimed runs first (default 3)
//   --replica-only       time only the replica, even if the extension is loaded
//   --base DIR           where sites are built (default /tmp/upgrade-bench)
//
// Without the extension loaded, only replica timings are printed. The replica
// re-lists plugins on every call, as Moodle's web path does. Extension and replica are
// timed alternately in each round so drift (page cache, CPU frequency) hits both alike.
// Any difference between their results aborts the run (exit 1).

require_once __DIR__ . '/replica.php';
require_once __DIR__ . '/build_site.php';

const SHAPES = [
    '51' => '/work/shared/data/moodle51-shape.json',
    '41' => '/work/shared/data/moodle41-shape.json',
];

function bench_fail(string $msg): void {
    fwrite(STDERR, "ABORT: $msg\n");
    exit(1);
}

function bench_opts(array $argv): array {
    $o = ['shape' => 'both', 'runs' => 30, 'warmup' => 3, 'replica-only' => false, 'base' => '/tmp/upgrade-bench'];
    for ($i = 1; $i < count($argv); $i++) {
        $a = $argv[$i];
        if ($a === '--replica-only') {
            $o['replica-only'] = true;
            continue;
        }
        if (preg_match('/^--(shape|runs|warmup|base)(?:=(.*))?$/', $a, $m)) {
            $val = $m[2] ?? ($argv[++$i] ?? null);
            if ($val === null) {
                bench_fail("$a needs a value");
            }
            $o[$m[1]] = $val;
            continue;
        }
        if ($a === '-h' || $a === '--help') {
            echo "usage: php [-d extension=.../upgrade.so] bench/run.php [--shape 51|41|both] [--runs N] [--warmup N] [--replica-only] [--base DIR]\n";
            exit(0);
        }
        bench_fail("unknown argument $a");
    }
    if (!in_array($o['shape'], ['51', '41', 'both'], true)) {
        bench_fail('--shape must be 51, 41 or both');
    }
    $o['runs'] = max(1, (int) $o['runs']);
    $o['warmup'] = max(0, (int) $o['warmup']);
    return $o;
}

/** Percentile (nearest rank on the sorted sample), in ms. */
function pct(array $ns, float $p): float {
    sort($ns);
    $n = count($ns);
    if ($n === 0) {
        return NAN;
    }
    $idx = (int) min($n - 1, max(0, ceil($p / 100 * $n) - 1));
    return $ns[$idx] / 1e6;
}

function median_ms(array $ns): float {
    sort($ns);
    $n = count($ns);
    if ($n === 0) {
        return NAN;
    }
    $mid = intdiv($n, 2);
    return ($n % 2 ? $ns[$mid] : ($ns[$mid - 1] + $ns[$mid]) / 2) / 1e6;
}

/**
 * Times a set of callables alternately: warm-up rounds, then $runs timed rounds.
 *
 * @param callable[] $fns name => fn
 * @return array name => [ns, ...]
 */
function time_alternating(array $fns, int $runs, int $warmup): array {
    $t = array_fill_keys(array_keys($fns), []);
    for ($i = 0; $i < $warmup; $i++) {
        foreach ($fns as $fn) {
            $fn();
        }
    }
    for ($i = 0; $i < $runs; $i++) {
        foreach ($fns as $name => $fn) {
            $s = hrtime(true);
            $fn();
            $t[$name][] = hrtime(true) - $s;
        }
    }
    return $t;
}

function fmt_ms(float $ms): string {
    return is_nan($ms) ? '—' : sprintf('%.3f', $ms);
}

$o = bench_opts($argv);
$ext = !$o['replica-only'] && function_exists('upgrade_component_hash');
$hasversions = $ext && function_exists('upgrade_versions_hash');
if ($ext) {
    // Cold computations only: the per-process cache would turn every timed
    // call after the first into a repeat check (bench/warm.php measures those).
    ini_set('upgrade.cache', '0');
}
$opcache = ini_get('opcache.enable_cli');
$opcacheon = extension_loaded('Zend OPcache') && filter_var($opcache, FILTER_VALIDATE_BOOLEAN);

echo "# upgrade extension benchmark\n\n";
printf("- PHP %s (%s), %s\n", PHP_VERSION, PHP_SAPI, php_uname('m'));
printf("- extension: %s\n", $ext
    ? 'loaded (' . (phpversion('upgrade') ?: 'no version') . ')'
    : ($o['replica-only'] ? 'ignored (--replica-only)' : 'not loaded: replica timings only'));
printf("- opcache: %s (opcache.enable_cli=%s)%s\n", extension_loaded('Zend OPcache') ? 'loaded' : 'not loaded',
    var_export($opcache, true), $opcacheon ? ' — ON: versions-hash numbers are not the intended comparison (want off)' : ' — off, as intended');
printf("- runs: %d timed after %d warm-up, medians; replica re-lists plugins every call\n", $o['runs'], $o['warmup']);
printf("- serialize_precision=%s\n", ini_get('serialize_precision'));
echo "\n";

$rows = [];
$shapes = $o['shape'] === 'both' ? ['51', '41'] : [$o['shape']];
foreach ($shapes as $s) {
    $dest = rtrim($o['base'], '/') . "/$s";
    try {
        $b = bench_site_builder::build(SHAPES[$s], $dest, false, true);
    } catch (Throwable $e) {
        bench_fail("building $dest: " . $e->getMessage());
    }
    $root = $b['root'];
    printf("- shape %s: %s%s\n", $s, $root, $b['built'] ? ' (built now)' : '');
    printf("  %s\n", $b['summary']);

    // Correctness first: both sides must agree before any timing means anything.
    $rc = upgrade_replica::component_hash($root);
    $rv = upgrade_replica::versions_hash($root);
    if ($ext) {
        $ec = upgrade_component_hash($root);
        if ($ec !== $rc) {
            bench_fail("shape $s: component hash differs: extension " . var_export($ec, true) . ", replica $rc");
        }
        if (function_exists('upgrade_directory_hashes')) {
            $dirs = upgrade_replica::component_dirs($root);
            $eh = upgrade_directory_hashes($dirs);
            $rh = upgrade_replica::directory_hashes($dirs);
            if ($eh !== $rh) {
                foreach ($rh as $dir => $h) {
                    if (!array_key_exists($dir, $eh) || $eh[$dir] !== $h) {
                        bench_fail("shape $s: directory hash of $dir differs: extension "
                            . var_export($eh[$dir] ?? '(missing)', true) . ", replica " . var_export($h, true));
                    }
                }
                bench_fail("shape $s: upgrade_directory_hashes() result differs (extra keys or order)");
            }
        }
        if (function_exists('upgrade_discover')) {
            $ed = upgrade_discover($root);
            $rd = upgrade_replica::discover($root);
            if (is_array($ed) && array_key_exists('plugins', $ed)) {
                if ($ed['plugins'] != $rd['plugins']) {
                    bench_fail("shape $s: upgrade_discover() plugins differ from the replica's");
                }
            } else {
                echo "  note: upgrade_discover() result has no 'plugins' key; not compared\n";
            }
        }
        if ($hasversions) {
            $ev = upgrade_versions_hash($root);
            if ($ev !== $rv) {
                bench_fail("shape $s: versions hash differs: extension " . var_export($ev, true) . ", replica $rv");
            }
        }
        echo "  results agree: component hash $rc" . ($hasversions ? ", versions hash $rv" : '') . "\n";
    } else {
        echo "  replica: component hash $rc, versions hash $rv\n";
    }

    // Component hash.
    $fns = ['replica' => fn() => upgrade_replica::component_hash($root)];
    if ($ext) {
        $fns = ['extension' => fn() => upgrade_component_hash($root)] + $fns;
    }
    $t = time_alternating($fns, $o['runs'], $o['warmup']);
    $rows[] = [$s, 'component hash', $t['extension'] ?? [], $t['replica']];

    // Versions hash.
    $fns = ['replica' => fn() => upgrade_replica::versions_hash($root)];
    if ($hasversions) {
        $fns = ['extension' => fn() => upgrade_versions_hash($root)] + $fns;
    }
    $t = time_alternating($fns, $o['runs'], $o['warmup']);
    $rows[] = [$s, 'versions hash' . ($opcacheon ? ' (opcache ON)' : ''), $t['extension'] ?? [], $t['replica']];

    // The floor of the versions hash: C that only opens and reads the same
    // version files (bench/floor.c, one and two threads), timed the same way.
    if ($hasversions) {
        $bin = __DIR__ . '/floor';
        if (!is_file($bin) || filemtime($bin) < filemtime(__DIR__ . '/floor.c')) {
            exec('cc -O2 -pthread -o ' . escapeshellarg($bin) . ' ' . escapeshellarg(__DIR__ . '/floor.c'), $_, $ccrc);
            if ($ccrc !== 0) {
                bench_fail("cannot build $bin from floor.c (cc exit $ccrc)");
            }
        }
        $list = tempnam(sys_get_temp_dir(), 'floor');
        file_put_contents($list, implode("\n", array_column(upgrade_version_sources($root), 'file')) . "\n");
        exec(escapeshellarg($bin) . ' ' . escapeshellarg($list) . ' ' . (int) $o['runs'], $out);
        unlink($list);
        foreach ($out as $line) {
            if (preg_match('/^threads=(\d) median_ms=([\d.]+)$/', $line, $m)) {
                $rows[] = [$s, "versions floor: C open+read only, {$m[1]} thread(s)", [(float) $m[2] * 1e6], []];
            }
        }
        $out = [];
    }

}

echo "\n| shape | measure | extension median ms | replica median ms | ratio (replica/extension) | extension p10–p90 ms | replica p10–p90 ms |\n";
echo "|---|---|---:|---:|---:|---|---|\n";
foreach ($rows as [$s, $m, $e, $r]) {
    $em = median_ms($e);
    $rm = median_ms($r);
    $ratio = (!is_nan($em) && !is_nan($rm) && $em > 0) ? sprintf('%.2f×', $rm / $em) : '—';
    $erange = $e ? fmt_ms(pct($e, 10)) . '–' . fmt_ms(pct($e, 90)) : '—';
    $rrange = $r ? fmt_ms(pct($r, 10)) . '–' . fmt_ms(pct($r, 90)) : '—';
    printf("| %s | %s | %s | %s | %s | %s | %s |\n", $s, $m, fmt_ms($em), fmt_ms($rm), $ratio, $erange, $rrange);
}

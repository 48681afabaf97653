<?php
// Checks bench/replica.php against every compatibility vector in /work/shared/vectors.
//
//   php bench/check_replica.php [VECTOR_DIR_OR_FILE ...]
//
// For each vector: rebuilds its tree at `root` (rm -rf first), runs the replica with
// the vector's cfg, compares plugintypes, plugins, directory_hashes, component_hash and,
// where present, versions / versions_serialized / versions_hash. Exit 0 only if all pass.

require_once __DIR__ . '/replica.php';
require_once __DIR__ . '/build_site.php';   /* bench_site_builder::rmtree() */

function bench_mkdirp(string $dir): void {
    if (!is_dir($dir) && !mkdir($dir, 0777, true) && !is_dir($dir)) {
        throw new RuntimeException("cannot create $dir");
    }
}

/** Materialises a vector's tree at its root. */
function materialise_vector(array $v): void {
    $root = $v['root'];
    if (!is_string($root) || !str_starts_with($root, '/tmp/')) {
        throw new RuntimeException("refusing to rebuild a root outside /tmp: " . var_export($root, true));
    }
    bench_site_builder::rmtree($root);
    bench_mkdirp($root);
    foreach ($v['dirs'] ?? [] as $d) {
        bench_mkdirp("$root/$d");
    }
    foreach ($v['files'] ?? [] as $f) {
        $path = "$root/{$f['path']}";
        bench_mkdirp(dirname($path));
        if (file_put_contents($path, $f['content']) !== strlen($f['content'])) {
            throw new RuntimeException("cannot write $path");
        }
    }
    foreach ($v['symlinks'] ?? [] as $l) {
        $path = "$root/{$l['path']}";
        bench_mkdirp(dirname($path));
        if (!symlink($l['target'], $path)) {
            throw new RuntimeException("cannot link $path");
        }
    }
    clearstatcache(true);
}

/** Compares two ordered lists of rows; returns a list of difference messages. */
function diff_rows(string $what, array $expected, array $actual, int $limit = 5): array {
    $out = [];
    $n = max(count($expected), count($actual));
    for ($i = 0; $i < $n && count($out) < $limit; $i++) {
        $e = $expected[$i] ?? null;
        $a = $actual[$i] ?? null;
        if ($e !== $a) {
            $out[] = sprintf("%s[%d]: expected %s, got %s", $what, $i,
                json_encode($e, JSON_UNESCAPED_SLASHES), json_encode($a, JSON_UNESCAPED_SLASHES));
        }
    }
    if (count($expected) !== count($actual)) {
        $out[] = sprintf("%s: expected %d rows, got %d", $what, count($expected), count($actual));
    }
    return $out;
}

function check_vector(string $file): bool {
    $v = json_decode(file_get_contents($file), true);
    $name = $v['name'] ?? basename($file, '.json');
    if (!is_array($v) || !isset($v['root'])) {
        echo "SKIP $name: not a vector file\n";
        return true;
    }
    $exp = $v['expect'] ?? [];
    $root = $v['root'];
    $opts = [
        'admin' => $v['cfg']['admin'] ?? 'admin',
        'themedir' => $v['cfg']['themedir'] ?? null,
    ];
    materialise_vector($v);

    $errors = [];
    $checked = [];
    $d = upgrade_replica::discover($root, $opts);
    if (isset($v['layout']) && $v['layout'] !== $d['layout']) {
        $errors[] = "layout: expected {$v['layout']}, got {$d['layout']}";
    }
    if (array_key_exists('plugintypes', $exp)) {
        $rows = [];
        foreach ($d['plugintypes'] as $t => $dir) {
            $rows[] = [(string) $t, $dir];
        }
        $errors = array_merge($errors, diff_rows('plugintypes', $exp['plugintypes'], $rows));
        $checked[] = 'plugintypes';
    }
    if (array_key_exists('plugins', $exp)) {
        $rows = array_map(fn($p) => [(string) $p[0], (string) $p[1], $p[2]], $d['plugins']);
        $errors = array_merge($errors, diff_rows('plugins', $exp['plugins'], $rows));
        $checked[] = 'plugins';
    }
    $hashes = upgrade_replica::directory_hashes(upgrade_replica::component_dirs($root, $opts));
    if (array_key_exists('directory_hashes', $exp)) {
        $rows = [];
        foreach ($hashes as $dir => $h) {
            $rows[] = [$dir, $h];
        }
        $errors = array_merge($errors, diff_rows('directory_hashes', $exp['directory_hashes'], $rows));
        $checked[] = 'directory_hashes';
    }
    if (array_key_exists('directory_hashes_serialized', $exp)) {
        if (serialize($hashes) !== $exp['directory_hashes_serialized']) {
            $errors[] = 'directory_hashes_serialized differs';
        }
        $checked[] = 'directory_hashes_serialized';
    }
    if (array_key_exists('component_hash', $exp)) {
        $ch = upgrade_replica::component_hash($root, $opts);
        if ($ch !== $exp['component_hash']) {
            $errors[] = "component_hash: expected {$exp['component_hash']}, got $ch";
        }
        $checked[] = 'component_hash';
    }
    $want_versions = array_key_exists('versions', $exp) || array_key_exists('versions_serialized', $exp)
        || array_key_exists('versions_hash', $exp);
    if ($want_versions) {
        $versions = upgrade_replica::versions($root, $opts);
        if (array_key_exists('versions', $exp)) {
            $rows = [];
            foreach ($versions as $c => $val) {
                $rows[] = [(string) $c, serialize($val)];
            }
            $errors = array_merge($errors, diff_rows('versions', $exp['versions'], $rows));
            $checked[] = 'versions';
        }
        if (array_key_exists('versions_serialized', $exp)) {
            if (serialize($versions) !== $exp['versions_serialized']) {
                $errors[] = 'versions_serialized differs';
            }
            $checked[] = 'versions_serialized';
        }
        if (array_key_exists('versions_hash', $exp)) {
            $vh = upgrade_replica::versions_hash($root, $opts);
            if ($vh !== $exp['versions_hash']) {
                $errors[] = "versions_hash: expected {$exp['versions_hash']}, got $vh";
            }
            $checked[] = 'versions_hash';
        }
    }

    if ($errors) {
        echo "FAIL $name\n";
        foreach ($errors as $e) {
            echo "    $e\n";
        }
        return false;
    }
    printf("OK   %-16s %d types, %d plugins, %d dirs; checked %s\n", $name, count($d['plugintypes']),
        count($d['plugins']), count($hashes), implode(', ', $checked));
    return true;
}

$args = array_slice($argv, 1);
if (!$args) {
    $args = ['/work/shared/vectors'];
}
$files = [];
foreach ($args as $a) {
    if (is_dir($a)) {
        $files = array_merge($files, glob(rtrim($a, '/') . '/*.json'));
    } else {
        $files[] = $a;
    }
}
sort($files);
$ok = true;
foreach ($files as $f) {
    try {
        $ok = check_vector($f) && $ok;
    } catch (Throwable $e) {
        echo "FAIL " . basename($f) . ": " . get_class($e) . ': ' . $e->getMessage() . "\n";
        $ok = false;
    }
}
echo $ok ? "ALL OK (" . count($files) . " vectors)\n" : "SOME VECTORS FAILED\n";
exit($ok ? 0 : 1);

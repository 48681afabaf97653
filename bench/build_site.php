<?php
// Builds a benchmark Moodle code tree from a shape file (/work/shared/data/*-shape.json).
//
//   php bench/build_site.php SHAPE.json DEST [--force]
//
// Creates every `files` entry with exactly its size (db files: deterministic filler
// seeded by the path; version files: real PHP setting $plugin->version, padded with
// comment lines), every `json_files` entry verbatim, and the plugin-type and plugin
// folders, then checks with bench/replica.php that discovery finds exactly the shape's
// plugin types, plugins (in order) and component-hash folder list.
//
// Idempotent: DEST/.built records the sha1 of the shape file and of this builder; when
// both match, the tree is not rebuilt (only verified). Otherwise DEST is removed and
// rebuilt from scratch. A non-empty DEST without a .built marker is refused unless
// --force is given.
//
// Also usable as a library: require it and call bench_site_builder::build($shape, $dest).

require_once __DIR__ . '/replica.php';

class bench_site_builder {
    const MARKER = '.built';

    /** Core version numbers written to dirroot/version.php, by layout. */
    const CORE_VERSION = ['51' => '2025100600.02', '4x' => '2022112810.02'];

    /** Base for plugin version numbers: BASE + index in the shape's plugin list. */
    const PLUGIN_VERSION_BASE = 2025100600;

    /**
     * Builds (or reuses) DEST from SHAPE and verifies it.
     *
     * @return array ['built' => bool, 'root' => string, 'summary' => string]
     * @throws RuntimeException on any failure, including a verification difference
     */
    public static function build(string $shapefile, string $dest, bool $force = false, bool $quiet = false): array {
        $dest = self::absolute($dest);
        $shapesha = sha1_file($shapefile);
        if ($shapesha === false) {
            throw new RuntimeException("cannot read shape file $shapefile");
        }
        $shape = json_decode(file_get_contents($shapefile), true);
        if (!is_array($shape) || !isset($shape['plugins'], $shape['files'], $shape['plugintypes'])) {
            throw new RuntimeException("$shapefile is not a shape file");
        }
        $marker = "shape=$shapesha builder=" . sha1_file(__FILE__) . "\n";

        if (is_file("$dest/" . self::MARKER) && file_get_contents("$dest/" . self::MARKER) === $marker) {
            try {
                $summary = self::verify($shape, $dest);
                self::say($quiet, "$dest: up to date (marker matches), not rebuilt");
                self::say($quiet, "$dest: OK ($summary)");
                return ['built' => false, 'root' => $dest, 'summary' => $summary];
            } catch (RuntimeException $e) {
                self::say($quiet, "$dest: marker matches but the tree does not (" . $e->getMessage() . "); rebuilding");
                $force = true;
            }
        }
        if (file_exists($dest) || is_link($dest)) {
            $nonempty = is_dir($dest) && count(scandir($dest)) > 2;
            if ($nonempty && !is_file("$dest/" . self::MARKER) && !$force) {
                throw new RuntimeException("$dest exists, is not empty and was not built by this script (use --force)");
            }
            self::rmtree($dest);
        }
        $t = microtime(true);
        self::mkdirp($dest);
        // Marks the folder as ours while incomplete: a later run rebuilds it without --force.
        file_put_contents("$dest/" . self::MARKER, "incomplete\n");
        self::create($shape, $dest);
        self::say($quiet, sprintf("%s: built in %.1f s", $dest, microtime(true) - $t));
        $summary = self::verify($shape, $dest);
        // Only a verified tree gets its marker.
        file_put_contents("$dest/" . self::MARKER, $marker);
        self::say($quiet, "$dest: OK ($summary)");
        return ['built' => true, 'root' => $dest, 'summary' => $summary];
    }

    protected static function say(bool $quiet, string $msg): void {
        if (!$quiet) {
            fwrite(STDOUT, $msg . "\n");
        }
    }

    public static function absolute(string $path): string {
        if ($path === '' || $path[0] !== '/') {
            $path = getcwd() . '/' . $path;
        }
        $path = rtrim($path, '/');
        if ($path === '' || $path === '/') {
            throw new RuntimeException('refusing to use / as destination');
        }
        return $path;
    }

    /** rm -rf without following symlinks. */
    public static function rmtree(string $path): void {
        if (is_link($path) || (file_exists($path) && !is_dir($path))) {
            unlink($path);
            return;
        }
        if (!is_dir($path)) {
            return;
        }
        foreach (scandir($path) as $e) {
            if ($e !== '.' && $e !== '..') {
                self::rmtree("$path/$e");
            }
        }
        rmdir($path);
    }

    protected static function mkdirp(string $dir): void {
        if (!is_dir($dir) && !@mkdir($dir, 0777, true) && !is_dir($dir)) {
            throw new RuntimeException("cannot create folder $dir");
        }
    }

    protected static function put(string $path, string $content): void {
        self::mkdirp(dirname($path));
        if (file_put_contents($path, $content) !== strlen($content)) {
            throw new RuntimeException("cannot write $path");
        }
    }

    /** Deterministic filler of exactly $size bytes, seeded by the path. */
    public static function filler(string $relpath, int $size): string {
        if ($size <= 0) {
            return '';
        }
        // A 1 KiB block of hex lines derived from the path, repeated.
        $block = '';
        $seed = $relpath;
        while (strlen($block) < 1024) {
            $seed = sha1($seed);
            $block .= "// " . $seed . $seed . "\n";
        }
        return substr(str_repeat($block, intdiv($size, strlen($block)) + 1), 0, $size);
    }

    /** Pads PHP source to exactly $size bytes with comment lines after the opening tag. */
    public static function pad_php(string $body, int $size, string $seed): string {
        $head = "<?php\n";
        $deficit = $size - strlen($head) - strlen($body);
        if ($deficit < 0) {
            // Listed size smaller than our minimal file: keep it valid, sizes will differ.
            return $head . $body;
        }
        $pad = '';
        $i = 0;
        while ($deficit - strlen($pad) >= 3) {
            $left = $deficit - strlen($pad);
            $len = min(80, $left);
            if ($left - $len > 0 && $left - $len < 3) {
                $len = $left - 3; // never leave 1-2 bytes a comment line cannot hold
            }
            $text = substr(str_repeat(sha1($seed . '#' . $i++), 3), 0, $len - 3);
            $pad .= '//' . $text . "\n";
        }
        $pad .= str_repeat("\n", $deficit - strlen($pad));
        return $head . $pad . $body;
    }

    public static function dirroot_rel(array $shape): string {
        return ($shape['layout'] ?? '') === '51' ? 'public' : '';
    }

    protected static function create(array $shape, string $root): void {
        $layout = $shape['layout'] === '51' ? '51' : '4x';
        $dr = self::dirroot_rel($shape);
        $corever = ($dr === '' ? '' : "$dr/") . 'version.php';

        self::mkdirp($root);
        foreach ($shape['plugintypes'] as [$type, $rel]) {
            self::mkdirp("$root/$rel");
        }
        $pluginindex = [];
        foreach ($shape['plugins'] as $i => [$type, $name, $rel]) {
            self::mkdirp("$root/$rel");
            $pluginindex[$rel] = [$i, $type, $name];
        }

        $json = $shape['json_files'] ?? [];
        foreach ($shape['files'] as [$kind, $rel, $size]) {
            $path = "$root/$rel";
            if (isset($json[$rel])) {
                continue; // written verbatim below
            }
            if ($kind === 'version') {
                if ($rel === $corever) {
                    $body = "defined('MOODLE_INTERNAL') || die();\n\n"
                        . '$version  = ' . self::CORE_VERSION[$layout] . ";              // YYYYMMDD      = weekly release date of this DEV branch.\n"
                        . "\$release  = 'bench (Build: 20251017)';\n"
                        . "\$branch   = '" . ($layout === '51' ? '501' : '401') . "';\n"
                        . "\$maturity = MATURITY_STABLE;\n";
                } else {
                    $owner = dirname($rel);
                    if (!isset($pluginindex[$owner])) {
                        throw new RuntimeException("version file $rel belongs to no plugin of the shape");
                    }
                    [$i, $type, $name] = $pluginindex[$owner];
                    // Required lines first; the usual extra lines only where the size allows.
                    $body = "defined('MOODLE_INTERNAL') || die();\n"
                        . '$plugin->version   = ' . (self::PLUGIN_VERSION_BASE + $i) . ";  // YYYYMMDDXX\n";
                    foreach ([
                        "\$plugin->component = '{$type}_{$name}';\n",
                        "\$plugin->maturity  = MATURITY_STABLE;\n",
                        "\$plugin->requires  = 2022041900;\n",
                    ] as $extra) {
                        if (strlen("<?php\n") + strlen($body) + strlen($extra) <= (int) $size) {
                            $body .= $extra;
                        }
                    }
                }
                self::put($path, self::pad_php($body, (int) $size, $rel));
            } else {
                self::put($path, self::filler($rel, (int) $size));
            }
        }
        foreach ($json as $rel => $content) {
            self::put("$root/$rel", $content);
        }
        clearstatcache(true);
    }

    /**
     * Checks the tree against the shape: plugin types, plugins (order), hashed folders,
     * and every file's size. Returns a one-line summary; throws on the first difference.
     */
    public static function verify(array $shape, string $root): string {
        $d = upgrade_replica::discover($root);
        $prefix = "$root/";
        $rel = function (string $abs) use ($prefix): string {
            return str_starts_with($abs, $prefix) ? substr($abs, strlen($prefix)) : $abs;
        };
        if ($d['layout'] !== ($shape['layout'] === '51' ? '51' : '4x')) {
            throw new RuntimeException("layout: expected {$shape['layout']}, discovered {$d['layout']}");
        }

        $types = [];
        foreach ($d['plugintypes'] as $t => $dir) {
            $types[] = [(string) $t, $rel($dir)];
        }
        self::first_diff('plugintypes', $shape['plugintypes'], $types);

        $plugins = array_map(fn($p) => [(string) $p[0], (string) $p[1], $rel($p[2])], $d['plugins']);
        self::first_diff('plugins', $shape['plugins'], $plugins);

        if (isset($shape['hashed_dirs'])) {
            $dirs = array_map($rel, upgrade_replica::component_dirs($root));
            self::first_diff('hashed_dirs', $shape['hashed_dirs'], $dirs);
        }

        $json = $shape['json_files'] ?? [];
        $count = ['db' => 0, 'version' => 0];
        $bytes = ['db' => 0, 'version' => 0];
        clearstatcache(true);
        foreach ($shape['files'] as [$kind, $path, $size]) {
            $actual = @filesize("$root/$path");
            if ($actual !== (int) $size && !isset($json[$path])) {
                throw new RuntimeException("file $path: expected $size bytes, found " . var_export($actual, true));
            }
            $count[$kind] = ($count[$kind] ?? 0) + 1;
            $bytes[$kind] = ($bytes[$kind] ?? 0) + (int) $actual;
        }
        $missing = 0;
        foreach ($shape['hashed_dirs'] ?? [] as $h) {
            if (!is_dir("$root/$h")) {
                $missing++;
            }
        }
        return sprintf('%d types, %d plugins, %d hashed folders (%d missing), %d db files = %d bytes, %d version files = %d bytes',
            count($types), count($plugins), count($shape['hashed_dirs'] ?? []), $missing,
            $count['db'], $bytes['db'], $count['version'], $bytes['version']);
    }

    protected static function first_diff(string $what, array $expected, array $actual): void {
        $n = max(count($expected), count($actual));
        for ($i = 0; $i < $n; $i++) {
            $e = $expected[$i] ?? null;
            $a = $actual[$i] ?? null;
            if ($e !== $a) {
                throw new RuntimeException(sprintf('%s[%d]: shape has %s, discovery found %s (%d vs %d entries)',
                    $what, $i, json_encode($e, JSON_UNESCAPED_SLASHES), json_encode($a, JSON_UNESCAPED_SLASHES),
                    count($expected), count($actual)));
            }
        }
    }
}

if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {
    $args = array_values(array_filter(array_slice($argv, 1), fn($a) => $a !== '--force'));
    $force = in_array('--force', $argv, true);
    if (count($args) !== 2) {
        fwrite(STDERR, "usage: php build_site.php SHAPE.json DEST [--force]\n");
        exit(64);
    }
    try {
        bench_site_builder::build($args[0], $args[1], $force);
        exit(0);
    } catch (Throwable $e) {
        fwrite(STDERR, "FAIL: " . $e->getMessage() . "\n");
        exit(1);
    }
}

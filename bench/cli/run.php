<?php
// Benchmark of the whole `moodle-upgrade --is-maintenance-required` process
// (bin/moodle-upgrade) on a site of the Moodle 5.1 shape with PostgreSQL on
// loopback, against the bare start-up of PHP in the same configuration.
// Run through bench/cli/run, which starts the database server:
//
//   bench/cli/run [--runs N] [--warmup N] [--base DIR] [--quiet-wait SECONDS]
//
// What is timed: wall time of each process, spawned without a shell, stdout
// and stderr to /dev/null, rounds alternating between every command so drift
// hits all alike. Two PHP configurations:
//   debian: php with Debian's conf.d (as Moodle's own CLI runs), + upgrade.so
//   lean:   php -n -d extension=pdo -d extension=pdo_pgsql -d extension=posix -d extension=upgrade.so
// and three database states: nothing pending (answer 0), pending without
// maintenance (3), maintenance required (2). The breakdown comes from the
// tool's own --timings, in separate runs.
//
// The site's config.php includes a stand-in for Moodle's lib/setup.php of
// Moodle's size (setup.php, classes/component.php and configonlylib.php are
// compiled when Moodle reads its configuration with ABORT_AFTER_CONFIG): the
// stand-in is generated code of the same byte sizes, so config reading costs
// what it costs on a real site.

require_once __DIR__ . '/../build_site.php';
require_once __DIR__ . '/../../tests/cli/_fake_moodle.inc';
require_once __DIR__ . '/_common.php';

const SHAPE = '/work/shared/data/moodle51-shape.json';
const MOODLE_MS = 546.0;   // admin/cli/upgrade.php --is-maintenance-required on a real 5.1 site (shared/spec)

/** PHP code of about $bytes bytes: a class (or functions) with typical method bodies. */
function filler_php(string $name, int $bytes, bool $class): string
{
    $out = $class ? "class $name {\n" : '';
    for ($i = 0; strlen($out) < $bytes; $i++) {
        $fn = $class ? "    public static function method_$i" : "function {$name}_$i";
        $out .= "$fn(string \$a, array \$b = [], ?int \$c = null): ?string {\n"
            . "        if (isset(\$b[\$a]) && is_string(\$b[\$a])) {\n            return strtolower(\$b[\$a]) . '_$i';\n        }\n"
            . "        foreach (\$b as \$k => \$v) {\n            if (\$k === \$a || (\$c !== null && \$c > $i)) {\n"
            . "                return is_array(\$v) ? implode(',', \$v) : (string) \$v;\n            }\n        }\n"
            . "        return \$c === null ? null : sprintf('%s-%d', \$a, \$c + $i);\n    }\n";
    }
    return $out . ($class ? "}\n" : '');
}

/** config.php (database from the environment) and a Moodle-sized lib/setup.php stand-in. */
function write_config(string $root): void
{
    $lib = "$root/public/lib";
    @mkdir("$lib/classes", 0777, true);
    file_put_contents("$root/config.php", <<<'PHP'
    <?php  // Moodle configuration file (benchmark site)
    unset($CFG);
    global $CFG;
    $CFG = new stdClass();
    $CFG->dbtype    = 'pgsql';
    $CFG->dblibrary = 'native';
    $CFG->dbhost    = '127.0.0.1';
    $CFG->dbname    = 'moodle';
    $CFG->dbuser    = 'moodle';
    $CFG->dbpass    = getenv('MOODLE_DBPASS');
    $CFG->prefix    = getenv('MOODLE_PREFIX') ?: 'mdl_';
    $CFG->dboptions = ['dbpersist' => 0, 'dbport' => getenv('MOODLE_DBPORT'), 'dbsocket' => ''];
    $CFG->wwwroot   = 'http://localhost/bench';
    $CFG->dataroot  = getenv('MOODLE_DATAROOT');
    $CFG->admin     = 'admin';
    $CFG->directorypermissions = 02777;
    require_once(__DIR__ . '/public/lib/setup.php');

    PHP);
    // Moodle 5.1: lib/setup.php 45 KB (compiled whole, returns early),
    // lib/classes/component.php 60 KB, lib/configonlylib.php 12 KB.
    $setup = "<?php\n// Benchmark stand-in for Moodle's lib/setup.php: Moodle's sizes, generated code.\n"
        . "global \$CFG;\n\$CFG->dirroot = dirname(__DIR__);\n\$CFG->root = dirname(\$CFG->dirroot);\n"
        . "\$CFG->libdir = \$CFG->dirroot . '/lib';\nif (!isset(\$CFG->prefix)) { \$CFG->prefix = ''; }\n"
        . "defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);\n"
        . "require_once(\$CFG->libdir . '/classes/component.php');\n"
        . "if (defined('ABORT_AFTER_CONFIG') && !defined('ABORT_AFTER_CONFIG_CANCEL')) {\n"
        . "    require_once(\"\$CFG->dirroot/lib/configonlylib.php\");\n    return;\n}\n"
        . filler_php('bench_setup', 45000, false);
    file_put_contents("$lib/setup.php", $setup);
    file_put_contents("$lib/classes/component.php", "<?php\n" . filler_php('bench_core_component', 60000, true));
    file_put_contents("$lib/configonlylib.php", "<?php\n" . filler_php('bench_min', 12000, false));
}

/**
 * The site as installed: versions and both hashes stored as Moodle stores
 * them. A benchmark, not a test: the values are the extension's (the tests
 * take Moodle's own core_component as the oracle; it cannot run on this
 * generated tree, whose lib/ holds filler files).
 */
function bench_store_installed(PDO $pdo, stdClass $cfg): void
{
    $h = upgrade_hashes($cfg->root);
    fake_set_config($pdo, $cfg, 'version', (string) $h['versions']['core']);
    $release = preg_match('/\$release\s*=\s*\'([^\']*)\'/', file_get_contents("{$cfg->dirroot}/version.php"), $m) ? $m[1] : '';
    fake_set_config($pdo, $cfg, 'release', $release);
    foreach ($h['versions'] as $component => $version) {
        if ($component !== 'core' && $version !== null) {
            fake_set($pdo, "{$cfg->prefix}config_plugins", ['plugin' => $component, 'name' => 'version'], (string) $version);
        }
    }
    fake_set_config($pdo, $cfg, 'allversionshash', $h['versions_hash']);
    fake_set_config($pdo, $cfg, 'allcomponenthash', $h['component_hash']);
}

/** Three database states under three prefixes, with the bulk of a real site's config tables. */
function seed(string $root, int $port, string $pass): void
{
    $pdo = new PDO("pgsql:host=127.0.0.1;port=$port;dbname=moodle", 'moodle', $pass, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $versions = upgrade_versions($root);
    foreach (['a_' => 0, 'b_' => 3, 'c_' => 2] as $prefix => $answer) {
        $cfg = (object) ['dbtype' => 'pgsql', 'prefix' => $prefix, 'root' => $root, 'dirroot' => "$root/public", 'admin' => 'admin'];
        $pdo->exec("DROP TABLE IF EXISTS {$prefix}config, {$prefix}config_plugins");
        fake_create_tables($pdo, $cfg);
        bench_store_installed($pdo, $cfg);
        // A real 5.1 site: ~600 core settings, ~12 settings per plugin.
        $pdo->beginTransaction();
        $st = $pdo->prepare("INSERT INTO {$prefix}config (name, value) VALUES (?, ?)");
        for ($i = 0; $i < 600; $i++) {
            $st->execute(["setting$i", str_repeat('v', $i % 40)]);
        }
        $st = $pdo->prepare("INSERT INTO {$prefix}config_plugins (plugin, name, value) VALUES (?, ?, ?)");
        foreach (array_keys($versions) as $component) {
            for ($i = 0; $i < 12 && $component !== 'core'; $i++) {
                $st->execute([$component, "setting$i", (string) $i]);
            }
        }
        $pdo->commit();
        if ($answer !== 0) {
            fake_set_config($pdo, $cfg, 'version', '2025100600.01');
            fake_set_config($pdo, $cfg, 'allversionshash', str_repeat('0', 40));
        }
        if ($answer === 2) {
            fake_set_config($pdo, $cfg, 'allcomponenthash', str_repeat('0', 40));
        }
        $pdo->exec("ANALYZE {$prefix}config; ANALYZE {$prefix}config_plugins");
    }
}

$runs = max(5, (int) opt($argv, 'runs', '40'));
$warmup = max(0, (int) opt($argv, 'warmup', '5'));
$base = rtrim(opt($argv, 'base', '/tmp/upgrade-bench-cli'), '/');
$port = (int) getenv('PG_PORT');
$pass = (string) getenv('DB_PASSWORD');
$ext = realpath(getenv('UPGRADE_SO') ?: __DIR__ . '/../../modules/upgrade.so');
$tool = realpath(__DIR__ . '/../../bin/moodle-upgrade');
if (!$port || !$ext || !$tool) {
    abort('run me through bench/cli/run (it starts PostgreSQL), after scripts/build.sh');
}

$b = bench_site_builder::build(SHAPE, "$base/51", false, true);
$root = $b['root'];
write_config($root);
@mkdir("$base/data", 0777, true);
seed($root, $port, $pass);

$php = PHP_BINARY;
$extdir = ini_get('extension_dir');
$configs = [
    'debian' => [$php, '-d', "extension=$ext"],
    'lean' => [$php, '-n', '-d', "extension_dir=$extdir", '-d', 'extension=pdo', '-d', 'extension=pdo_pgsql', '-d', 'extension=posix', '-d', "extension=$ext"],
];
$states = ['a_' => [0, 'nothing pending'], 'b_' => [3, 'pending, no maintenance'], 'c_' => [2, 'maintenance required']];
$env = getenv() + ['MOODLE_DBPORT' => (string) $port, 'MOODLE_DBPASS' => $pass, 'MOODLE_DATAROOT' => "$base/data"];

$cmds = [];
foreach ($configs as $cname => $prefix) {
    $cmds["$cname/php -r ''"] = [[...$prefix, '-r', ''], $env, 0];
    foreach ($states as $p => [$answer, $label]) {
        $cmds["$cname/$label"] = [[...$prefix, $tool, '--root', $root, '--is-maintenance-required'], ['MOODLE_PREFIX' => $p] + $env, $answer];
    }
}
// The first check after new code is deployed: nothing can come from the
// cache kept between runs (--no-cache makes every run such a first one).
foreach ($configs as $cname => $prefix) {
    foreach (['b_' => $states['b_'], 'c_' => $states['c_']] as $p => [$answer, $label]) {
        $cmds["$cname/$label, first run after a deploy (--no-cache)"] = [[...$prefix, $tool, '--root', $root,
            '--is-maintenance-required', '--no-cache'], ['MOODLE_PREFIX' => $p] + $env, $answer];
    }
}
$cmds["php -n -r ''"] = [[$php, '-n', '-r', ''], $env, 0];

// Correctness first: every command answers as expected.
foreach ($cmds as $name => [$cmd, $e, $answer]) {
    $err = '';
    run_once($cmd, $e, $rc, $err);
    if ($rc !== $answer) {
        abort("$name exited $rc, expected $answer: " . trim($err));
    }
}

$t = array_fill_keys(array_keys($cmds), []);
$budget = (float) opt($argv, 'quiet-wait', '300');
$waited = 0.0;
for ($i = 0; $i < $warmup + $runs; $i++) {
    $waited += wait_quiet($budget);
    foreach ($cmds as $name => [$cmd, $e]) {
        $ms = run_once($cmd, $e);
        if ($i >= $warmup) {
            $t[$name][] = $ms;
        }
    }
}

// Breakdown: the tool's own --timings, in separate runs.
$parts = [];
$breakdowns = [];
foreach ($configs as $cname => $prefix) {
    foreach ($states as $p => [$answer, $label]) {
        $breakdowns["$cname/$label"] = [$prefix, $p, []];
    }
}
foreach (['b_', 'c_'] as $p) {
    $breakdowns["debian/{$states[$p][1]}, --no-cache"] = [$configs['debian'], $p, ['--no-cache']];
}
foreach ($breakdowns as $name => [$prefix, $p, $extra]) {
    for ($i = 0; $i < max(10, intdiv($runs, 2)); $i++) {
        $waited += wait_quiet($budget);
        $err = '';
        run_once([...$prefix, $tool, '--root', $root, '--is-maintenance-required', '--timings', ...$extra], ['MOODLE_PREFIX' => $p] + $env, $rc, $err);
        if (preg_match('/^timings: (.*)$/m', $err, $m)) {
            foreach (explode(', ', $m[1]) as $kv) {
                if (preg_match('/^(.*) ([0-9.]+) ms$/', $kv, $mm)) {
                    $parts[$name][$mm[1]][] = (float) $mm[2];
                }
            }
        }
    }
}

printf("# moodle-upgrade --is-maintenance-required, Moodle 5.1 shape (%s)\n\n", $b['summary']);
printf("- PHP %s, %s; PostgreSQL on 127.0.0.1 (scram-sha-256); %d runs after %d warm-up, medians\n",
    PHP_VERSION, php_uname('m'), $runs, $warmup);
printf("- each round starts once the CPUs have been idle (under 10%% busy) for 250 ms: waited %.0f s in all%s\n",
    $waited, $budget <= 0 ? ' (gave up waiting: the machine was busy, numbers are pessimistic)' : '');
printf("- Moodle's own admin/cli/upgrade.php --is-maintenance-required on a real 5.1 site: ~%.0f ms (shared/spec)\n\n", MOODLE_MS);
echo "| configuration | command | median ms | p10–p90 ms | above php -r '' | above Debian's php -r '' | vs Moodle's |\n";
echo "|---|---|---:|---|---:|---:|---:|\n";
$debianstart = median($t["debian/php -r ''"]);
foreach ($cmds as $name => $_) {
    [$cname] = explode('/', $name, 2) + [1 => ''];
    $m = median($t[$name]);
    $startup = isset($t["$cname/php -r ''"]) ? median($t["$cname/php -r ''"]) : null;
    $above = ($startup !== null && !str_ends_with($name, "php -r ''")) ? sprintf('+%.1f', $m - $startup) : '';
    $vs = str_contains($name, 'php ') ? '' : sprintf('%.0f×', MOODLE_MS / $m);
    $abovedebian = $vs !== '' ? sprintf('+%.1f', $m - $debianstart) : '';
    printf("| %s | %s | %.1f | %.1f–%.1f | %s | %s | %s |\n", str_contains($name, '/') ? $cname : '-',
        str_contains($name, '/') ? substr($name, strlen($cname) + 1) : $name, $m, pct($t[$name], 10), pct($t[$name], 90), $above, $abovedebian, $vs);
}
echo "\nBreakdown (the tool's --timings, medians, ms). The parent: fork (find the site, start the child), config\n"
    . "(config.php with ABORT_AFTER_CONFIG), connect, queries, then the waits for the child's versions and component\n"
    . "hash; script total is from the first line of the script (PHP's own start-up is the php -r '' row above). The\n"
    . "child hashes the code meanwhile: child hashes (both, one pass, from the cache the previous run kept when\n"
    . "there is one), or child versions then child component.\n\n";
$keys = ['fork', 'config', 'connect', 'queries', 'versions wait', 'component wait', 'script total', 'child hashes', 'child versions', 'child component'];
echo '| run | ' . implode(' | ', $keys) . " |\n|---|" . str_repeat('---:|', count($keys)) . "\n";
foreach ($parts as $name => $p) {
    echo "| $name | " . implode(' | ', array_map(fn($k) => isset($p[$k]) ? sprintf('%.2f', median($p[$k])) : '—', $keys)) . " |\n";
}

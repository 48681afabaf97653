<?php
// The timing half of bench/cli/moodle (run through it: it provides the
// installed site, its database and a private TMPDIR):
//
//   bench/cli/moodle [--site CACHEDIR] [--runs N] [--warmup N] [--quiet-wait SECONDS]
//
// On a real Moodle 5.1 site, whole processes, stdout and stderr to
// /dev/null, spawned without a shell:
//   Moodle's:     php admin/cli/upgrade.php --is-maintenance-required (Debian's conf.d, as shipped)
//   ours, debian: php -d extension=upgrade.so bin/moodle-upgrade --is-maintenance-required --root SITE
//   ours, lean:   php -n -d extension=pdo -d extension=pdo_pgsql -d extension=posix -d extension=upgrade.so ...
//   ours, debian, --no-cache: the first check after a deploy (nothing to reuse)
//   floor: bench/cli/floor.php, the least any PHP answer from the database
//     costs (config.php as Moodle reads it, connect, one query), both configurations
//   and php -r '' in both configurations (PHP's own start-up).
// Three database states, made as the MDL-65471 plan makes them: nothing
// pending (0); mod_assign's version.php raised by 1 (3); that and
// mod/assign/db/tasks.php's first minute '*' made '1' (2). Every run's exit
// code is checked. In each state: warm-up runs, then rounds in which every
// command runs once, the order rotating from round to round, so that load
// from elsewhere hits all of them alike; each round starts once the CPUs have
// been idle for 250 ms (up to --quiet-wait seconds in all). The ratio is
// Moodle's median over ours; "per round" is the spread (p10-p90) of the
// ratio of the two runs of one round.

require_once __DIR__ . '/_common.php';

$runs = max(5, (int) opt($argv, 'runs', '31'));
$warmup = max(1, (int) opt($argv, 'warmup', '3'));
$budget = (float) opt($argv, 'quiet-wait', '120');
$site = (string) getenv('SITE');
$saved = (string) getenv('SAVED');
$ext = realpath((string) getenv('UPGRADE_SO'));
$tool = realpath(__DIR__ . '/../../bin/moodle-upgrade');
if ($site === '' || !is_file("$site/config.php") || !$ext || !$tool || !is_dir($saved)) {
    abort('run me through bench/cli/moodle, after scripts/build.sh');
}
$code = "$site/public";
$versionfile = 'mod/assign/version.php';
$tasksfile = 'mod/assign/db/tasks.php';

/** $file (relative to the code folder) as saved before the benchmark, changed by $edit (null: as saved). */
function put(string $rel, ?callable $edit): void
{
    global $code, $saved;
    $t = file_get_contents("$saved/$rel");
    if ($edit !== null) {
        $n = $edit($t);
        if ($n === null || $n === $t) {
            abort("the edit of $code/$rel changed nothing");
        }
        $t = $n;
    }
    if (file_get_contents("$code/$rel") !== $t && file_put_contents("$code/$rel", $t) !== strlen($t)) {
        abort("cannot write $code/$rel");
    }
}
$raise = fn(string $t) => preg_replace_callback('/^(\$plugin->version\s*=\s*)([0-9]+)/m', fn($m) => $m[1] . ($m[2] + 1), $t, 1);
$minute = fn(string $t) => preg_replace("/'minute' => '\\*'/", "'minute' => '1'", $t, 1);
$states = [
    'nothing pending (0)' => [0, fn() => [put($versionfile, null), put($tasksfile, null)]],
    'pending, no maintenance (3)' => [3, fn() => [put($versionfile, $raise), put($tasksfile, null)]],
    'maintenance required (2)' => [2, fn() => [put($versionfile, $raise), put($tasksfile, $minute)]],
];

$php = PHP_BINARY;
$extdir = ini_get('extension_dir');
$debian = [$php, '-d', "extension=$ext"];
$lean = [$php, '-n', '-d', "extension_dir=$extdir", '-d', 'extension=pdo', '-d', 'extension=pdo_pgsql', '-d', 'extension=posix', '-d', "extension=$ext"];
$ours = [$tool, '--is-maintenance-required', '--root', $site];
$env = getenv();
// name => [argv, whether it answers the question (else it exits 0)]
$cmds = [
    "Moodle's admin/cli/upgrade.php" => [[$php, "$site/admin/cli/upgrade.php", '--is-maintenance-required'], true],
    'ours, Debian conf.d' => [[...$debian, ...$ours], true],
    'ours, lean' => [[...$lean, ...$ours], true],
    'ours, Debian conf.d, --no-cache' => [[...$debian, ...$ours, '--no-cache'], true],
    'floor: config.php, connect, one query, Debian conf.d' => [[...$debian, __DIR__ . '/floor.php', $site], false],
    'floor: config.php, connect, one query, lean' => [[...$lean, __DIR__ . '/floor.php', $site], false],
    "php -r '', Debian conf.d" => [[...$debian, '-r', ''], false],
    "php -r '', lean" => [[...$lean, '-r', ''], false],
];
$moodle = array_key_first($cmds);
$none = null;   // run_once(): stderr not wanted

$t = [];
$parts = [];
$waited = 0.0;
$load0 = sys_getloadavg();
$started = gmdate('Y-m-d H:i') . ' UTC';
$names = array_keys($cmds);
foreach ($states as $state => [$answer, $make]) {
    $make();
    $check = function (string $name, int $rc, string $err = '') use ($cmds, $answer, $state): void {
        $want = ($cmds[$name][1] ?? true) ? $answer : 0;
        if ($rc !== $want) {
            abort("$state: $name exited $rc, expected $want" . ($err !== '' ? ': ' . trim($err) : ''));
        }
    };
    foreach ($cmds as $name => [$cmd]) {
        $err = '';
        run_once($cmd, $env, $rc, $err, $site);
        $check($name, $rc, $err);
        for ($i = 1; $i < $warmup; $i++) {
            run_once($cmd, $env, $rc, $none, $site);
        }
    }
    for ($i = 0; $i < $runs; $i++) {
        $waited += wait_quiet($budget);
        $n = count($names);
        for ($k = 0; $k < $n; $k++) {
            $name = $names[($i + $k) % $n];
            $t[$state][$name][] = run_once($cmds[$name][0], $env, $rc, $none, $site);
            $check($name, $rc);
        }
    }
    // Where our time goes: the tool's own --timings, in separate runs.
    foreach (['Debian conf.d' => [$debian, []], 'lean' => [$lean, []], 'Debian conf.d, --no-cache' => [$debian, ['--no-cache']]] as $cname => [$prefix, $extra]) {
        for ($i = 0; $i < max(10, intdiv($runs, 2)); $i++) {
            $waited += wait_quiet($budget);
            $err = '';
            run_once([...$prefix, ...$ours, '--timings', ...$extra], $env, $rc, $err, $site);
            $check('ours', $rc, $err);
            if (preg_match('/^timings: (.*)$/m', $err, $m)) {
                foreach (explode(', ', $m[1]) as $kv) {
                    if (preg_match('/^(.*) ([0-9.]+) ms$/', $kv, $mm)) {
                        $parts["$state, $cname"][$mm[1]][] = (float) $mm[2];
                    }
                }
            }
        }
    }
}
$states['nothing pending (0)'][1]();
$load1 = sys_getloadavg();

$release = preg_match('/\$release\s*=\s*\'([^\']*)\'/', (string) file_get_contents("$code/version.php"), $m) ? $m[1] : '?';
printf("# --is-maintenance-required on a real Moodle %s site: ours against Moodle's\n\n", $release);
printf("- %s; PHP %s, %s, %d CPUs; PostgreSQL on 127.0.0.1 (scram-sha-256); opcache %s in the CLI\n",
    $started, PHP_VERSION, php_uname('m'), (int) shell_exec('nproc'), ini_get('opcache.enable_cli') ? 'on' : 'off');
printf("- per state: %d warm-up runs of each command, then %d rounds (every command once per round, rotating order); medians\n", $warmup, $runs);
printf("- load average %.2f at the start, %.2f at the end; waited %.0f s for idle CPUs%s\n\n", $load0[0], $load1[0], $waited,
    $budget <= 0 ? ' (then gave up waiting: the machine was busy, the spread shows it)' : '');
echo "| state (answer) | command | median ms | p10–p90 ms | Moodle's ÷ ours | per round p10–p90 |\n";
echo "|---|---|---:|---|---:|---|\n";
foreach ($t as $state => $byname) {
    $mm = median($byname[$moodle]);
    foreach ($byname as $name => $xs) {
        $ratio = $per = '';
        if (str_starts_with($name, 'ours') || str_starts_with($name, 'floor')) {
            $ratio = sprintf('%.1f×', $mm / median($xs));
            $pairs = array_map(fn($a, $b) => $a / $b, $byname[$moodle], $xs);
            $per = sprintf('%.1f–%.1f×', pct($pairs, 10), pct($pairs, 90));
        }
        printf("| %s | %s | %.1f | %.1f–%.1f | %s | %s |\n", $state, $name, median($xs), pct($xs, 10), pct($xs, 90), $ratio, $per);
    }
}
echo "\nOur process, from its own --timings (medians, ms): the parent forks the hashing child, reads config.php\n"
    . "(ABORT_AFTER_CONFIG), connects, queries, waits for the child's hashes; script total is from the script's first line.\n\n";
$keys = ['fork', 'config', 'connect', 'queries', 'versions wait', 'component wait', 'script total', 'child hashes', 'child versions', 'child component'];
echo '| run | ' . implode(' | ', $keys) . " |\n|---|" . str_repeat('---:|', count($keys)) . "\n";
foreach ($parts as $name => $p) {
    echo "| $name | " . implode(' | ', array_map(fn($k) => isset($p[$k]) ? sprintf('%.2f', median($p[$k])) : '—', $keys)) . " |\n";
}

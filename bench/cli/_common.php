<?php
// Helpers shared by the command-line benchmarks (bench/cli/run.php,
// bench/cli/moodle.php): options, idle waiting, timing one process, medians.

function opt(array $argv, string $name, string $default): string
{
    foreach ($argv as $i => $a) {
        if ($a === "--$name" && isset($argv[$i + 1])) {
            return $argv[$i + 1];
        }
        if (str_starts_with($a, "--$name=")) {
            return substr($a, strlen($name) + 3);
        }
    }
    return $default;
}

function abort(string $msg): never
{
    fwrite(STDERR, "bench/cli: $msg\n");
    exit(1);
}

/** Busy share of all CPUs over $ms milliseconds, from /proc/stat (0..1). */
function cpu_busy(int $ms): float
{
    $read = static function (): array {
        $f = explode(' ', preg_replace('/\s+/', ' ', trim(strtok((string) file_get_contents('/proc/stat'), "\n"))));
        $v = array_map('intval', array_slice($f, 1));
        return [array_sum($v), $v[3] + ($v[4] ?? 0)];   // total, idle + iowait
    };
    [$t0, $i0] = $read();
    usleep($ms * 1000);
    [$t1, $i1] = $read();
    return $t1 > $t0 ? 1 - ($i1 - $i0) / ($t1 - $t0) : 0.0;
}

/**
 * Waits until the machine is otherwise idle (other work skews every number on
 * a 2-core machine), at most $budget seconds in all; returns the seconds waited.
 */
function wait_quiet(float &$budget): float
{
    $waited = 0.0;
    while ($budget > 0 && cpu_busy(250) > 0.10) {
        $budget -= 0.25;
        $waited += 0.25;
    }
    return $waited;
}

/** Wall time of one process, in ms; its exit code in $rc, its stderr in $stderr when asked for. */
function run_once(array $cmd, array $env, ?int &$rc = null, ?string &$stderr = null, ?string $cwd = null): float
{
    $spec = [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => $stderr === null ? ['file', '/dev/null', 'w'] : ['pipe', 'w']];
    $t0 = hrtime(true);
    $p = proc_open($cmd, $spec, $pipes, $cwd, $env);
    if ($stderr !== null) {
        $stderr = stream_get_contents($pipes[2]);
        fclose($pipes[2]);
    }
    $rc = proc_close($p);
    return (hrtime(true) - $t0) / 1e6;
}

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

function pct(array $xs, float $p): float
{
    sort($xs);
    return $xs[(int) min(count($xs) - 1, max(0, ceil($p / 100 * count($xs)) - 1))];
}

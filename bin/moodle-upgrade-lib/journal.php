<?php
// moodle-upgrade: what a deploy is doing, kept where the next one looks.
//
// A SIGKILL (or a power cut) cannot be caught: recovery is the next run's
// job. deploy therefore writes its journal, DATAROOT/moodle-upgrade/deploy.json,
// before and after every step that changes something (atomically: temporary
// file, fsync, rename, fsync of the folder), naming its host, pid and the
// start time of its process, the step, and the child it runs. The next deploy,
// status and explain read it: an owner that no longer runs on this host, or
// whose lock lapsed on another host, is dead, and what it held is taken over.
//
// deploy also holds an exclusive flock() on DATAROOT/moodle-upgrade/deploy.lock
// from start to end: two deploys on one host, or on hosts sharing the dataroot
// over NFS (the Linux client turns flock into NFS byte-range locks), never run
// at once; the second is told who holds it.

namespace MoodleUpgrade;

final class Journal
{
    public const FORMAT = 'moodle-upgrade-deploy-journal';

    /** @var resource|null the deploy lock, while held */
    private $lockfd = null;

    public function __construct(public readonly string $dir)
    {
    }

    public static function for_site(Site $site): ?self
    {
        $dir = $site->tooldir();
        return $dir === null ? null : new self($dir);
    }

    public function path(): string
    {
        return "{$this->dir}/deploy.json";
    }

    /** The journal of the last deploy that did not finish, or null. A damaged one is a failure naming it. */
    public function read(): ?array
    {
        $p = $this->path();
        $raw = @file_get_contents($p);
        if ($raw === false) {
            if (file_exists($p)) {
                fail("cannot read deploy's journal $p: " . (error_get_last()['message'] ?? 'unreadable'));
            }
            return null;
        }
        $j = json_decode($raw, true);
        if (!is_array($j) || ($j['format'] ?? null) !== self::FORMAT) {
            fail("deploy's journal $p is not one (not its JSON format): move it away if no deploy runs");
        }
        return $j;
    }

    /** Replaces the journal atomically: a reader sees the old one or the new one, never a part. */
    public function write(array $j): void
    {
        $j = ['format' => self::FORMAT] + $j;
        self::write_atomic($this->path(), json_encode($j, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n", 'deploy\'s journal');
    }

    public function remove(): void
    {
        $p = $this->path();
        if (file_exists($p) && !@unlink($p)) {
            fail("cannot remove deploy's journal $p");
        }
    }

    /**
     * Takes the deploy lock without waiting. Returns true when taken; false
     * when another process holds it. Failures to open it name the path.
     */
    public function lock(): bool
    {
        ensure_dir($this->dir, 'deploy\'s lock');
        $p = "{$this->dir}/deploy.lock";
        $fd = @fopen($p, 'ce');   // close-on-exec: Moodle's scripts must not inherit (and keep) the lock
        if ($fd === false) {
            fail("cannot open deploy's lock $p: " . (error_get_last()['message'] ?? 'unknown error'));
        }
        if (!flock($fd, LOCK_EX | LOCK_NB)) {
            fclose($fd);
            return false;
        }
        $this->lockfd = $fd;
        return true;
    }

    public function unlock(): void
    {
        if ($this->lockfd !== null) {
            flock($this->lockfd, LOCK_UN);
            fclose($this->lockfd);
            $this->lockfd = null;
        }
    }

    /** Writes $data to $path by temporary file, fsync and rename; fails naming the path and the reason. */
    public static function write_atomic(string $path, string $data, string $what, ?callable $beforerename = null): void
    {
        $dir = dirname($path);
        ensure_dir($dir, $what);
        // A writer killed here leaves its temporary file: the next one on this host removes it.
        $prefix = '.' . basename($path) . '.' . preg_replace('/[^A-Za-z0-9-]/', '_', this_host()) . '.';
        foreach (glob($dir . '/' . $prefix . '*.tmp') ?: [] as $old) {
            $pid = (int) explode('.', substr(basename($old), strlen($prefix)))[0];
            if ($pid > 0 && $pid !== getmypid() && process_started($pid) === null) {
                @unlink($old);
            }
        }
        $tmp = sprintf('%s/%s%d.%s.tmp', $dir, $prefix, getmypid(), bin2hex(random_bytes(4)));
        $fd = @fopen($tmp, 'xe');
        $ok = $fd !== false;
        $why = $ok ? '' : (error_get_last()['message'] ?? 'cannot create it');
        if ($ok) {
            $n = @fwrite($fd, $data);
            if ($n !== strlen($data)) {
                $ok = false;
                $why = 'short write (is the disk full?)';
            } elseif (!@fflush($fd) || !@fsync($fd)) {
                $ok = false;
                $why = 'cannot flush it to disk (is the disk full?)';
            }
            fclose($fd);
        }
        if ($ok && $beforerename !== null) {
            $beforerename();
        }
        if ($ok && !@rename($tmp, $path)) {
            $ok = false;
            $why = error_get_last()['message'] ?? 'rename failed';
        }
        if (!$ok) {
            @unlink($tmp);
            fail("cannot write $what $path: " . Site::one_line($why));
        }
        // The rename itself must survive a crash too.
        $dfd = @fopen($dir, 'r');
        if ($dfd !== false) {
            @fsync($dfd);
            fclose($dfd);
        }
    }
}

/** Creates a folder of the tool's on the dataroot, or fails naming it. */
function ensure_dir(string $dir, string $what): void
{
    if (!is_dir($dir) && !@mkdir($dir, 02777, true) && !is_dir($dir)) {
        fail("cannot create $dir for $what: " . Site::one_line(error_get_last()['message'] ?? 'mkdir failed'));
    }
}

/** This host's name as the state file records it. */
function this_host(): string
{
    return substr((string) gethostname(), 0, 255);
}

/** When this host's process $pid started (unix time, to the clock tick), or null when none runs. */
function process_started(int $pid): ?float
{
    $stat = @file_get_contents("/proc/$pid/stat");
    if ($stat === false) {
        return null;
    }
    // Fields after the command's parentheses; field 22 (starttime) is index 19 there.
    $rest = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    static $btime = null;
    if ($btime === null) {
        $btime = preg_match('/^btime (\d+)/m', (string) @file_get_contents('/proc/stat'), $m) ? (int) $m[1] : 0;
    }
    return isset($rest[19]) ? $btime + ((int) $rest[19]) / 100 : null;   // USER_HZ is 100 on Linux
}

/**
 * Whether the process recorded as ($host, $pid, started at $started) still
 * runs: true or false on this host (a pid now used by a later process is
 * dead), null for another host (it cannot be told from here).
 */
function process_alive(string $host, int $pid, ?float $started): ?bool
{
    if ($host !== this_host()) {
        return null;
    }
    if ($pid <= 0) {
        return false;
    }
    $now = process_started($pid);
    if ($now === null) {
        return false;
    }
    // Start times come from the same clock to the tick; allow for rounding.
    return $started === null || abs($now - $started) < 1.0;
}

/** This process's record for the journal and for liveness checks. */
function self_record(): array
{
    $pid = getmypid();
    return ['host' => this_host(), 'pid' => $pid, 'started' => process_started($pid)];
}

/**
 * A deploy's journal as status, explain and the next deploy see it: who,
 * since when, at which step, and whether it (and the Moodle script it ran)
 * still runs. On another host a deploy counts as running while the state
 * file still holds its unexpired lock (deploy renews it).
 */
function deploy_view(Site $site, array $j): array
{
    $host = (string) ($j['host'] ?? '');
    $pid = (int) ($j['pid'] ?? 0);
    $alive = process_alive($host, $pid, isset($j['started']) ? (float) $j['started'] : null);
    if ($alive === null) {
        $alive = false;
        $f = $site->state_file();
        if ($f !== null && function_exists('upgrade_state_read')) {
            try {
                $s = @upgrade_state_read($f);
                $alive = !empty($s['locked']) && ($s['host'] ?? null) === $host && (int) ($s['pid'] ?? 0) === $pid;
            } catch (\Throwable) {
            }
        }
    }
    $c = $j['child'] ?? null;
    $childalive = is_array($c) ? process_alive($host, (int) ($c['pid'] ?? 0), isset($c['started']) ? (float) $c['started'] : null) : false;
    return [
        'owner' => ($j['user'] ?? '?') . "@$host pid $pid",
        'host' => $host,
        'pid' => $pid,
        'since' => isset($j['since']) ? gmdate('Y-m-d\TH:i:s\Z', (int) $j['since']) : null,
        'updated' => isset($j['updated']) ? gmdate('Y-m-d\TH:i:s\Z', (int) $j['updated']) : null,
        'step' => (string) ($j['step'] ?? ''),
        'path' => $j['path'] ?? null,
        'running' => $alive,
        'child' => is_array($c) ? ($c['script'] ?? '?') . '.php pid ' . ($c['pid'] ?? '?') : null,
        'child_running' => $childalive,
        'maintenance' => !empty($j['maintenance']),
        'database_flag' => !empty($j['dblock']),
    ];
}

/**
 * Fault injection for the fault suite (tests/moodle): with
 * MOODLE_UPGRADE_FAULT=POINT:SIGNAL in the environment (e.g. lock-db:KILL),
 * deploy sends itself SIGNAL at POINT — lock-file (the state file locked),
 * lock-db (the database flag set), maintenance-on, purge (while
 * purge_caches.php runs), snapshot (the snapshot written, not yet renamed).
 */
function fault_point(string $point): void
{
    static $spec = null;
    $spec ??= (string) getenv('MOODLE_UPGRADE_FAULT');
    if ($spec === '' || !str_starts_with($spec, "$point:") || !function_exists('posix_kill')) {
        return;
    }
    $name = 'SIG' . substr($spec, strlen($point) + 1);
    if (!defined($name)) {
        return;
    }
    fwrite(STDERR, "deploy: fault injection: $name at $point\n");
    posix_kill(getmypid(), constant($name));
    usleep(1000);   // an async handler runs here; SIGKILL never returns
}

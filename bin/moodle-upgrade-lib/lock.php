<?php
// moodle-upgrade: the UI upgrade lock, kept in the two places that read it —
// config outagelessupgrade in the database (Moodle's admin/index.php and
// moodle_needs_upgrading()) and the shared state file (the extension's hook
// on every frontend, which also records who holds the lock and until when).
//
// The invariant: whenever the database flag is set, the state file names the
// owner and an expiry. So the state file is written first when locking and
// released last when unlocking. A crash between the two steps then leaves at
// worst a state-file lock that expires by itself, never a bare database flag
// that silently hides a pending upgrade with nobody on record.

namespace MoodleUpgrade;

/**
 * The reason recorded by --set-ui-upgrade-lock: a lock held on purpose (by a
 * question, or kept after an upgrade) with no upgrade running under it, which
 * the next upgrade takes over.
 */
const KEPT_LOCK = 'moodle-upgrade --set-ui-upgrade-lock';

final class Lock
{
    /** The state the last set() wrote (owner host, pid, since...), as upgrade_lock() returns it. */
    public ?array $written = null;

    /** $db: null for what touches only the state file (init). */
    public function __construct(private Site $site, private ?Db $db)
    {
    }

    /** Whether this build of the extension keeps the shared state file. */
    public static function supported(): bool
    {
        return function_exists('upgrade_lock') && function_exists('upgrade_unlock') && function_exists('upgrade_state_read');
    }

    /** The state file, or null when there is none to use (and why, in $why). */
    public function file(?string &$why = null): ?string
    {
        if (!self::supported()) {
            $why = 'this build of the upgrade extension has no shared state file (upgrade_lock)';
            return null;
        }
        $f = $this->site->state_file();
        if ($f === null) {
            $why = 'no state file: the dataroot is unknown (give --dataroot or --state-file)';
        }
        return $f;
    }

    /** The state file as the extension reads it (null when unavailable). */
    public function read_file(?string &$problem = null): ?array
    {
        $f = $this->file($problem);
        if ($f === null) {
            return null;
        }
        try {
            // An expired lock reads as unlocked with a PHP warning: the view says it instead.
            $s = @upgrade_state_read($f);
        } catch (\Throwable $e) {
            $problem = Site::one_line($e->getMessage());
            return null;
        }
        return is_array($s) ? $s : null;
    }

    /**
     * The lock as both places show it: status none | held | stale (a lock
     * that outlived its expiry: frontends already treat it as released) |
     * unrecorded (the database flag with no live owner in the state file),
     * with owner, kind, age and expiry when the state file knows them.
     */
    public function view(array $stored): array
    {
        $dbflag = !empty($stored['config']['outagelessupgrade']);
        $problem = null;
        $file = $this->read_file($problem);
        $locked = !empty($file['locked']);
        $expired = !$locked && !empty($file['expired']);
        $status = match (true) {
            $locked => 'held',
            $expired => 'stale',
            $dbflag => 'unrecorded',
            default => 'none',
        };
        $v = [
            'status' => $status,
            'database' => $dbflag,
            'state_file' => $this->site->state_file(),
            'state' => $file,
            'kind' => null,
            'owner' => null,
            'since' => null,
            'until' => null,
            'age_seconds' => null,
            'reason' => null,
        ];
        if ($locked || $expired) {
            $v['kind'] = $file['upgrade'] ?? null;
            $v['owner'] = self::owner($file);
            $v['reason'] = ($file['reason'] ?? '') !== '' ? $file['reason'] : null;
            $since = (int) ($file['since'] ?? 0);
            $until = (int) ($file['expires'] ?? 0);
            $v['since'] = $since > 0 ? gmdate('Y-m-d\TH:i:s\Z', $since) : null;
            $v['until'] = $until > 0 ? gmdate('Y-m-d\TH:i:s\Z', $until) : null;
            $v['age_seconds'] = $since > 0 ? max(0, time() - $since) : null;
        }
        if ($problem !== null) {
            $v['problem'] = $problem;
        }
        $v['mismatch'] = $file !== null ? self::mismatch($v, $file) : null;
        return $v;
    }

    /**
     * When the two halves disagree (a database restored from a backup, an
     * upgrade that died or outlived its lock between them): the database flag
     * with no live lock in the state file, or a live UI lock in the state file
     * without the flag. kind database-only | state-file-only, the line that
     * says it, the fix, and whether it explains itself (its owner is still
     * running here, between its two steps). A maintenance upgrade locks the
     * state file alone by design: no mismatch.
     */
    private static function mismatch(array $v, array $file): ?array
    {
        $fix = 'if no upgrade runs, moodle-upgrade --is-pending --unset-ui-upgrade-lock clears both';
        if ($v['database'] && empty($file['locked'])) {
            $what = $v['status'] === 'stale'
                ? "the state file's lock of {$v['owner']} expired at {$v['until']}"
                : 'the state file holds no lock';
            return ['kind' => 'database-only', 'explained' => false, 'fix' => $fix,
                'line' => "UI upgrade lock halves disagree: the database flag is set but $what: Moodle's UI stays locked, frontends see none"];
        }
        if (!$v['database'] && !empty($file['locked']) && ($file['upgrade'] ?? '') !== 'maintenance') {
            $pid = (int) ($file['pid'] ?? 0);
            $here = ($file['host'] ?? '') === php_uname('n');
            $alive = $here && $pid > 0 && (function_exists('posix_kill') ? posix_kill($pid, 0) : is_dir("/proc/$pid"));
            $owner = !$here ? "its owner {$v['owner']} is on another host"
                : ($alive ? "its owner {$v['owner']} is running" : "its owner {$v['owner']} is gone");
            return ['kind' => 'state-file-only', 'explained' => $alive, 'fix' => $fix,
                'line' => "UI upgrade lock halves disagree: the state file holds a UI lock but the database flag is not set"
                    . " ($owner): frontends lock the UI, Moodle's own pages do not"];
        }
        return null;
    }

    /** "user@host pid 123" from a state-file record. */
    public static function owner(array $s): string
    {
        $who = ($s['user'] ?? '?') . '@' . ($s['host'] ?? '?');
        return isset($s['pid']) ? "$who pid {$s['pid']}" : $who;
    }

    /**
     * Takes the lock: the state file first (owner, kind, expiry), then the
     * database flag when $dbflag. $kind is "outageless" or "maintenance".
     * $onfilelocked runs between the two (the caller then owns a lock to undo).
     * Returns notes for the report.
     */
    public function set(string $kind, string $reason, int $ttl, bool $dbflag = true, ?callable $onfilelocked = null,
        ?int $expected_end = null): array
    {
        $notes = [];
        $why = null;
        $f = $this->file($why);
        if ($f !== null) {
            $this->ensure_folder($f);
            $meta = ['reason' => $reason, 'upgrade' => $kind];
            if ($expected_end !== null) {
                $meta['expected_end'] = $expected_end;
            }
            try {
                $this->written = upgrade_lock($meta, $ttl, $f);
            } catch (\Throwable $e) {
                fail("cannot take the upgrade lock in $f: " . Site::one_line($e->getMessage()));
            }
            $notes[] = "state file $f: locked ($kind, expires in {$ttl}s)";
        } else {
            $notes[] = $why;
        }
        if ($onfilelocked !== null) {
            $onfilelocked();
        }
        if ($dbflag) {
            $this->db->set_config('outagelessupgrade', '1');
            $notes[] = 'database: outagelessupgrade = 1';
        }
        return $notes;
    }

    /**
     * Records the site's versions hash (the database's allversionshash) in
     * the state file, the lock left as it is: each frontend's status answer
     * is ready when its own code has that hash. Returns notes.
     */
    public function record_versions_hash(string $hash): array
    {
        $why = null;
        $f = $this->file($why);
        if ($f === null) {
            fail($why);
        }
        if (!function_exists('upgrade_record_versions_hash')) {
            fail('this build of the upgrade extension has no upgrade_record_versions_hash()');
        }
        if (!preg_match('/^[0-9a-f]{40}$/', $hash)) {
            fail('the database holds no allversionshash to record' . ($hash !== '' ? " ('$hash' is not one)" : ''));
        }
        $this->ensure_folder($f);
        try {
            upgrade_record_versions_hash($hash, $f);
        } catch (\Throwable $e) {
            fail("cannot record the versions hash in $f: " . Site::one_line($e->getMessage()));
        }
        return ["state file $f: versions hash $hash (the database's allversionshash)"];
    }

    /** Keeps a held lock alive while work goes on. */
    public function heartbeat(int $ttl): void
    {
        $f = $this->file();
        if ($f !== null && function_exists('upgrade_heartbeat')) {
            try {
                upgrade_heartbeat($ttl, $f);
            } catch (\Throwable) {
                // An expired heartbeat is reported by status; the work goes on.
            }
        }
    }

    /**
     * Creates the state file, unlocked, when it does not exist; an existing
     * one is left as it is (it may hold a lock). Every frontend must find
     * the file from the start: on NFS "no such file" is cached by each
     * client until the folder's attributes expire, so a lock written into a
     * missing file may stay invisible for up to acdirmax. Returns
     * [created, state as upgrade_state_read() gives it].
     */
    public function init(): array
    {
        $why = null;
        $f = $this->file($why);
        if ($f === null) {
            fail("cannot create the state file: $why");
        }
        $this->ensure_folder($f);
        // An open, not a stat: on NFS only an open asks the server.
        $h = @fopen($f, 'rb');
        $created = false;
        if ($h === false) {
            $error = error_get_last()['message'] ?? '';
            if (!str_contains($error, 'No such file')) {
                fail("cannot read the state file $f: " . Site::one_line(preg_replace('/^fopen\([^)]*\): /', '', $error)));
            }
            try {
                upgrade_unlock($f);
            } catch (\Throwable $e) {
                fail("cannot create the state file $f: " . Site::one_line($e->getMessage()));
            }
            $created = true;
        } else {
            fclose($h);
        }
        $problem = null;
        $state = $this->read_file($problem);
        if ($state === null) {
            fail("the state file $f is unusable ($problem): frontends fail closed (UI locked); once no upgrade is running,"
                . ' release it with moodle-upgrade --unset-ui-upgrade-lock');
        }
        return [$created, $state];
    }

    private function ensure_folder(string $f): void
    {
        $dir = dirname($f);
        if (!is_dir($dir) && !@mkdir($dir, 02777, true) && !is_dir($dir)) {
            fail("cannot create $dir for the state file");
        }
    }

    /** Releases the lock: the database flag first, then the state file. */
    public function release(bool $dbflag = true): array
    {
        $notes = [];
        if ($dbflag) {
            $this->db->set_config('outagelessupgrade', '0');
            $notes[] = 'database: outagelessupgrade = 0';
        }
        $why = null;
        $f = $this->file($why);
        if ($f !== null) {
            // Written whether or not a file is seen: a missing one is created
            // unlocked (frontends must find it), and on NFS a stat() may
            // still say "missing" for a file another host just wrote.
            $this->ensure_folder($f);
            try {
                upgrade_unlock($f);
            } catch (\Throwable $e) {
                fail("cannot release the upgrade lock in $f: " . Site::one_line($e->getMessage()));
            }
            $notes[] = "state file $f: unlocked";
        } else {
            $notes[] = $why;
        }
        return $notes;
    }
}

/**
 * `state init`: creates the shared state file, unlocked, if it is missing;
 * with the database reachable, fills in the site's versions hash (its
 * allversionshash) when the file has none yet.
 */
function cmd_state(Context $ctx): int
{
    $lock = new Lock($ctx->site, null);
    [$created, $state] = $lock->init();
    $f = $ctx->site->state_file();
    $vh = state_init_versions_hash($ctx, $lock, $state);
    if ($vh['recorded']) {
        $state = $lock->read_file() ?? $state;
    }
    if ($ctx->args->has('json')) {
        echo json_encode(['state_file' => $f, 'created' => $created, 'state' => $state, 'versions_hash' => $vh],
            JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
        return EXIT_OK;
    }
    if ($created) {
        echo "state file $f: created, unlocked\n";
    } elseif (!empty($state['locked'])) {
        echo "state file $f: already there, locked by " . Lock::owner($state) . " ({$state['upgrade']}): left as it is\n";
    } else {
        echo "state file $f: already there, unlocked: left as it is\n";
    }
    echo "versions hash: {$vh['line']}\n";
    return EXIT_OK;
}

/**
 * The versions hash for `state init`: the database's allversionshash goes
 * into a state file that records none. A database that cannot be reached is
 * not an error here (the file is what every frontend needs first): it is said.
 */
function state_init_versions_hash(Context $ctx, Lock $lock, array $state): array
{
    $has = $state['versions_hash'] ?? null;
    $r = ['recorded' => false, 'state_file' => $has, 'database' => null, 'problem' => null, 'line' => ''];
    if (!function_exists('upgrade_record_versions_hash')) {
        $r['problem'] = 'this build of the upgrade extension has no upgrade_record_versions_hash()';
        $r['line'] = "not recorded: {$r['problem']}";
        return $r;
    }
    try {
        $ctx->db = Db::connect($ctx->site);
        $r['database'] = $ctx->db->get_config('allversionshash');
    } catch (Failure $e) {
        $r['problem'] = $e->getMessage();
        $r['line'] = ($has !== null ? "$has recorded; not compared with the database: " : 'not recorded: ')
            . "{$r['problem']} (deploy records it)";
        return $r;
    }
    $db = $r['database'];
    if ($db === null || $db === '') {
        $r['problem'] = 'the database holds no allversionshash (Moodle not installed yet?)';
        $r['line'] = "not recorded: {$r['problem']}";
    } elseif ($has === null) {
        $lock->record_versions_hash($db);
        $r['recorded'] = true;
        $r['state_file'] = $db;
        $r['line'] = "recorded $db (the database's allversionshash)";
    } elseif ($has === $db) {
        $r['line'] = "$has, as the database's allversionshash";
    } else {
        $r['line'] = "the state file records $has, the database $db: left as it is (deploy records the database's)";
    }
    return $r;
}

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
    public function __construct(private Site $site, private Db $db)
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
        return $v;
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
            $dir = dirname($f);
            if (!is_dir($dir) && !@mkdir($dir, 02777, true) && !is_dir($dir)) {
                fail("cannot create $dir for the state file");
            }
            $meta = ['reason' => $reason, 'upgrade' => $kind];
            if ($expected_end !== null) {
                $meta['expected_end'] = $expected_end;
            }
            try {
                upgrade_lock($meta, $ttl, $f);
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
            if (file_exists($f)) {
                try {
                    upgrade_unlock($f);
                } catch (\Throwable $e) {
                    fail("cannot release the upgrade lock in $f: " . Site::one_line($e->getMessage()));
                }
            }
            $notes[] = "state file $f: unlocked";
        } else {
            $notes[] = $why;
        }
        return $notes;
    }
}

<?php
// moodle-upgrade deploy: the whole upgrade a pipeline needs, in one command.
//
//   decide ─┬─ downgrade ──────────────────────────────────── refuse, exit 4
//           ├─ nothing pending ───────── (snapshot if none) ── exit 0
//           ├─ no maintenance needed:  lock (state file, then database)
//           │     → upgrade.php --non-interactive --no-maintenance → verify
//           │     → unlock (database, then state file) → purge caches → snapshot
//           └─ maintenance needed: --no-maintenance ────────── refuse, exit 2
//                 lock (state file says "maintenance": frontends answer 503)
//                 → maintenance.php --enable → upgrade.php --non-interactive
//                 → verify → purge caches → maintenance.php --disable
//                 → unlock → snapshot
//
// Any failure, Moodle's script crashing, or SIGINT/SIGTERM/SIGHUP: stop
// Moodle's script if it runs (SIGTERM, then SIGKILL), clear an upgraderunning
// it left, release the UI lock it or we set (database first, then the state
// file), and turn maintenance mode off again if nothing was changed yet — or
// leave the site in maintenance mode, saying so, when the database was
// changed half-way. Then exit 1, or 128 + the signal number.

namespace MoodleUpgrade;

require_once __DIR__ . '/report.php';
require_once __DIR__ . '/journal.php';
require_once __DIR__ . '/fleet.php';

final class Interrupted extends \RuntimeException
{
}

final class Deploy
{
    private Args $args;
    private Site $site;
    private ?Lock $lock = null;
    private array $php;
    private int $ttl;
    private int $killafter;
    private int $signal = 0;
    private array $steps = [];
    private array $restored = [];
    private array $warnings = [];
    private string $path = '';
    private ?array $before = null;
    /** What is set now and must be undone on failure. */
    private bool $filelocked = false;
    private bool $dblock = false;
    private bool $maintenance = false;
    private bool $ranupgrade = false;
    private bool $upgraded = false;
    private bool $restoring = false;
    private ?string $refusal = null;
    /** The report at decision time, for --json. */
    private ?array $decision = null;
    /** Moodle's admin/cli/upgrade.php invocation (no command), not `deploy`. */
    private bool $dropin;
    /** No progress lines for now. */
    private bool $quiet = false;
    /** --set-ui-upgrade-lock on the outageless path: the lock stays, even when it fails. */
    private bool $keep = false;
    /** A kept lock with its database flag was taken over. */
    private bool $takeover = false;
    /** The code's maturity is below stable and the user confirmed it anyway (interactive). */
    private bool $unstable = false;
    private ?Journal $journal = null;
    /** The journal of a deploy that died without cleaning up, being finished by this one. */
    private ?array $recovering = null;
    /** The child running now (pid and start time), for the journal. */
    private ?array $child = null;
    private string $current = '';
    private bool $childgone = false;
    /** Whether this deploy wrote the journal (else a dead deploy's journal, if any, is left as it was). */
    private bool $journaled = false;
    /** This process, as the journal names it. */
    private array $me;
    private int $since;
    /** When the lock was last renewed while polling the fleet. */
    private int $beat = 0;
    /** --frontends: the fleet to wait for before the upgrade, and to report on after it. */
    private ?Fleet $fleet = null;
    /** The frontends that did not confirm the lock: url => what each reported. */
    private array $unconfirmed = [];

    public function __construct(private Context $ctx)
    {
        $this->args = $ctx->args;
        $this->site = $ctx->site;
        $php = $this->args->get('php');
        $this->php = $php === null ? [PHP_BINARY] : preg_split('/\s+/', trim($php), -1, PREG_SPLIT_NO_EMPTY);
        if (!$this->php) {
            fail('--php needs a PHP binary');
        }
        $this->ttl = $this->args->seconds('ttl', 300);
        $this->killafter = $this->args->seconds('kill-after', 20);
        $this->dropin = $this->args->command === 'upgrade';
        $this->me = self_record();
        $this->since = time();
        // Checked before anything is read or written: a bad URL or file stops it here.
        $this->fleet = Fleet::from_args($this->args);
    }

    public function run(): int
    {
        $t0 = hrtime(true);
        $this->signals(true);
        try {
            $exit = $this->sequence();
            $result = $exit === EXIT_OK ? ($this->upgraded ? 'upgraded' : ($this->recovering ? 'recovered' : 'nothing-to-do'))
                : ($exit === EXIT_BUSY ? 'busy' : 'refused');
            $reason = null;
            if ($exit !== EXIT_BUSY) {
                $this->journal_done();
            }
        } catch (\Throwable $e) {
            // Whatever went wrong, the site goes back to a safe state.
            $reason = Site::one_line($e->getMessage());
            if (!$this->dropin) {
                $this->progress('failed', $reason);
            }
            $this->restore();
            if (!$this->signal && isset($this->ctx->db) && !str_contains($reason, $this->site->db_label())) {
                try {
                    $this->ctx->db->get_config('version');
                } catch (\Throwable) {
                    // Moodle's script saw it first: say what it was.
                    $reason .= '; the ' . $this->site->db_label() . ' does not answer';
                }
            }
            $exit = $this->signal ? 128 + $this->signal : EXIT_ERROR;
            $result = $this->signal ? 'interrupted' : 'failed';
            $this->journal_done();
        } finally {
            $this->signals(false);
            $this->journal?->unlock();
        }
        $this->finish($result, $exit, $reason ?? ($this->refusal ?? null), ms($t0));
        return $exit;
    }

    /** The happy path, step by step; returns the exit code. */
    private function sequence(): int
    {
        $a = $this->args;
        $this->quiet = $this->dropin;   // Moodle says nothing before its answer: neither does the drop-in
        // Deciding reads only: a database that is down, refuses us or is not Moodle's stops it with nothing written.
        $d = $this->step('decide', function () {
            $decision = $this->ctx->load(true);
            $this->before = $this->ctx->stored;
            return [$decision, self::describe($decision, $this->ctx)];
        });
        $this->quiet = false;
        fault_point('decided');
        $busy = $this->take_over($waited);
        if ($busy !== null) {
            return $this->refuse(EXIT_BUSY, $busy);
        }
        if ($waited) {
            // The dead deploy's Moodle script ran on: decide again on what it left.
            $d = $this->ctx->reload();
            $this->before = $this->ctx->stored;
            $this->progress('decide', self::describe($d, $this->ctx));
        }
        $this->lock = new Lock($this->site, $this->ctx->db);
        if ($a->has('json')) {
            $this->decision = report($this->ctx, $d);
        }

        if ($d->downgrade) {
            return $this->refuse(EXIT_DOWNGRADE, 'the code is older than the database (' . downgrade_list($d) . '): Moodle cannot downgrade');
        }
        if ($this->dropin && $a->has('unset-ui-upgrade-lock')) {
            // Moodle releases the lock first, unconditionally, then goes on.
            $this->lock->release(true);
            $this->ctx->stored['config']['outagelessupgrade'] = '0';
            $this->say(STDOUT, MSG_UNLOCKED);
        }
        // As Moodle: with --no-maintenance, changed db/ files end it before anything else (for deploy: when pending).
        if ($a->has('no-maintenance') && ($d->pending || $this->dropin) && $d->maintenance_required()) {
            $why = maintenance_causes($this->ctx, $d);
            return $this->refuse(EXIT_PENDING, $this->dropin
                ? MSG_MAINTENANCE . " Forced by: $why. Nothing was started (--no-maintenance)."
                : "maintenance mode is required ($why) and --no-maintenance was given: nothing was started");
        }
        if ($this->recovering !== null) {
            $this->adopt();
        }
        if (!$d->pending && $this->recovering !== null) {
            return $this->finish_recovery();
        }
        if (!$d->pending) {
            $this->path = 'none';
            $this->quiet = $this->dropin;
            // Every frontend must find the state file before the first lock
            // (see Lock::init()); an upgrade's lock step writes it anyway.
            $lock = $this->lock->view($this->ctx->stored);
            if ($lock['status'] === 'none' && $lock['state_file'] !== null && Lock::supported()
                    && ($lock['state']['since'] ?? 0) === 0) {
                $this->step('state file', fn() => [null, $this->lock->init()[0] ? 'created, unlocked' : 'present']);
            }
            // A site set up before versions hashes were recorded (or upgraded by other means): record it now.
            $state = $lock['state_file'] !== null && function_exists('upgrade_record_versions_hash') ? $this->lock->read_file() : null;
            if ($state !== null && ($state['versions_hash'] ?? null) !== ($this->ctx->stored['config']['allversionshash'] ?? null)) {
                $this->record_versions_hash();
            }
            $snap = $this->site->snapshot_file();
            if (function_exists('upgrade_snapshot') && $snap !== null && !is_file($snap)) {
                $this->step('snapshot', fn() => [null, write_snapshot($this->site)]);
            }
            $this->quiet = false;
            $this->report_fleet();
            return EXIT_OK;
        }

        $cfg = $this->ctx->stored['config'];
        if (!empty($cfg['upgraderunning']) && (int) $cfg['upgraderunning'] > time()) {
            return $this->refuse(EXIT_BUSY, 'an upgrade is already running (upgraderunning until '
                . gmdate('H:i:s', (int) $cfg['upgraderunning']) . ' UTC)');
        }
        $lock = $this->lock->view($this->ctx->stored);
        $kept = in_array($lock['status'], ['held', 'stale'], true) && str_starts_with((string) $lock['reason'], KEPT_LOCK);
        if ($kept) {
            // Kept on purpose by --set-ui-upgrade-lock (a question, or an upgrade told to keep it): no upgrade runs under it.
            $this->warnings[] = "took over the UI upgrade lock kept by {$lock['owner']} since {$lock['since']} (--set-ui-upgrade-lock)";
            $this->takeover = (bool) $lock['database'];
        } elseif ($lock['mismatch'] !== null && !$lock['mismatch']['explained'] && !$this->filelocked && !$this->dblock) {
            fail("{$lock['mismatch']['line']}: {$lock['mismatch']['fix']}");
        } elseif ($lock['status'] === 'held' && !$this->filelocked) {
            return $this->refuse(EXIT_BUSY, "the UI upgrade lock is held by {$lock['owner']} since {$lock['since']}"
                . " ({$lock['kind']}): another upgrade is running");
        } elseif ($lock['status'] === 'unrecorded' && !$this->dblock) {
            fail('the UI upgrade lock is set in the database with no owner on record: another upgrade may be running;'
                . ' if none is, release it with moodle-upgrade --is-pending --unset-ui-upgrade-lock');
        } elseif ($lock['status'] === 'stale') {
            // (Still set in the database, it is a mismatch above: Moodle's own CLI does not renew its lock.)
            $this->warnings[] = "took over a stale lock of {$lock['owner']} in the state file (expired {$lock['until']})";
        }

        if ($this->dropin && !$a->has('non-interactive') && !stream_isatty(STDIN)) {
            fail('the upgrade asks for confirmation and stdin is not a terminal: nothing was started'
                . ' (add --non-interactive to upgrade without asking)');
        }
        // Moodle's scripts must be there before anything is touched.
        $this->step('scripts', function () {
            [$dir, $where] = $this->site->cli_dir();
            foreach (['upgrade', 'maintenance', 'purge_caches'] as $name) {
                if (!is_file("$dir/$name.php")) {
                    fail("Moodle's $name.php is missing from $dir");
                }
            }
            return [null, 'Moodle\'s admin CLI scripts in ' . $this->site->relative($dir) . "/ ($where)"];
        });
        // The drop-in asks, as Moodle does, unless --non-interactive; never without a terminal.
        if ($this->dropin && !$a->has('non-interactive')) {
            // Nothing to restore yet: Ctrl-C at the question just ends the program, as in Moodle.
            $this->signals(false);
            $yes = confirm_upgrade($this->ctx, $this->unstable);
            $this->signals(true);
            if (!$yes) {
                return $this->refuse(EXIT_ERROR, 'the upgrade was not confirmed: nothing was started');
            }
        }

        // deploy: maintenance mode when the db/ files need it; the drop-in: as Moodle, unless --no-maintenance.
        $maintenance = ($this->dropin ? !$a->has('no-maintenance') : $d->maintenance_required()) || $this->left_in_maintenance();
        if ($maintenance) {
            $this->path = 'maintenance';
            if ($a->has('set-ui-upgrade-lock')) {
                $this->warnings[] = '--set-ui-upgrade-lock has no effect on an upgrade in maintenance mode (as in Moodle)';
            }
            $this->step('lock', function () {
                $notes = $this->lock->set('maintenance', 'moodle-upgrade deploy (maintenance)', $this->ttl, false,
                    function () {
                        $this->filelocked = true;
                        $this->dblock = $this->dblock || $this->takeover;   // a kept flag taken over is ours to release
                        $this->journal_write();
                        fault_point('lock-file');
                    });
                return [null, implode('; ', $notes)];
            });
            $this->wait_for_fleet();
            $this->step('maintenance on', function () {
                $this->maintenance = true;   // from here, maintenance.php may have acted
                $out = $this->moodle('maintenance', ['--enable']);
                fault_point('maintenance-on');
                return [null, $out];
            });
            $this->step('upgrade', fn() => [null, $this->moodle('upgrade', $this->upgrade_args(false))]);
            $this->step('verify', fn() => [null, $this->verify()]);
            $this->record_versions_hash();
            $this->step('purge caches', fn() => [null, $this->moodle('purge_caches', [])]);
            $this->step('maintenance off', function () {
                $out = $this->moodle('maintenance', ['--disable']);
                $this->maintenance = false;
                return [null, $out];
            });
            $this->step('unlock', function () {
                $notes = $this->lock->release($this->dblock);
                $this->filelocked = $this->dblock = false;
                return [null, implode('; ', $notes)];
            });
        } else {
            $this->path = 'outageless';
            $this->keep = $a->has('set-ui-upgrade-lock');
            $this->step('lock', function () {
                $notes = $this->lock->set('outageless', 'moodle-upgrade deploy', $this->ttl, true,
                    function () {
                        // From here the database flag may be set: undo both on failure.
                        $this->filelocked = $this->dblock = true;
                        $this->journal_write();
                        fault_point('lock-file');
                    });
                fault_point('lock-db');
                return [null, implode('; ', $notes)];
            });
            $this->wait_for_fleet();
            $this->step('upgrade', fn() => [null, $this->moodle('upgrade', $this->upgrade_args(true))]);
            $this->step('verify', fn() => [null, $this->verify()]);
            $this->record_versions_hash();
            if ($this->keep) {
                $this->step('keep lock', fn() => [null, implode('; ', $this->keep_lock())]);
            } else {
                $this->step('unlock', function () {
                    $notes = $this->lock->release(true);
                    $this->dblock = $this->filelocked = false;
                    return [null, implode('; ', $notes)];
                });
            }
            if (!$this->dropin) {
                $this->step('purge caches', fn() => [null, $this->moodle('purge_caches', [])]);
            }
        }
        if (function_exists('upgrade_snapshot')) {
            try {
                $this->step('snapshot', fn() => [null, write_snapshot($this->site)]);
            } catch (Failure | \UpgradeException $e) {
                $this->warnings[] = 'the upgrade is done but the snapshot was not written: ' . Site::one_line($e->getMessage());
            }
        } else {
            $this->warnings[] = 'no snapshot written: this build of the upgrade extension has no upgrade_snapshot()';
        }
        $this->report_fleet();
        return EXIT_OK;
    }

    /**
     * --frontends: after the lock is taken (state file written), every
     * frontend must report it before anything else changes. One that does
     * not within --frontend-timeout: a line naming it and what it reported,
     * then a failure, which releases the lock (database, then state file).
     */
    private function wait_for_fleet(): void
    {
        if ($this->fleet === null) {
            return;
        }
        $this->step('frontends', function () {
            $mine = $this->lock->written;
            if ($mine === null) {
                $why = null;
                $this->lock->file($why);
                fail("--frontends: no lock in a state file for the frontends to see ($why)");
            }
            $n = count($this->fleet->urls);
            $this->beat = time();
            $pending = $this->fleet->barrier($mine, fn() => $this->tick(), $waited);
            if ($pending !== []) {
                foreach ($pending as $url => $said) {
                    $this->progress("frontend $url", "did not confirm the lock within {$this->fleet->timeout} s: $said");
                }
                $this->unconfirmed = $pending;
                fail(count($pending) . " of $n frontend" . ($n === 1 ? '' : 's') . " did not confirm the lock within"
                    . " {$this->fleet->timeout} s (named above): the upgrade was not started");
            }
            return [null, ($n === 1 ? 'the frontend' : "all $n frontends") . " confirmed the lock; then waited their largest"
                . " recheck_ms ($waited ms) for every worker to revalidate"];
        });
    }

    /** Between polls of the fleet: the lock kept alive, a signal acted on. */
    private function tick(): void
    {
        $this->checkpoint();
        if ($this->filelocked && time() - $this->beat >= max(1, intdiv($this->ttl, 3))) {
            $this->lock->heartbeat($this->ttl);
            $this->beat = time();
        }
    }

    /**
     * After a successful upgrade: the database's allversionshash goes into
     * the state file, the versions hash every frontend's status answer
     * compares its own code with (readiness). Not recorded: a warning, the
     * upgrade itself is done.
     */
    private function record_versions_hash(): void
    {
        $hash = (string) ($this->ctx->stored['config']['allversionshash'] ?? '');
        try {
            $this->step('versions hash', fn() => [null, implode('; ', $this->lock->record_versions_hash($hash))]);
        } catch (Failure | \UpgradeException | \ValueError $e) {
            $this->warnings[] = 'the versions hash was not recorded in the state file (frontends report not ready): '
                . Site::one_line($e->getMessage());
        }
    }

    /** --frontends: which frontends run code that matches the database now. */
    private function report_fleet(): void
    {
        if ($this->fleet === null) {
            return;
        }
        $hash = (string) ($this->ctx->stored['config']['allversionshash'] ?? '');
        $unlocked = !$this->filelocked && !($this->keep && $this->upgraded);
        $this->step('frontends', function () use ($hash, $unlocked) {
            $r = $this->fleet->check_code($hash, $unlocked, fn() => $this->checkpoint());
            $ok = count(array_filter($r, fn($f) => $f['matches'] === true));
            return [null, "$ok of " . count($r) . ' run code that matches the database (each named below)'];
        });
    }

    /**
     * --set-ui-upgrade-lock on an upgrade without maintenance: the lock stays
     * after it (Moodle: "MUST be manually removed"), in both places, the state
     * file naming this run as keeping it, for --ttl seconds (default 3600).
     */
    private function keep_lock(): array
    {
        $ttl = $this->args->seconds('ttl', 3600);
        $notes = $this->lock->set('outageless', KEPT_LOCK . ' (kept after the upgrade)', $ttl, true);
        $this->filelocked = $this->dblock = false;   // kept on purpose: nothing to undo any more
        $notes[] = 'kept as --set-ui-upgrade-lock asked: release it with moodle-upgrade --is-pending --unset-ui-upgrade-lock';
        return $notes;
    }

    /**
     * Takes the deploy lock and looks at what the last deploy left. Returns
     * why this one must not run (another deploy runs), or null. A dead
     * deploy's Moodle script that still runs is waited for: its upgrade is
     * the one this deploy would do.
     */
    private function take_over(?bool &$waited = false): ?string
    {
        $waited = false;
        $this->journal = Journal::for_site($this->site);
        if ($this->journal === null) {
            return null;   // no dataroot known: the lock step says what that means
        }
        if (!$this->journal->lock()) {
            $j = null;
            try {
                $j = $this->journal->read();
            } catch (Failure) {
            }
            return 'another deploy is running: ' . ($j !== null ? self::who($j)
                : "a process holds {$this->journal->dir}/deploy.lock");
        }
        $j = $this->journal->read();
        if ($j === null) {
            return null;
        }
        $view = deploy_view($this->site, $j);
        if ($view['running']) {
            // Another host, its lock still renewed: flock is not shared there (e.g. NFS with local_lock).
            return 'another deploy is running: ' . self::who($j);
        }
        $this->progress('recover', "the deploy of {$view['owner']} (started {$view['since']}) was interrupted during"
            . " '{$view['step']}' without cleaning up: finishing its work");
        $c = $j['child'] ?? null;
        $this->childgone = $view['child_running'] === false || $c === null;
        if ($view['child_running'] === true) {
            $this->progress('recover', "Moodle's {$c['script']}.php (pid {$c['pid']}) that it started still runs: waiting for it to end");
            $t0 = hrtime(true);
            while (process_alive($j['host'], (int) $c['pid'], $c['started'] ?? null)) {
                $this->checkpoint();
                usleep(200000);
            }
            $this->childgone = $waited = true;
            $this->progress('recover', "Moodle's {$c['script']}.php ended", ms($t0));
        }
        $this->recovering = $j;
        return null;
    }

    /** What the dead deploy held (its lock, its Moodle run's upgraderunning) becomes this deploy's to undo. */
    private function adopt(): void
    {
        $j = $this->recovering;
        $cfg = $this->ctx->stored['config'];
        if (!empty($cfg['upgraderunning']) && $this->childgone) {
            $this->ctx->db->unset_config('upgraderunning');
            $this->progress('recover', 'cleared the upgraderunning its Moodle upgrade left');
        }
        $state = $this->lock->read_file();
        $theirs = $state !== null && (!empty($state['locked']) || !empty($state['expired']))
            && ($state['host'] ?? null) === $j['host'] && (int) ($state['pid'] ?? 0) === (int) $j['pid'];
        if ($theirs) {
            $this->filelocked = true;
            $this->progress('recover', 'took over its lock in the state file');
        }
        if (!empty($cfg['outagelessupgrade']) && ($theirs || !empty($j['dblock']))) {
            $this->dblock = true;
            $this->progress('recover', 'took over its UI upgrade lock in the database');
        }
        $this->ctx->reload();
    }

    /** Whether the dead deploy left CLI maintenance mode on. */
    private function left_in_maintenance(): bool
    {
        return $this->recovering !== null && !empty($this->recovering['maintenance']) && $this->site->dataroot !== null
            && is_file("{$this->site->dataroot}/climaintenance.html");
    }

    /** The dead deploy's Moodle upgrade is done: what it did not get to do after it. */
    private function finish_recovery(): int
    {
        $inmaintenance = $this->left_in_maintenance();
        $this->path = $inmaintenance ? 'maintenance' : 'outageless';
        $this->step('scripts', fn() => [null, 'Moodle\'s admin CLI scripts in ' . $this->site->relative($this->site->cli_dir()[0]) . '/']);
        $this->step('purge caches', fn() => [null, $this->moodle('purge_caches', [])]);
        $this->record_versions_hash();
        if ($inmaintenance) {
            $this->maintenance = true;
            $this->step('maintenance off', function () {
                $out = $this->moodle('maintenance', ['--disable']);
                $this->maintenance = false;
                return [null, $out];
            });
        }
        if ($this->filelocked || $this->dblock) {
            $this->step('unlock', function () {
                $notes = $this->lock->release($this->dblock);
                $this->dblock = $this->filelocked = false;
                return [null, implode('; ', $notes)];
            });
        }
        if (function_exists('upgrade_snapshot')) {
            $this->step('snapshot', fn() => [null, write_snapshot($this->site)]);
        }
        return EXIT_OK;
    }

    /** Records where this deploy is, for the next one if this one dies. */
    private function journal_write(): void
    {
        if ($this->journal === null) {
            return;
        }
        $this->journaled = true;
        $this->journal->write($this->me + [
            'user' => function_exists('posix_getpwuid') ? (posix_getpwuid(posix_geteuid())['name'] ?? '?') : get_current_user(),
            'since' => $this->since,
            'updated' => time(),
            'step' => $this->current,
            'path' => $this->path !== '' ? $this->path : null,
            'file_locked' => $this->filelocked,
            'dblock' => $this->dblock,
            'maintenance' => $this->maintenance,
            'ran_upgrade' => $this->ranupgrade,
            'child' => $this->child,
            'recovering' => $this->recovering !== null ? self::who($this->recovering) : null,
        ]);
    }

    /** At the end: no journal, unless something was left (maintenance mode, a lock) for the next deploy to finish. */
    private function journal_done(): void
    {
        // A refusal before this deploy changed anything keeps a dead deploy's journal for the next run.
        if ($this->journal === null || !$this->journaled) {
            return;
        }
        try {
            if ($this->maintenance || $this->dblock || $this->filelocked) {
                $this->current = 'failed';
                $this->journal_write();
            } else {
                $this->journal->remove();
            }
        } catch (\Throwable $e) {
            $this->warnings[] = Site::one_line($e->getMessage());
        }
    }

    /** "root@web1 pid 123 since 10:00:00 UTC, step 'upgrade'" from a journal. */
    private static function who(array $j): string
    {
        return ($j['user'] ?? '?') . '@' . ($j['host'] ?? '?') . ' pid ' . ($j['pid'] ?? '?')
            . (isset($j['since']) ? ' since ' . gmdate('Y-m-d H:i:s', (int) $j['since']) . ' UTC' : '')
            . (isset($j['step']) && $j['step'] !== '' ? ", step '{$j['step']}'" : '');
    }

    /** The decision in a few words, for the progress line. */
    private static function describe(Decision $d, Context $ctx): string
    {
        if ($d->downgrade) {
            return 'downgrade';
        }
        if (!$d->pending) {
            return 'nothing pending';
        }
        $changes = component_changes($ctx->stored, $ctx->code->versions());
        $what = [];
        foreach (array_slice($changes, 0, 3, true) as $c => $ch) {
            $what[] = "$c " . vstr($ch['old']) . ' -> ' . vstr($ch['new']);
        }
        if (count($changes) > 3) {
            $what[] = (count($changes) - 3) . ' more';
        }
        return 'upgrade pending, ' . ($d->maintenance_required() ? 'maintenance required' : 'no maintenance needed')
            . ($what ? ' (' . implode(', ', $what) . ')' : '');
    }

    /** Moodle's upgrade.php is always run --non-interactive: the drop-in asked already, deploy never asks. */
    private function upgrade_args(bool $nomaintenance): array
    {
        $a = ['--non-interactive'];
        if ($nomaintenance) {
            $a[] = '--no-maintenance';
            if ($this->keep) {
                $a[] = '--set-ui-upgrade-lock';   // Moodle then leaves outagelessupgrade set, as the state file
            }
        }
        if ($this->args->has('allow-unstable') || $this->unstable) {
            $a[] = '--allow-unstable';
        }
        if ($this->args->has('lang')) {
            $a[] = '--lang=' . $this->args->get('lang', '');
        }
        if ($this->args->has('verbose-settings')) {
            $a[] = '--verbose-settings';
        }
        return $a;
    }

    private function refuse(int $exit, string $why): int
    {
        $this->refusal = $why;
        if (!$this->dropin) {
            $this->progress('refused', $why);
        }
        return $exit;
    }

    /** After Moodle's upgrade: the database must now match the code. */
    private function verify(): string
    {
        $d = $this->ctx->reload();
        $this->clear_upgraderunning();
        if ($d->pending) {
            fail("Moodle's upgrade finished but the database still differs from the code (" . $d->verdict() . ')');
        }
        $this->upgraded = true;
        return 'the database matches the code';
    }

    /**
     * Runs one of Moodle's admin CLI scripts, its output passed through to
     * stderr, the lock kept alive, signals forwarded. Returns a summary;
     * throws when it fails or the deploy is interrupted.
     */
    private function moodle(string $name, array $args): string
    {
        $script = $this->site->cli_script($name);
        if (!is_file($script)) {
            fail("Moodle's $script is missing");
        }
        $this->checkpoint();
        if ($name === 'upgrade') {
            $this->ranupgrade = true;
        }
        $cmd = [...$this->php, $script, ...$args];
        $pipes = [];
        $proc = @proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $this->site->root);
        if (!is_resource($proc)) {
            fail('cannot start ' . implode(' ', $cmd));
        }
        foreach ([1, 2] as $i) {
            stream_set_blocking($pipes[$i], false);
        }
        $pid = proc_get_status($proc)['pid'];
        $this->child = ['script' => $name, 'pid' => $pid, 'started' => process_started($pid)];
        $this->journal_write();
        if ($name === 'purge_caches') {
            fault_point('purge');
        }
        $open = [1 => $pipes[1], 2 => $pipes[2]];
        $buffer = [1 => '', 2 => ''];
        $last = '';
        $termsent = null;
        $killed = false;
        $beat = time();
        $code = -1;
        $signaled = 0;
        while (true) {
            $st = proc_get_status($proc);
            if (!$st['running']) {
                $code = $st['exitcode'];
                $signaled = $st['signaled'] ? $st['termsig'] : 0;
                break;
            }
            if ($this->signal && !$this->restoring && $termsent === null) {
                proc_terminate($proc, SIGTERM);
                $termsent = microtime(true);
            } elseif ($termsent !== null && !$killed && microtime(true) - $termsent >= $this->killafter) {
                proc_terminate($proc, SIGKILL);
                $killed = true;
            }
            if ($this->filelocked && time() - $beat >= max(1, intdiv($this->ttl, 3))) {
                $this->lock->heartbeat($this->ttl);
                $beat = time();
            }
            $r = array_values($open);
            $w = $e = null;
            if ($r) {
                if (@stream_select($r, $w, $e, 0, 200000)) {
                    foreach ($r as $p) {
                        $i = array_search($p, $open, true);
                        $chunk = fread($p, 65536);
                        if ($chunk === '' || $chunk === false) {
                            if (feof($p)) {
                                unset($open[$i]);
                            }
                            continue;
                        }
                        $last = $this->pass_through($i, $buffer[$i], $chunk, $last);
                    }
                }
            } else {
                usleep(100000);
            }
        }
        foreach ($open as $i => $p) {
            $rest = stream_get_contents($p);
            if ($rest !== false && $rest !== '') {
                $last = $this->pass_through($i, $buffer[$i], $rest, $last);
            }
        }
        foreach ($buffer as $i => $b) {
            if ($b !== '') {
                $last = $this->pass_through($i, $b, "\n", $last);
            }
        }
        fclose($pipes[1]);
        fclose($pipes[2]);
        proc_close($proc);
        $this->child = null;
        $rel = $this->site->relative($script);
        if ($name === 'upgrade' && ($code !== 0 || $signaled)) {
            $this->clear_upgraderunning();
        }
        if ($this->signal && !$this->restoring) {
            throw new Interrupted("interrupted by " . self::signame($this->signal) . " while $rel ran");
        }
        if ($signaled) {
            fail("$rel was killed by " . self::signame($signaled) . ($last !== '' ? ": $last" : ''));
        }
        if ($code !== 0) {
            fail("$rel exited with $code" . ($last !== '' ? ": $last" : ''));
        }
        return trim("$rel " . implode(' ', $args)) . ': ok';
    }

    /**
     * Forwards complete lines of a child's output (pipe $i: 1 stdout, 2 stderr):
     * deploy indents them all on stderr; the drop-in prints them as Moodle's
     * own script would, each on its stream. Returns the last non-empty line.
     */
    private function pass_through(int $i, string &$buffer, string $chunk, string $last): string
    {
        $buffer .= $chunk;
        while (($nl = strpos($buffer, "\n")) !== false) {
            $line = rtrim(substr($buffer, 0, $nl), "\r");
            $buffer = substr($buffer, $nl + 1);
            if ($this->dropin) {
                fwrite($i === 1 && !$this->args->has('json') ? STDOUT : STDERR, "$line\n");
            } else {
                fwrite(STDERR, "    $line\n");
            }
            if (trim($line) !== '') {
                $last = Site::one_line($line);
            }
        }
        return $last;
    }

    /** Moodle's script died and left upgraderunning: every CLI script would refuse to run for minutes. */
    private function clear_upgraderunning(): void
    {
        try {
            if ($this->ctx->db->get_config('upgraderunning') !== null) {
                $this->ctx->db->unset_config('upgraderunning');
                $this->restored[] = 'cleared upgraderunning left by Moodle\'s upgrade script';
            }
        } catch (Failure $e) {
            $this->restored[] = 'could not clear upgraderunning: ' . $e->getMessage();
        }
    }

    /** Puts the site back into a safe state after a failure. Never throws. */
    private function restore(): void
    {
        $this->restoring = true;
        $try = function (string $what, callable $fn): void {
            try {
                $fn();
                $this->restored[] = $what;
            } catch (\Throwable $e) {
                $this->restored[] = "$what FAILED: " . Site::one_line($e->getMessage());
            }
        };
        if ($this->ranupgrade) {
            $this->clear_upgraderunning();
        }
        if ($this->keep && ($this->dblock || $this->ranupgrade)) {
            // --set-ui-upgrade-lock: the lock stays, failed or cancelled, as it would after the upgrade.
            $try('kept the UI upgrade lock as --set-ui-upgrade-lock asked (release it with moodle-upgrade --is-pending'
                . ' --unset-ui-upgrade-lock)', fn() => $this->keep_lock());
        } elseif ($this->dblock || ($this->path === 'outageless' && $this->ranupgrade)) {
            // Moodle's --no-maintenance run sets outagelessupgrade itself: clear it whoever set it.
            $try('released the UI upgrade lock in the database (outagelessupgrade = 0)', function () {
                $this->ctx->db->set_config('outagelessupgrade', '0');
                $this->dblock = false;
            });
        }
        if ($this->maintenance) {
            $changed = $this->database_changed();
            if ($changed === false) {
                $try('turned CLI maintenance mode off (the database was not changed)',
                    fn() => $this->moodle('maintenance', ['--disable']));
            } else {
                $this->restored[] = $changed === null
                    ? 'left CLI maintenance mode ON: the database could not be read to tell whether the upgrade changed it'
                    : 'left CLI maintenance mode ON: the upgrade changed the database half-way; fix the cause and run deploy'
                        . ' again, or turn it off with ' . $this->site->admin . '/cli/maintenance.php --disable';
            }
        }
        if ($this->filelocked && $this->dblock) {
            // The database flag stays set: its owner stays on record (the journal lets the next deploy finish).
            $this->restored[] = 'kept the lock in the state file: the database flag could not be released; run deploy again'
                . ' when the database is back';
        } elseif ($this->filelocked) {
            $try('released the lock in the state file', function () {
                $this->lock->release(false);
                $this->filelocked = false;
            });
        }
        foreach ($this->restored as $r) {
            $this->progress('restore', $r);
        }
    }

    /** Whether the installed versions differ from before the deploy (null: cannot tell). */
    private function database_changed(): ?bool
    {
        if ($this->before === null) {
            return false;
        }
        try {
            $now = $this->ctx->db->read();
        } catch (\Throwable) {
            return null;
        }
        $keys = ['version', 'allversionshash', 'allcomponenthash'];
        foreach ($keys as $k) {
            if (($now['config'][$k] ?? null) !== ($this->before['config'][$k] ?? null)) {
                return true;
            }
        }
        return $now['plugins'] != $this->before['plugins'];
    }

    /** Runs a step: progress line with its duration; returns the step's value. */
    private function step(string $name, callable $fn): mixed
    {
        $this->checkpoint();
        $this->current = $name;
        if ($name !== 'decide' && $name !== 'scripts') {
            $this->journal_write();
        }
        $t0 = hrtime(true);
        try {
            [$value, $detail] = $fn();
        } catch (\Throwable $e) {
            $this->steps[] = ['step' => $name, 'ok' => false, 'ms' => round(ms($t0), 1), 'detail' => Site::one_line($e->getMessage())];
            throw $e;
        }
        $t = ms($t0);
        $this->steps[] = ['step' => $name, 'ok' => true, 'ms' => round($t, 1), 'detail' => $detail];
        if (!$this->quiet) {
            $this->progress($name, $detail, $t);
        }
        $this->checkpoint();
        return $value;
    }

    private function checkpoint(): void
    {
        if ($this->signal && !$this->restoring) {
            throw new Interrupted('interrupted by ' . self::signame($this->signal));
        }
    }

    private function progress(string $step, string $detail, ?float $ms = null): void
    {
        $took = $ms === null ? '' : ($ms >= 1000 ? sprintf(' [%.1f s]', $ms / 1000) : sprintf(' [%.0f ms]', $ms));
        fwrite(STDERR, ($this->dropin ? 'moodle-upgrade' : 'deploy') . ": $step: $detail$took\n");
    }

    /** A line of the drop-in's own (Moodle's sentences), not with --json. */
    private function say($stream, string $line): void
    {
        if (!$this->args->has('json')) {
            fwrite($stream, "$line\n");
        }
    }

    private function finish(string $result, int $exit, ?string $reason, float $ms): void
    {
        foreach ($this->warnings as $w) {
            $this->progress('warning', $w);
        }
        if ($this->args->has('json')) {
            echo json_encode([
                'result' => $result,
                'path' => $this->path ?: null,
                'exit' => $exit,
                'reason' => $reason,
                'steps' => $this->steps,
                'restored' => $this->restored,
                'warnings' => $this->warnings,
                'ms' => round($ms, 1),
                'decision' => $this->decision,
                'frontends' => $this->fleet === null ? null : [
                    'urls' => $this->fleet->urls,
                    'timeout' => $this->fleet->timeout,
                    'barrier' => $this->fleet->barrier,
                    'unconfirmed' => $this->unconfirmed,
                    'report' => array_values($this->fleet->report),
                ],
            ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
            return;
        }
        $took = sprintf('%.1f s', $ms / 1000);
        foreach ($this->fleet?->report ?? [] as $f) {
            echo "deploy: {$f['line']}\n";
        }
        if ($this->dropin) {
            // Moodle's own words where it has them; otherwise one line on stderr.
            $line = match ($result) {
                'upgraded' => 'moodle-upgrade: upgraded ' . ($this->path === 'maintenance' ? 'in maintenance mode' : 'without maintenance mode')
                    . " in $took" . ($this->keep ? '; the UI upgrade lock is kept (--set-ui-upgrade-lock)' : ''),
                'nothing-to-do' => msg_no_need($this->ctx),
                'recovered' => 'moodle-upgrade: finished the interrupted upgrade of ' . self::who($this->recovering)
                    . " in $took: the database matches the code",
                'busy' => "moodle-upgrade: $reason",
                'refused' => $exit === EXIT_ERROR ? "moodle-upgrade: $reason" : ($exit === EXIT_DOWNGRADE
                    ? "moodle-upgrade: $reason" : $reason),
                'interrupted' => "moodle-upgrade: interrupted: $reason; safe state restored (see above)",
                default => $this->restored === [] ? "moodle-upgrade: $reason"
                    : "moodle-upgrade: FAILED: $reason; safe state restored (see above)",
            };
            fwrite(STDERR, "$line\n");
            return;
        }
        echo match ($result) {
            'upgraded' => "deploy: upgraded " . ($this->path === 'maintenance' ? 'in maintenance mode' : 'without maintenance mode') . " in $took\n",
            'nothing-to-do' => "deploy: nothing to do: the database matches the code\n",
            'recovered' => 'deploy: finished the interrupted deploy of ' . self::who($this->recovering)
                . " in $took: the database matches the code\n",
            'refused', 'busy' => "deploy: refused: $reason\n",
            'interrupted' => "deploy: interrupted: $reason; safe state restored (see above)\n",
            default => "deploy: FAILED: $reason; safe state restored (see above)\n",
        };
    }

    /** Async signal handling while deploying: note the signal, let the loop act on it. */
    private function signals(bool $on): void
    {
        if (!function_exists('pcntl_signal')) {
            return;
        }
        pcntl_async_signals($on);
        foreach ([SIGINT, SIGTERM, SIGHUP] as $s) {
            pcntl_signal($s, $on ? [$this, 'on_signal'] : SIG_DFL);
        }
    }

    public function on_signal(int $signo): void
    {
        if ($this->signal === 0 && !$this->restoring) {
            $this->signal = $signo;
            fwrite(STDERR, ($this->dropin ? 'moodle-upgrade' : 'deploy') . ': got ' . self::signame($signo) . ": stopping, then restoring a safe state\n");
        } else {
            fwrite(STDERR, ($this->dropin ? 'moodle-upgrade' : 'deploy') . ': got ' . self::signame($signo) . " again: still restoring a safe state, please wait\n");
        }
    }

    private static function signame(int $s): string
    {
        return match ($s) {
            SIGINT => 'SIGINT',
            SIGTERM => 'SIGTERM',
            SIGHUP => 'SIGHUP',
            SIGKILL => 'SIGKILL',
            SIGSEGV => 'SIGSEGV',
            default => "signal $s",
        };
    }
}

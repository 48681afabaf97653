<?php
// moodle-upgrade: Moodle's questions — --is-pending, --is-maintenance-required,
// --set-ui-upgrade-lock, --unset-ui-upgrade-lock — on the shortest path: the
// lock and the full report are loaded only when a flag needs them.

namespace MoodleUpgrade;

// Moodle's own sentences (lang/en/admin.php of 4.5 and 5.1), printed on the
// streams where admin/cli/upgrade.php prints them, so that whoever reads its
// output reads ours the same way.
const MSG_PENDING = 'An upgrade is pending';                                                    // cliupgradepending
const MSG_MAINTENANCE = 'This upgrade WILL result in maintenance mode for users.';              // cliupgrademaintenancerequired
const MSG_NO_MAINTENANCE = 'This upgrade WILL NOT result in maintenance mode for users.';       // cliupgrademaintenancenotrequired
const MSG_LOCKED = 'Upgrade has been locked to CLI execution only.';                            // cliupgradesetlock
const MSG_UNLOCKED = 'Existing CLI execution upgrade lock has been removed.';                    // cliupgradeunsetlock

/** cliupgradenoneed, with the code's "$release ($version)" as Moodle gives it. */
function msg_no_need(Context $ctx): string
{
    return 'No upgrade needed for the installed version ' . code_version_label($ctx->site, $ctx->code)
        . '. Thanks for coming anyway!';
}

/** Moodle's "$release ($version)" of the code. */
function code_version_label(Site $site, Code $code): string
{
    return (code_release($site) ?? 'Moodle') . ' (' . vstr($code->versions()['core'] ?? null) . ')';
}

/** The core release string of the code (display only; read, not run). */
function code_release(Site $site): ?string
{
    $src = @file_get_contents("{$site->dirroot}/version.php");
    if ($src !== false && preg_match('/\$release\s*=\s*([\'"])(.*?)\1\s*;/', $src, $m)) {
        return stripcslashes($m[2]);
    }
    return null;
}

/**
 * Moodle's questions, in the order admin/cli/upgrade.php asks them:
 * --unset-ui-upgrade-lock first; with --no-maintenance, maintenance required
 * is 2 whatever else was asked; nothing pending is 0; --is-pending alone is
 * 2; --is-maintenance-required is 2 or 3, and with --set-ui-upgrade-lock the
 * lock is set on 3 only. Beyond Moodle: 4 for a downgrade, and no question
 * leaves a lock it did not announce (Moodle's --no-maintenance sets one
 * before answering and never releases it).
 */
function cmd_check(Context $ctx): int
{
    $a = $ctx->args;
    $json = $a->has('json');
    $d = $ctx->load($json);
    $notes = [];
    $out = [];   // [stream, line] in Moodle's order
    if ($a->has('unset-ui-upgrade-lock') || $a->has('set-ui-upgrade-lock')) {
        $ctx->lib('lock');
        $lock = new Lock($ctx->site, $ctx->db);
    }

    if ($d->downgrade) {
        $question = $a->has('is-maintenance-required') ? 'is-maintenance-required' : 'is-pending';
        $exit = EXIT_DOWNGRADE;
        $out[] = [STDERR, answer_line($question, $exit, $d)];
    } else {
        if ($a->has('unset-ui-upgrade-lock')) {
            $notes = array_merge($notes, $lock->release());
            $ctx->stored['config']['outagelessupgrade'] = '0';
            $out[] = [STDOUT, MSG_UNLOCKED];
        }
        $t0 = hrtime(true);
        if ($a->has('no-maintenance') && $d->maintenance_required()) {
            $question = 'no-maintenance';
            $exit = EXIT_PENDING;
            $out[] = [STDERR, MSG_MAINTENANCE];
        } elseif (!$d->pending) {
            $question = $a->has('is-maintenance-required') ? 'is-maintenance-required' : 'is-pending';
            $exit = EXIT_OK;
            $out[] = [STDERR, msg_no_need($ctx)];
        } elseif (!$a->has('is-maintenance-required')) {
            $question = 'is-pending';
            $exit = EXIT_PENDING;
            $out[] = [STDERR, MSG_PENDING];
        } else {
            $question = 'is-maintenance-required';
            $exit = $d->is_maintenance_required_exit();
            if ($exit === EXIT_PENDING) {
                $out[] = [STDOUT, MSG_PENDING];
                $out[] = [STDERR, MSG_MAINTENANCE];
            } else {
                if ($a->has('set-ui-upgrade-lock')) {
                    $notes = array_merge($notes, $lock->set('outageless', KEPT_LOCK, $a->seconds('ttl', 3600)));
                    $ctx->stored['config']['outagelessupgrade'] = '1';
                    $out[] = [STDOUT, MSG_LOCKED];
                }
                $out[] = [STDOUT, MSG_PENDING];
                $out[] = [STDERR, MSG_NO_MAINTENANCE];
            }
        }
        $ctx->timings['component_wait_ms'] = ms($t0);
        if ($a->has('set-ui-upgrade-lock') && $exit !== EXIT_NO_MAINTENANCE) {
            $notes[] = 'UI upgrade lock not set: it is only set when an upgrade can run without maintenance (answer 3)';
        }
    }

    if ($json) {
        $ctx->lib('report');
        $r = report($ctx, $d);
        $r = ['question' => $question, 'exit' => $exit, 'notes' => $notes] + $r;
        echo json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION), "\n";
    } else {
        foreach ($out as [$stream, $line]) {
            fwrite($stream, "$line\n");
        }
    }
    print_timings($ctx);
    return $exit;
}

/** The answer to a question in one sentence (Moodle's, where it has one). */
function answer_line(string $question, int $exit, Decision $d): string
{
    return match ($exit) {
        EXIT_OK => 'No upgrade pending: the database matches the code.',
        EXIT_DOWNGRADE => 'Downgrade: the code is older than the database (' . downgrade_list($d) . '): Moodle cannot downgrade.',
        EXIT_NO_MAINTENANCE => MSG_PENDING . '. ' . MSG_NO_MAINTENANCE,
        default => $question === 'is-pending' ? MSG_PENDING . '.' : MSG_PENDING . '. ' . MSG_MAINTENANCE,
    };
}

function downgrade_list(Decision $d): string
{
    return implode(', ', array_map(
        fn($x) => "{$x['component']} " . vstr($x['current']) . ' < ' . vstr($x['stored']) . ' installed',
        $d->downgrades
    ));
}

/** A version as text (floats without float noise). */
function vstr(mixed $v): string
{
    return match (true) {
        $v === null => 'none',
        is_float($v) => var_export($v, true),
        default => (string) $v,
    };
}

function print_timings(Context $ctx): void
{
    if (!$ctx->args->has('timings')) {
        return;
    }
    // The parent's steps in order, then the child's work (overlapped with them).
    $t = ['fork' => 0.0] + $ctx->code->timings;
    $t = ['fork' => $t['fork_ms'] ?? 0.0, 'config' => $ctx->site->config_ms] + $ctx->timings
        + ['child versions' => $t['versions_ms'] ?? null, 'child component' => $t['component_ms'] ?? null,
            'child hashes' => $t['hashes_ms'] ?? null];
    $parts = [];
    foreach ($t as $k => $v) {
        if ($v !== null) {
            $parts[] = sprintf('%s %.2f ms', str_replace(['_ms', '_'], ['', ' '], $k), $v);
        }
    }
    if (isset($ctx->code->timings['cache_loaded'])) {
        $parts[] = sprintf('child cache entries loaded %d', $ctx->code->timings['cache_loaded']);
    }
    $total = ms($GLOBALS['moodleupgrade_start']);
    fwrite(STDERR, 'timings: ' . implode(', ', $parts) . sprintf(', script total %.2f ms', $total) . "\n");
}


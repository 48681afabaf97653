<?php
// moodle-upgrade: Moodle's questions — --is-pending, --is-maintenance-required,
// --set-ui-upgrade-lock, --unset-ui-upgrade-lock — on the shortest path: the
// lock and the full report are loaded only when a flag needs them.

namespace MoodleUpgrade;

/** Moodle's flags: --is-pending, --is-maintenance-required, --(un)set-ui-upgrade-lock. */
function cmd_check(Context $ctx): int
{
    $a = $ctx->args;
    $json = $a->has('json');
    // --set-ui-upgrade-lock alone asks Moodle's maintenance question (the lock needs its answer 3).
    $maintenancequestion = $a->has('is-maintenance-required') || ($a->has('set-ui-upgrade-lock') && !$a->has('is-pending'));
    $d = $ctx->load($json);
    $notes = [];
    if ($a->has('unset-ui-upgrade-lock') || $a->has('set-ui-upgrade-lock')) {
        $ctx->lib('lock');
        $lock = new Lock($ctx->site, $ctx->db);
    }

    if ($a->has('unset-ui-upgrade-lock')) {
        $notes = array_merge($notes, $lock->release());
        $ctx->stored['config']['outagelessupgrade'] = '0';
    }
    if ($maintenancequestion) {
        $question = 'is-maintenance-required';
        $t0 = hrtime(true);
        $exit = $d->is_maintenance_required_exit();
        $ctx->timings['component_wait_ms'] = ms($t0);
        if ($a->has('set-ui-upgrade-lock')) {
            if ($exit === EXIT_NO_MAINTENANCE) {
                $notes = array_merge($notes, $lock->set('outageless', 'moodle-upgrade --set-ui-upgrade-lock', $a->seconds('ttl', 3600)));
                $ctx->stored['config']['outagelessupgrade'] = '1';
            } else {
                $notes[] = 'UI upgrade lock not set: it is only set when an upgrade can run without maintenance (answer 3)';
            }
        }
    } elseif ($a->has('is-pending')) {
        $question = 'is-pending';
        $exit = $d->is_pending_exit();
    } else {
        $question = 'unset-ui-upgrade-lock';
        $exit = EXIT_OK;
    }

    if ($json) {
        $ctx->lib('report');
        $r = report($ctx, $d);
        $r = ['question' => $question, 'exit' => $exit, 'notes' => $notes] + $r;
        echo json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION), "\n";
    } else {
        foreach ($notes as $n) {
            echo "$n\n";
        }
        if ($question !== 'unset-ui-upgrade-lock') {
            echo answer_line($question, $exit, $d), "\n";
        }
    }
    print_timings($ctx);
    return $exit;
}

/** The answer to a question in one sentence. */
function answer_line(string $question, int $exit, Decision $d): string
{
    return match ($exit) {
        EXIT_OK => 'No upgrade pending: the database matches the code.',
        EXIT_DOWNGRADE => 'Downgrade: the code is older than the database (' . downgrade_list($d) . ').',
        EXIT_NO_MAINTENANCE => 'An upgrade is pending; it can run without maintenance mode.',
        default => $question === 'is-pending' ? 'An upgrade is pending.' : 'An upgrade is pending; it needs maintenance mode.',
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


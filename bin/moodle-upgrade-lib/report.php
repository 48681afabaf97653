<?php
// moodle-upgrade: status, explain, snapshot, and the report they (and --json)
// share: stored against current, changed components and db/ files, the lock,
// verdict and reasons.

namespace MoodleUpgrade;

require_once __DIR__ . '/lock.php';
require_once __DIR__ . '/check.php';

/** status and explain. */
function cmd_status(Context $ctx): int
{
    $d = $ctx->load(true);
    $r = report($ctx, $d);
    if ($ctx->args->has('json')) {
        echo json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION), "\n";
    } elseif ($ctx->args->command === 'explain') {
        echo explain($r);
    } else {
        echo status_text($r);
    }
    print_timings($ctx);
    return EXIT_OK;
}

/** snapshot: records the code as installed, when it is what the database has. */
/**
 * `status --probe`: the readiness verdict of this frontend's status answer
 * (the same C code, upgrade_readiness()) as an exit code, for exec probes:
 * 0 ready, 1 not ready with each reason on stderr. No database.
 */
function cmd_probe(Context $ctx): int
{
    if (!function_exists('upgrade_readiness')) {
        fail('this build of the upgrade extension has no upgrade_readiness(): status --probe needs it');
    }
    $site = $ctx->site;
    $r = upgrade_readiness($site->root, $site->state_file(), $site->ext_options());
    $ready = ($r['ready'] ?? false) === true;
    if ($ctx->args->has('json')) {
        echo json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION), "\n";
        return $ready ? EXIT_OK : EXIT_ERROR;
    }
    if ($ready) {
        echo "ready: this code's versions hash {$r['code']['versions_hash']} is the site's\n";
        return EXIT_OK;
    }
    $reasons = array_filter((array) ($r['reasons'] ?? []), 'is_string');
    foreach ($reasons ?: ['status ' . ($r['status'] ?? '?')] as $why) {
        fwrite(STDERR, "moodle-upgrade: not ready: $why\n");
    }
    return EXIT_ERROR;
}

function cmd_snapshot(Context $ctx): int
{
    if (!function_exists('upgrade_snapshot')) {
        fail('this build of the upgrade extension has no upgrade_snapshot()');
    }
    $d = $ctx->load(false);
    if ($d->pending || $d->downgrade) {
        fail('the code is not what the database has installed (' . $d->verdict() . '): a snapshot now would hide '
            . 'the changes from the next explain; deploy writes one after upgrading');
    }
    $path = write_snapshot($ctx->site);
    if ($ctx->args->has('json')) {
        echo json_encode(['snapshot' => $path], JSON_UNESCAPED_SLASHES), "\n";
    } else {
        echo "snapshot written: $path\n";
    }
    return EXIT_OK;
}

/** Writes upgrade_snapshot() of the code as JSON on the dataroot (atomically). */
function write_snapshot(Site $site): string
{
    $path = $site->snapshot_file();
    if ($path === null) {
        fail('no snapshot file: the dataroot is unknown (give --dataroot or --snapshot)');
    }
    $snap = upgrade_snapshot($site->root, $site->ext_options());
    $json = json_encode($snap, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
    if ($json === false) {
        fail('the snapshot cannot be written as JSON: ' . json_last_error_msg());
    }
    require_once __DIR__ . '/journal.php';
    Journal::write_atomic($path, $json . "\n", 'the snapshot', fn() => fault_point('snapshot'));
    return $path;
}

/** Version changes between the database and the code, component by component. */
function component_changes(array $stored, array $versions): array
{
    $out = [];
    foreach ($versions as $component => $new) {
        $old = $component === 'core' ? ($stored['config']['version'] ?? null) : ($stored['plugins'][$component] ?? null);
        if ($old === null) {
            $out[$component] = ['old' => null, 'new' => $new, 'change' => 'added'];
        } elseif ($new === null) {
            $out[$component] = ['old' => $old, 'new' => null, 'change' => 'no-version'];
        } elseif ($new != $old) {
            $out[$component] = ['old' => $old, 'new' => $new, 'change' => $new > $old ? 'raised' : 'lowered'];
        }
    }
    foreach ($stored['plugins'] as $component => $old) {
        if (!array_key_exists($component, $versions) && $component !== 'core') {
            $out[$component] = ['old' => $old, 'new' => null, 'change' => 'removed'];
        }
    }
    return $out;
}

/** The snapshot on the dataroot, and its diff with the code when the extension can make one. */
function snapshot_view(Context $ctx): array
{
    $path = $ctx->site->snapshot_file();
    $v = ['path' => $path, 'present' => false];
    if ($path === null || !is_file($path)) {
        return $v;
    }
    $v['present'] = true;
    $v['written'] = gmdate('Y-m-d\TH:i:s\Z', (int) filemtime($path));
    $snap = json_decode((string) file_get_contents($path), true);
    if (!is_array($snap)) {
        $v['problem'] = "not a JSON snapshot: $path";
        return $v;
    }
    $v['root'] = $snap['root'] ?? null;
    if (isset($snap['versions_hash'])) {
        $v['matches_database'] = $snap['versions_hash'] === ($ctx->stored['config']['allversionshash'] ?? null);
    }
    if (function_exists('upgrade_diff')) {
        try {
            $v['diff'] = upgrade_diff($snap, $ctx->site->root, $ctx->site->ext_options());
        } catch (\Throwable $e) {
            $v['problem'] = 'cannot compare the snapshot with the code: ' . Site::one_line($e->getMessage());
        }
    } else {
        $v['problem'] = 'this build of the upgrade extension cannot compare snapshots (no upgrade_diff)';
    }
    return $v;
}

/**
 * What forces maintenance mode, in a few words: the db/ files that differ
 * from the snapshot of the installed code (e.g. "mod_assign db/tasks.php
 * changed"), or why that cannot be told.
 */
function maintenance_causes(Context $ctx, Decision $d): string
{
    if (($ctx->stored['config']['allcomponenthash'] ?? '') === '') {
        return 'the database has no component hash recorded';
    }
    $snapshot = snapshot_view($ctx);
    $files = [];
    foreach (($snapshot['diff']['db'] ?? []) as $component => $changes) {
        foreach (['changed', 'added', 'removed'] as $how) {
            foreach ($changes[$how] ?? [] as $f) {
                $files[] = "$component db/$f $how";
            }
        }
    }
    if (!empty($snapshot['diff']['site_moved'])) {
        $files[] = 'the site moved since the snapshot (the component hash includes the path)';
    }
    if ($files !== []) {
        $more = count($files) > 8 ? ' and ' . (count($files) - 8) . ' more' : '';
        return implode(', ', array_slice($files, 0, 8)) . $more;
    }
    return isset($snapshot['diff'])
        ? 'the db/ folders differ from the installed ones'
        : 'the db/ folders differ from the installed ones (no snapshot of the installed db/ files to say which: "moodle-upgrade snapshot" writes one)';
}

/** Everything known, for --json and for explain. */
function report(Context $ctx, Decision $d): array
{
    $site = $ctx->site;
    $cfg = $ctx->stored['config'];
    $versions = $ctx->code->versions();
    $lock = (new Lock($site, $ctx->db))->view($ctx->stored);
    $deploy = deploy_report($site, $lock);
    $snapshot = snapshot_view($ctx);
    $changes = component_changes($ctx->stored, $versions);
    $now = time();

    $running = null;
    if (!empty($cfg['upgraderunning'])) {
        $until = (int) $cfg['upgraderunning'];
        $running = ['until' => gmdate('Y-m-d\TH:i:s\Z', $until), 'stale' => $until < $now];
    }
    $climaintenance = $site->dataroot !== null ? is_file("{$site->dataroot}/climaintenance.html") : null;

    $reasons = [];
    foreach ($d->downgrades as $x) {
        $reasons[] = "{$x['component']} is older in the code (" . vstr($x['current']) . ') than in the database ('
            . vstr($x['stored']) . '): Moodle cannot downgrade';
    }
    foreach ($changes as $c => $ch) {
        $reasons[] = match ($ch['change']) {
            'added' => "$c is new (version " . vstr($ch['new']) . '): it will be installed',
            'removed' => "$c is installed (version " . vstr($ch['old']) . ') but missing from the code',
            'no-version' => "$c has no version in the code (installed: " . vstr($ch['old']) . ')',
            default => "$c version {$ch['change']} from " . vstr($ch['old']) . ' to ' . vstr($ch['new']),
        };
    }
    if ($d->pending && !$changes && !$d->downgrade) {
        $reasons[] = empty($cfg['allversionshash'])
            ? 'the database has no versions hash recorded (allversionshash is empty)'
            : 'the versions hash differs although no version number changed (a version changed type, e.g. quoted)';
    }
    $dbfiles = null;
    if (isset($snapshot['diff']) && is_array($snapshot['diff'])) {
        $diff = $snapshot['diff'];
        $dbfiles = $diff['db'] ?? [];
        foreach ($dbfiles as $component => $files) {
            foreach (['changed', 'added', 'removed'] as $how) {
                foreach ($files[$how] ?? [] as $f) {
                    $reasons[] = "$component db/$f $how";
                }
            }
        }
        if (!empty($diff['site_moved'])) {
            $reasons[] = 'the site moved since the snapshot (from ' . ($snapshot['root'] ?? 'another folder')
                . '): Moodle\'s component hash includes the path'
                . (empty($diff['maintenance_required_portable']) ? ', so the move alone makes it ask for maintenance' : '');
        }
        if (($snapshot['matches_database'] ?? true) === false) {
            $reasons[] = "the snapshot ({$snapshot['written']}) is not of the installed code (its versions hash is not the"
                . " database's): db/ changes are counted from it";
        }
    }
    if ($d->pending && $d->maintenance_required()) {
        $reasons[] = empty($cfg['allcomponenthash'])
            ? 'the database has no component hash recorded: Moodle requires maintenance'
            : 'the db/ folders differ from the installed ones (component hash changed): maintenance mode is required';
        if ($dbfiles === null) {
            $reasons[] = 'no snapshot of the installed db/ files to say which changed (deploy or "moodle-upgrade snapshot" writes one)';
        }
    }
    if ($deploy !== null) {
        $reasons[] = $deploy['sentence'];
    }
    if ($lock['status'] === 'abandoned') {
        $reasons[] = "the UI upgrade lock is held by {$lock['owner']} since {$lock['since']}, a deploy that no longer runs:"
            . ' the next deploy takes it over';
    } elseif ($lock['status'] === 'stale') {
        $reasons[] = "the UI upgrade lock is stale: set by {$lock['owner']} at {$lock['since']}, expired at {$lock['until']}";
    } elseif ($lock['status'] === 'unrecorded') {
        $reasons[] = 'the UI upgrade lock is set in the database with no owner on record: the web UI will not offer the upgrade'
            . ' until it is released (moodle-upgrade --is-pending --unset-ui-upgrade-lock)';
    } elseif ($lock['status'] === 'held') {
        $reasons[] = "the UI upgrade lock is held by {$lock['owner']} since {$lock['since']} ({$lock['kind']} upgrade)";
    }
    if ($lock['mismatch'] !== null) {
        $reasons[] = $lock['mismatch']['line'] . ($lock['mismatch']['explained'] ? ' (an upgrade between its two steps)' : ': ' . $lock['mismatch']['fix']);
    }
    if ($running !== null) {
        $reasons[] = $running['stale']
            ? "upgraderunning is left over (expired {$running['until']}): Moodle clears it on the next request"
            : "an upgrade is running (upgraderunning until {$running['until']}): Moodle's scripts refuse to run until then";
    }
    if ($climaintenance) {
        $reasons[] = 'CLI maintenance mode is on (climaintenance.html in the dataroot)';
    }
    // What each frontend's status answer compares its code with (readiness).
    $recorded = null;
    if (is_array($lock['state']) && function_exists('upgrade_record_versions_hash')) {
        $recorded = $lock['state']['versions_hash'] ?? null;
        $dbhash = $cfg['allversionshash'] ?? null;
        if ($recorded === null) {
            $reasons[] = 'no versions hash is recorded in the state file: frontends\' status answers say not ready'
                . ' (moodle-upgrade state init, or deploy, records the database\'s)';
        } elseif ($dbhash !== null && $recorded !== $dbhash && $lock['status'] !== 'held') {
            $reasons[] = "the state file records versions hash $recorded, the database has $dbhash: frontends' status answers"
                . ' compare their code with the former (deploy records the database\'s)';
        }
    }

    return [
        'verdict' => $d->verdict(),
        'pending' => $d->pending,
        'maintenance_required' => $d->pending && $d->maintenance_required(),
        'downgrade' => $d->downgrade,
        'exit_codes' => [
            'is_pending' => $d->is_pending_exit(),
            'is_maintenance_required' => $d->is_maintenance_required_exit(),
        ],
        'reasons' => $reasons,
        'site' => [
            'root' => $site->root,
            'dirroot' => $site->dirroot,
            'layout' => $site->layout,
            'admin' => $site->admin,
            'themedir' => $site->themedir,
            'config' => $site->configfile,
            'dataroot' => $site->dataroot,
        ],
        'database' => [
            'type' => $site->db['dbtype'],
            'host' => $site->db['host'],
            'port' => $site->db['port'],
            'name' => $site->db['name'],
            'prefix' => $site->db['prefix'],
        ],
        'stored' => [
            'version' => $cfg['version'] ?? null,
            'release' => $cfg['release'] ?? null,
            'allversionshash' => $cfg['allversionshash'] ?? null,
            'allcomponenthash' => $cfg['allcomponenthash'] ?? null,
            'outagelessupgrade' => $cfg['outagelessupgrade'] ?? null,
            'upgraderunning' => $cfg['upgraderunning'] ?? null,
            'plugins' => count($ctx->stored['plugins']),
        ],
        'current' => [
            'version' => $versions['core'] ?? null,
            'release' => code_release($site),
            'versions_hash' => $ctx->code->versions_hash(),
            'component_hash' => $ctx->code->component_hash(),
            'plugins' => count($versions) - 1,
        ],
        'components' => $changes,
        'downgrades' => $d->downgrades,
        'db_files' => $dbfiles,
        'snapshot' => $snapshot,
        'lock' => $lock,
        'recorded_versions_hash' => $recorded,
        'deploy' => $deploy,
        'upgraderunning' => $running,
        'climaintenance' => $climaintenance,
        'warnings' => $site->warnings,
    ];
}

/**
 * The last deploy, when its journal is still there: running, or interrupted
 * without cleaning up (then a held lock of its is "abandoned"). Null: none.
 */
function deploy_report(Site $site, array &$lock): ?array
{
    require_once __DIR__ . '/journal.php';
    $jn = Journal::for_site($site);
    try {
        $j = $jn?->read();
    } catch (Failure $e) {
        return ['running' => false, 'child_running' => false, 'problem' => $e->getMessage(), 'sentence' => $e->getMessage()];
    }
    if ($j === null) {
        return null;
    }
    $v = deploy_view($site, $j);
    if ($v['running']) {
        $v['sentence'] = "a deploy is running: {$v['owner']} since {$v['since']}, step '{$v['step']}'";
        return $v;
    }
    $v['sentence'] = ($v['step'] === 'failed'
        ? "a deploy by {$v['owner']} (started {$v['since']}) failed and could not undo everything"
        : "a deploy by {$v['owner']} (started {$v['since']}) was interrupted during '{$v['step']}' without cleaning up")
        . ($v['maintenance'] ? ', leaving CLI maintenance mode on' : '')
        . ($v['database_flag'] ? ', leaving the UI upgrade lock set in the database' : '')
        . ($v['child_running'] ? "; Moodle's {$v['child']} it started still runs" : '')
        . ': run moodle-upgrade deploy to finish it';
    $s = $lock['state'] ?? null;
    if ($lock['status'] === 'held' && is_array($s) && ($s['host'] ?? null) === $v['host'] && (int) ($s['pid'] ?? 0) === $v['pid']) {
        $lock['status'] = 'abandoned';
    }
    return $v;
}

/** status: the facts, one per line. */
function status_text(array $r): string
{
    $s = $r['stored'];
    $c = $r['current'];
    $lines = [
        'site:               ' . $r['site']['root'] . " (layout {$r['site']['layout']})",
        'database:           ' . "{$r['database']['type']} {$r['database']['name']} on {$r['database']['host']}"
            . ($r['database']['port'] !== null ? ":{$r['database']['port']}" : '') . ", prefix {$r['database']['prefix']}",
        'installed:          ' . ($s['release'] ?? '?') . " ({$s['version']})",
        'code:               ' . ($c['release'] ?? '?') . ' (' . vstr($c['version']) . ')',
        'versions hash:      ' . ($s['allversionshash'] ?? 'none') . ($s['allversionshash'] === $c['versions_hash'] ? ' (same)' : " -> {$c['versions_hash']}"),
        'component hash:     ' . ($s['allcomponenthash'] ?? 'none') . ($s['allcomponenthash'] === $c['component_hash'] ? ' (same)' : " -> {$c['component_hash']}"),
        'verdict:            ' . $r['verdict'] . " (--is-pending {$r['exit_codes']['is_pending']}, --is-maintenance-required {$r['exit_codes']['is_maintenance_required']})",
        'ui upgrade lock:    ' . $r['lock']['status'] . ($r['lock']['owner'] ? " ({$r['lock']['owner']})" : '')
            . ($r['lock']['mismatch'] !== null ? ", halves disagree: {$r['lock']['mismatch']['kind']}" : ''),
    ];
    foreach ($r['reasons'] as $why) {
        $lines[] = "- $why";
    }
    foreach ($r['warnings'] as $w) {
        $lines[] = "warning: $w";
    }
    return implode("\n", $lines) . "\n";
}

/** explain: the same report in sentences, with what to do next. */
function explain(array $r): string
{
    $s = $r['stored'];
    $c = $r['current'];
    $out = [];
    $out[] = "Site {$r['site']['root']} (Moodle " . ($r['site']['layout'] === '51' ? '5.1+' : '4.x/5.0') . ' layout),'
        . " database {$r['database']['type']} \"{$r['database']['name']}\" on {$r['database']['host']}"
        . ($r['database']['port'] !== null ? ":{$r['database']['port']}" : '') . " with prefix {$r['database']['prefix']}.";
    $out[] = 'The database has ' . ($s['release'] ?? 'Moodle') . " ({$s['version']}) installed;"
        . ' the code is ' . ($c['release'] ?? 'Moodle') . ' (' . vstr($c['version']) . ').';
    $out[] = '';
    switch ($r['verdict']) {
        case 'nothing-to-do':
            $out[] = 'Nothing to do: every version in the code is the one the database has installed.';
            break;
        case 'downgrade':
            $out[] = 'The code is OLDER than the database. Moodle has no way back: deploy the newer code again, or restore the'
                . ' database from the backup that matches this code.';
            break;
        case 'maintenance-required':
            $out[] = 'An upgrade is pending, and it needs maintenance mode: database definitions, tasks, capabilities or'
                . ' other db/ files changed, so the site must be closed while Moodle applies them.';
            break;
        case 'pending-no-maintenance':
            $out[] = 'An upgrade is pending, and it can run without maintenance mode: only version numbers changed, no db/'
                . ' file did. The site can stay open (outageless upgrade).';
            break;
    }
    if ($r['reasons']) {
        $out[] = '';
        $out[] = 'Why:';
        foreach ($r['reasons'] as $why) {
            $out[] = "  - $why";
        }
    }
    $out[] = '';
    $out[] = 'Exit codes now: --is-pending ' . $r['exit_codes']['is_pending']
        . ', --is-maintenance-required ' . $r['exit_codes']['is_maintenance_required'] . '.';
    $next = match ($r['verdict']) {
        'nothing-to-do' => null,
        'downgrade' => null,
        'maintenance-required' => 'Next: moodle-upgrade deploy (it turns CLI maintenance mode on for the upgrade and off after).',
        default => 'Next: moodle-upgrade deploy (it locks the web UI, runs the upgrade with the site open, unlocks, purges caches).',
    };
    if ($r['deploy'] !== null && !$r['deploy']['running']) {
        $next = 'Next: moodle-upgrade deploy (it finishes the interrupted deploy: '
            . ($r['deploy']['child_running'] ? 'it waits for Moodle\'s script that still runs, then ' : '')
            . 'releases what it held and completes the upgrade).';
    }
    if ($next !== null) {
        $out[] = $next;
    }
    if (in_array($r['lock']['status'], ['stale', 'unrecorded'], true)
        || ($r['lock']['mismatch'] !== null && !$r['lock']['mismatch']['explained'])) {
        $out[] = 'To release the UI upgrade lock: moodle-upgrade --is-pending --unset-ui-upgrade-lock';
    }
    foreach ($r['warnings'] as $w) {
        $out[] = "Warning: $w";
    }
    return implode("\n", $out) . "\n";
}

<?php
// Glue between Moodle 4.2–5.1 and the upgrade extension (this file is not
// part of Moodle). `moodle-upgrade integrate --apply` copies it to the site's
// lib/upgradeextlib.php — in the 5.1 layout public/lib/upgradeextlib.php —
// and adds the calls to it in admin/cli/upgrade.php, admin/index.php and
// moodle_needs_upgrading() (README.md, "Moodle integration", lists them).
//
// Every function here works without the extension: each use of it is guarded
// by function_exists(), and without it the function does what Moodle's own
// code does (core_component's hashes, the database flag alone).
//
// The UI upgrade lock lives in two places: Moodle's config outagelessupgrade
// (read by admin/index.php and moodle_needs_upgrading()) and the extension's
// shared state file (read by every frontend at request start, with who holds
// the lock and until when). Locking writes the state file first, unlocking
// clears the database first, so the database flag is never set without an
// owner on record.

defined('MOODLE_INTERNAL') || die();

/** The site root the extension hashes: $CFG->dirroot, without public/ in the 5.1 layout. */
function upgradeext_root(): string {
    global $CFG;
    if (!empty($CFG->root)) {
        return $CFG->root;
    }
    $parent = dirname($CFG->dirroot);
    if (basename($CFG->dirroot) === 'public' && is_file($parent . '/lib/components.json')) {
        return $parent;
    }
    return $CFG->dirroot;
}

/** The extension's options for this site: $CFG->admin and $CFG->themedir. */
function upgradeext_options(): array {
    global $CFG;
    $options = [];
    if (!empty($CFG->admin) && $CFG->admin !== 'admin') {
        $options['admin'] = $CFG->admin;
    }
    if (!empty($CFG->themedir)) {
        $options['themedir'] = $CFG->themedir;
    }
    return $options;
}

/** Moodle's allcomponenthash: from the extension when it is loaded, else core_component. */
function upgradeext_component_hash(): string {
    if (function_exists('upgrade_component_hash')) {
        try {
            return upgrade_component_hash(upgradeext_root(), upgradeext_options());
        } catch (\Throwable $e) {
            upgradeext_debugging('component hash', $e);
        }
    }
    return core_component::get_all_component_hash();
}

/** Moodle's allversionshash: from the extension when it is loaded, else core_component. */
function upgradeext_versions_hash(): string {
    if (function_exists('upgrade_versions_hash')) {
        try {
            return upgrade_versions_hash(upgradeext_root(), upgradeext_options());
        } catch (\Throwable $e) {
            upgradeext_debugging('versions hash', $e);
        }
    }
    return core_component::get_all_versions_hash();
}

/**
 * Whether the web UI must not offer or start an upgrade: the database flag
 * ($dblocked, as Moodle reads it) or a live UI lock in the shared state file.
 * A maintenance upgrade recorded there is not a UI lock: Moodle's
 * upgraderunning and CLI maintenance mode already keep every script out, and
 * cron must go on seeing the pending upgrade (it suspends itself then). A
 * state file that cannot be trusted (corrupt, world-writable...) counts as
 * locked, as the extension's request hook treats it.
 */
function upgradeext_ui_locked(bool $dblocked): bool {
    if ($dblocked) {
        return true;
    }
    if (function_exists('upgrade_state')) {
        // This request's view, taken by the extension's hook at request start.
        $state = upgrade_state();
        if (($state['source'] ?? 'none') !== 'none') {
            return !empty($state['ui_locked']) && ($state['upgrade'] ?? '') !== 'maintenance';
        }
    }
    $file = upgradeext_state_file();
    if ($file === null) {
        return false;
    }
    try {
        // A missing file reads as unlocked; the read is an open(), fresh on NFS.
        $state = @upgrade_state_read($file);
        return !empty($state['locked']) && ($state['upgrade'] ?? '') !== 'maintenance';
    } catch (\Throwable $e) {
        upgradeext_debugging('state file', $e);
        return true;
    }
}

/**
 * The shared state file: the upgrade.state_file setting, else
 * $CFG->dataroot/moodle-upgrade/state (the command-line tool's default too).
 * Null when this build of the extension keeps no state file.
 */
function upgradeext_state_file(): ?string {
    global $CFG;
    if (!function_exists('upgrade_lock') || !function_exists('upgrade_state_read') || !function_exists('upgrade_settings')) {
        return null;
    }
    // This worker's own value. Never ini_get('upgrade.…'): opcache folds it
    // into the compiled script, which every pool of a php-fpm master shares.
    $ini = upgrade_settings()['upgrade.state_file'];
    if ($ini !== '') {
        return $ini;
    }
    return empty($CFG->dataroot) ? null : $CFG->dataroot . '/moodle-upgrade/state';
}

/**
 * Records the UI lock in the state file, before Moodle sets its database flag.
 * $upgrade: "outageless" (a --no-maintenance upgrade, or the lock for one) or
 * "maintenance" (frontends then answer 503 until it is released). The lock
 * lapses after $CFG->upgradeext_lock_ttl seconds (default 7200); the database
 * flag, which Moodle trusts, does not, so a lapsed lock only reads as stale.
 */
function upgradeext_lock(string $upgrade): void {
    global $CFG;
    $file = upgradeext_state_file();
    if ($file === null) {
        return;
    }
    $ttl = isset($CFG->upgradeext_lock_ttl) ? (int) $CFG->upgradeext_lock_ttl : 7200;
    try {
        if (!is_dir(dirname($file))) {
            @mkdir(dirname($file), $CFG->directorypermissions ?? 02777, true);
        }
        upgrade_lock(['reason' => 'admin/cli/upgrade.php', 'upgrade' => $upgrade], $ttl, $file);
        if ($upgrade === 'maintenance' && class_exists('core_shutdown_manager')) {
            // Ctrl-C or a fatal error ends the script before its unlock: Moodle's
            // shutdown manager (which its SIGINT/SIGTERM handler runs) releases
            // the lock then, as upgrade_started() clears upgraderunning.
            core_shutdown_manager::register_function('upgradeext_release_own_lock');
        }
    } catch (\Throwable $e) {
        // The database flag still locks Moodle's own UI; say why frontends were not told.
        upgradeext_debugging('lock', $e);
    }
}

/**
 * Releases the lock in the state file, after Moodle cleared its database flag.
 * A missing file is created unlocked: frontends must always find it (on NFS a
 * missing name is cached, and a stat() may miss a file another host wrote).
 */
function upgradeext_unlock(): void {
    $file = upgradeext_state_file();
    if ($file === null || !is_dir(dirname($file))) {
        return;
    }
    try {
        upgrade_unlock($file);
    } catch (\Throwable $e) {
        upgradeext_debugging('unlock', $e);
    }
}

/**
 * After admin/cli/upgrade.php finished an upgrade: the database's new
 * allversionshash is recorded in the state file (each frontend's status
 * answer is ready when its own code has that versions hash), then the lock
 * of a maintenance upgrade is released. A --maintenance=false upgrade keeps
 * its lock until Moodle clears its database flag (upgradeext_unlock() then).
 */
function upgradeext_upgrade_finished(array $options): void {
    global $CFG, $DB;
    $file = upgradeext_state_file();
    if ($file !== null && function_exists('upgrade_record_versions_hash')) {
        try {
            // The database's own value, as Moodle stored it at the end of the upgrade.
            $hash = $DB->get_field('config', 'value', ['name' => 'allversionshash']);
            if (is_string($hash) && preg_match('/^[0-9a-f]{40}$/', $hash)) {
                if (!is_dir(dirname($file))) {
                    @mkdir(dirname($file), $CFG->directorypermissions ?? 02777, true);
                }
                upgrade_record_versions_hash($hash, $file);
            }
        } catch (\Throwable $e) {
            // Frontends then report "not ready" (hash not recorded or old): say why.
            upgradeext_debugging('versions hash', $e);
        }
    }
    if (!empty($options['maintenance'])) {
        upgradeext_unlock();
    }
}

/**
 * At shutdown: the maintenance lock this process took, if it still holds it
 * (an interrupted or failed upgrade), is released. Another owner's lock, or
 * one already released, is left alone.
 */
function upgradeext_release_own_lock(): void {
    $file = upgradeext_state_file();
    if ($file === null) {
        return;
    }
    try {
        $s = @upgrade_state_read($file);
        if (!empty($s['locked']) && ($s['upgrade'] ?? '') === 'maintenance' && (int) ($s['pid'] ?? 0) === getmypid()
                && ($s['host'] ?? '') === substr((string) gethostname(), 0, strlen((string) ($s['host'] ?? '')))) {
            upgrade_unlock($file);
        }
    } catch (\Throwable $e) {
        upgradeext_debugging('unlock at shutdown', $e);
    }
}

/**
 * A --no-maintenance run sets the UI lock before it knows whether anything
 * is pending. When nothing is, it must not leave the lock set: release it,
 * database first, unless --set-ui-upgrade-lock asked to keep it.
 */
function upgradeext_release_unused_lock(array $options): void {
    if (!empty($options['maintenance']) || !empty($options['set-ui-upgrade-lock'])) {
        return;
    }
    set_config('outagelessupgrade', false);
    upgradeext_unlock();
}

function upgradeext_debugging(string $what, \Throwable $e): void {
    if (function_exists('debugging')) {
        debugging("upgrade extension ($what): " . $e->getMessage(), DEBUG_DEVELOPER);
    }
}

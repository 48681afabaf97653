<?php

/**
 * The PHP-visible API of the `upgrade` extension. This file is the one source
 * of truth: upgrade_arginfo.h is generated from it (make stub).
 *
 * @generate-class-entries
 */

/** Raised for environment failures: missing site, unreadable or malformed components.json. */
class UpgradeException extends RuntimeException
{
}

/**
 * Discovers plugin types and plugins exactly as Moodle's core_component does.
 *
 * Options of every site function: "admin" (string, default "admin"),
 * "themedir" (?string, default none), "keys" ("absolute", the default and
 * Moodle's own, or "component": folder hashes keyed by component name, so the
 * same code at two paths hashes the same).
 *
 * @return array keys: layout, root, dirroot, plugintypes, plugins, warnings
 */
function upgrade_discover(string $root, array $options = []): array {}

/**
 * Hashes each directory exactly as Moodle's core_component::get_all_directory_hashes():
 * directory => sha1 hex. With option "keys" => "component", $directories is
 * component => directory and the result is keyed the same way.
 *
 * @param array $directories list of directory paths
 * @return array directory => string|false
 */
function upgrade_directory_hashes(array $directories, array $options = []): array {}

/** Moodle's allcomponenthash for the site at $root: discovery plus hashing. */
function upgrade_component_hash(string $root, array $options = []): string {}

/** Moodle's rule: true when the stored hash is null/empty or differs from the current one. */
function upgrade_is_maintenance_required(string $root, ?string $storedcomponenthash, array $options = []): bool {}

/* --- Shared upgrade state (web frontends): src/state*.c --------------------- */

/**
 * Takes the UI upgrade lock: writes the shared state file atomically.
 *
 * $meta keys: "reason" (string), "upgrade" ("none" = UI lock only,
 * "outageless" or "maintenance"), "expected_end" (unix time, for
 * Retry-After during a maintenance upgrade). $ttl: seconds until the lock
 * lapses by itself (0 = never; see upgrade_heartbeat()). The path is
 * $state_file, else the upgrade.state_file setting.
 *
 * @return array the state written, as upgrade_state_read() returns it
 */
function upgrade_lock(array $meta = [], int $ttl = 0, ?string $state_file = null): array {}

/**
 * Releases the lock: writes the unlocked state, recording who unlocked.
 *
 * @return array the state written
 */
function upgrade_unlock(?string $state_file = null): array {}

/**
 * Extends a held lock: it now lapses $ttl seconds from now (0 = never).
 * UpgradeException when no lock is held.
 *
 * @return array the state written
 */
function upgrade_heartbeat(int $ttl, ?string $state_file = null): array {}

/**
 * Reads and validates a state file now. A missing file is "nothing running";
 * a corrupt, unreadable, symlinked or world-writable one is an
 * UpgradeException; an expired lock reads as unlocked, with a warning.
 *
 * @return array keys: version (the file's format), locked, upgrade, reason,
 *               expected_end, since, expires, expired, host, pid, user,
 *               versions_hash (null when not recorded)
 */
function upgrade_state_read(string $state_file): array {}

/**
 * This request's view of the shared state, computed once at request start:
 * the keys of upgrade_state_read(), plus ui_locked, outageless, source
 * ("ini", "file" or "none"), state_file, problem (why it fails closed) and
 * warning.
 */
function upgrade_state(): array {}

/** Whether the UI upgrade lock is held for this request (file, INI or failing closed). */
function upgrade_ui_locked(): bool {}

/** Whether this request runs during an outageless upgrade (or upgrade.outageless forces it). */
function upgrade_outageless(): bool {}

/**
 * The upgrade.* settings this process (this php-fpm worker) runs with, read
 * at run time: setting name => value (bool for flags, int for numbers,
 * string otherwise; upgrade.state_file_mode as octal, e.g. "0640"). Use it
 * instead of ini_get("upgrade..."), which opcache may fold into the
 * compiled script that every pool of a php-fpm master shares.
 */
function upgrade_settings(): array {}

/**
 * Records the site's allversionshash (as the database holds it after a
 * successful upgrade) in the state file, everything else unchanged (the lock
 * included); a missing file is created unlocked. ValueError unless
 * $versionshash is 40 lowercase hex digits. The path is $state_file, else
 * the upgrade.state_file setting.
 *
 * @return array the state written, as upgrade_state_read() returns it
 */
function upgrade_record_versions_hash(string $versionshash, ?string $state_file = null): array {}

/**
 * The readiness verdict of the code at $root, computed now: the state file
 * ($state_file, else upgrade.state_file; neither: "off") opened now, and the
 * versions hash of $root. The keys of the status answer (status, ready,
 * reasons, lock, state_file, code), so an exec probe and the HTTP answer
 * give the same verdict. $options as for upgrade_versions_hash().
 */
function upgrade_readiness(string $root, ?string $state_file = null, array $options = []): array {}

/* --- end of shared upgrade state ------------------------------------------ */

/**
 * Moodle's get_all_versions(): ordered component => version, "core" first,
 * then every plugin in discovery order. Each version.php is read statically
 * when its value can be proven, and executed as Moodle does otherwise.
 */
function upgrade_versions(string $root, array $options = []): array {}

/**
 * How each version was obtained: component => [file, source ("static",
 * "executed", "missing", "unreadable"), reason, line, value].
 */
function upgrade_version_sources(string $root, array $options = []): array {}

/** Moodle's allversionshash for the site at $root. */
function upgrade_versions_hash(string $root, array $options = []): string {}

/**
 * Both hashes and the versions from one walk of the tree (cheaper than the
 * separate calls when both are needed): ['component_hash' => string,
 * 'versions_hash' => string, 'versions' => component => version]. The
 * option `keys` applies to the component hash as in upgrade_component_hash().
 */
function upgrade_hashes(string $root, array $options = []): array {}

/**
 * Moodle's moodle_needs_upgrading() without its lock check: true when the
 * stored core version or versions hash is empty, or the hash differs.
 */
function upgrade_is_pending(string $root, ?string $storedversionshash, string|float|int|null $storedcoreversion, array $options = []): bool {}

/**
 * A manifest of what is deployed: format and version, layout, root, the
 * Moodle-compatible component_hash and versions_hash, the path-independent
 * component_hash_portable, and per component (core, TYPE_NAME): its folder
 * relative to the root, its version, its db/ files (name => sha1, or false
 * when unreadable) and its db/ folder hash. JSON-encodable.
 */
function upgrade_snapshot(string $root, array $options = []): array {}

/**
 * What changed since a snapshot: verdict (pending, maintenance_required,
 * maintenance_required_portable, downgrade, site_moved), plain-English
 * reasons, components added/removed/moved, version changes and db/ file
 * changes per component.
 */
function upgrade_diff(array $snapshot, string $root, array $options = []): array {}

/** The per-process cache behind repeat checks: enabled, entries, hits, misses. */
function upgrade_cache_info(): array {}

/** Empties the per-process cache. */
function upgrade_cache_clear(): void {}

/**
 * Writes the per-process cache to $file (atomically, mode 0600) so that a
 * later process can start from it; returns the number of entries written.
 */
function upgrade_cache_save(string $file): int {}

/**
 * Adds the entries saved in $file to the per-process cache. Each is checked
 * against its file's identity before use, as any cached entry is. Returns the
 * number loaded: 0 when upgrade.cache is off or the file does not exist.
 * UpgradeException when the file is corrupt, not a regular file, a link, not
 * owned by the user running PHP, or writable by others.
 */
function upgrade_cache_load(string $file): int {}

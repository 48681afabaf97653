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
 * Moodle's moodle_needs_upgrading() without its lock check: true when the
 * stored core version or versions hash is empty, or the hash differs.
 */
function upgrade_is_pending(string $root, ?string $storedversionshash, string|float|int|null $storedcoreversion, array $options = []): bool {}

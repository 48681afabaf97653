/*
 * allversionshash (spec section 4): every version.php read statically when
 * its value can be proven, executed the way Moodle does otherwise.
 */
#ifndef UPGRADE_VERSIONS_H
#define UPGRADE_VERSIONS_H

#include "upgrade_internal.h"

/* Ordered component => version (core first) in `versions`; when `sources`
 * is not NULL, component => how the value was obtained. Throws on failure. */
zend_result upg_versions(zend_string *root, const upg_options *opts, zval *versions, zval *sources);
/* sha1(serialize($versions)) with the engine's serializer. */
void upg_versions_hash_of(zval *versions, char out[UPG_SHA1_HEX + 1]);

/* Executes one version file in a clean scope, as Moodle does (src/version_exec.c).
 * core: `$version` of dirroot/version.php; otherwise `$plugin->version`.
 * Throws UpgradeException (file and error) when the file fails. */
zend_result upg_version_exec(zend_string *file, bool core, zval *value);

/* The PHP value of a literal the scanner proved (engine number parsing). */
bool upg_literal_value(int kind, bool negative, const char *text, size_t len, zval *out);

#endif

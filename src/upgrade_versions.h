/*
 * allversionshash (spec section 4): every version.php read statically when
 * its value can be proven, executed the way Moodle does otherwise.
 */
#ifndef UPGRADE_VERSIONS_H
#define UPGRADE_VERSIONS_H

#include "upgrade_internal.h"
#include "upgrade_pool.h"

/* Ordered component => version (core first) in `versions`; when `sources`
 * is not NULL, component => how the value was obtained. Throws on failure. */
zend_result upg_versions(zend_string *root, const upg_options *opts, zval *versions, zval *sources);
/* The version files of a site, read while discovery runs (hook callbacks
 * take the scan as ctx), then turned into values on the calling thread. */
typedef struct upg_vscan upg_vscan;
upg_vscan *upg_vscan_start(void);
void upg_vscan_push_core(void *ctx, const upg_site *site);
void upg_vscan_push_plugin(void *ctx, const upg_site *site, const upg_plugin *plugin);
/* Waits for the readers; false (exception thrown) when out of memory. */
bool upg_vscan_wait(upg_vscan *vs);
zend_result upg_vscan_values(upg_vscan *vs, zval *versions, zval *sources);
void upg_vscan_free(upg_vscan *vs);

/* Discovery's listing threads read DIR/version.php ahead of time (plugin
 * mode); the versions scan takes the reading over (upg_prefetch_claim()). */
upg_vjob *upg_vjob_preread(upg_worker *w, int typefd, const char *dir, size_t len, size_t namepos, HashTable *cache);
void upg_vjob_discard(upg_vjob *job);

/* Both scans at once (src/hashes.c): core's, or a plugin's, db/ folder and
 * version file are pushed; the plugin's component name is returned (owned). */
struct upg_dirscan;
void upg_both_push_core(struct upg_dirscan *dirs, upg_vscan *versions, const upg_site *site);
zend_string *upg_both_push_plugin(struct upg_dirscan *dirs, upg_vscan *versions, const upg_site *site, const upg_plugin *p);

/* upgrade_versions_hash(): allversionshash of the site at `root`, from the
 * per-process cache when it may answer. Throws on failure. */
zend_result upg_versions_hash_cached(zend_string *root, const upg_options *opts, char hex[UPG_SHA1_HEX + 1]);

/* sha1(serialize($versions)) with the engine's serializer. */
void upg_versions_hash_of(zval *versions, char out[UPG_SHA1_HEX + 1]);

/* Executes one version file in a clean scope, as Moodle does (src/version_exec.c).
 * core: `$version` of dirroot/version.php; otherwise `$plugin->version`.
 * Throws UpgradeException (file and error) when the file fails. */
zend_result upg_version_exec(zend_string *file, bool core, zval *value);

/* The PHP value of a literal the scanner proved (engine number parsing). */
bool upg_literal_value(int kind, bool negative, const char *text, size_t len, zval *out);

#endif

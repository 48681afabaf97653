/*
 * upgrade_hashes(): both of Moodle's hashes from one walk of the tree. The
 * command-line tool needs both when an upgrade is pending; one discovery
 * and one pool cost less than the two calls.
 */
#include "upgrade_internal.h"
#include "upgrade_dirscan.h"
#include "upgrade_versions.h"

void upg_both_push_core(upg_dirscan *dirs, upg_vscan *versions, const upg_site *site)
{
	zend_string *db = zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/lib/db", 7);
	zend_string *core = ZSTR_INIT_LITERAL("core", 0);
	upg_dirscan_push(dirs, db, core, NULL);
	upg_vscan_push_core(versions, site);
	zend_string_release(core);
	zend_string_release(db);
}

zend_string *upg_both_push_plugin(upg_dirscan *dirs, upg_vscan *versions, const upg_site *site, const upg_plugin *p)
{
	zend_string *db = zend_string_concat2(ZSTR_VAL(p->dir), ZSTR_LEN(p->dir), "/db", 3);
	zend_string *component = upg_component_name(p);
	upg_dirscan_push(dirs, db, component, upg_prefetch_claim_db(site, p));
	upg_vscan_push_plugin(versions, site, p);
	zend_string_release(db);
	return component;
}

typedef struct {
	upg_dirscan *dirs;
	upg_vscan *versions;
} upg_hashes_scan;

static void upg_hashes_core(void *ctx, const upg_site *site)
{
	upg_hashes_scan *s = ctx;
	upg_both_push_core(s->dirs, s->versions, site);
}

static void upg_hashes_plugin(void *ctx, const upg_site *site, const upg_plugin *p)
{
	upg_hashes_scan *s = ctx;
	zend_string_release(upg_both_push_plugin(s->dirs, s->versions, site, p));
}

PHP_FUNCTION(upgrade_hashes)
{
	zend_string *root;
	HashTable *options = NULL;
	upg_options opts;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_site_args(root, 1, options, 2, &opts) == FAILURE) {
		RETURN_THROWS();
	}
	upg_site site;
	upg_hashes_scan s = { upg_dirscan_start(), upg_vscan_start() };
	upg_discover_hook hook = { upg_hashes_core, upg_hashes_plugin, &s, true, true };
	zend_result rc = upg_discover(&site, root, &opts, &hook);
	if (rc == SUCCESS) {
		upg_site_free(&site);
	}
	/* Both pools are drained and finished whatever happened. */
	bool dirs_ok = upg_dirscan_finish(s.dirs);
	bool versions_ok = dirs_ok && upg_vscan_wait(s.versions);
	zval versions;
	ZVAL_UNDEF(&versions);
	if (rc == SUCCESS && versions_ok && upg_vscan_values(s.versions, &versions, NULL) == SUCCESS) {
		char vhex[UPG_SHA1_HEX + 1], chex[UPG_SHA1_HEX + 1];
		zval hashes;
		upg_versions_hash_of(&versions, vhex);
		upg_dirscan_hashes(s.dirs, &hashes, opts.keys);
		upg_hash_map(Z_ARRVAL(hashes), chex);
		zval_ptr_dtor(&hashes);
		array_init_size(return_value, 3);
		add_assoc_stringl(return_value, "component_hash", chex, UPG_SHA1_HEX);
		add_assoc_stringl(return_value, "versions_hash", vhex, UPG_SHA1_HEX);
		add_assoc_zval(return_value, "versions", &versions);
	}
	upg_dirscan_free(s.dirs);
	upg_vscan_free(s.versions);
	upg_options_free(&opts);
	if (Z_TYPE_P(return_value) != IS_ARRAY) {
		RETURN_THROWS();
	}
}

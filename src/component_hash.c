/*
 * allcomponenthash (spec section 3) and Moodle's maintenance rule.
 */
#include "upgrade_internal.h"
#include "upgrade_dirscan.h"
#include "upgrade_cache.h"

static void upg_push_core_db(void *ctx, const upg_site *site)
{
	zend_string *dir = zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/lib/db", 7);
	zend_string *core = ZSTR_INIT_LITERAL("core", 0);
	upg_dirscan_push(ctx, dir, core, NULL);
	zend_string_release(core);
	zend_string_release(dir);
}

static void upg_push_plugin_db(void *ctx, const upg_site *site, const upg_plugin *plugin)
{
	zend_string *dir = zend_string_concat2(ZSTR_VAL(plugin->dir), ZSTR_LEN(plugin->dir), "/db", 3);
	zend_string *component = upg_component_name(plugin);
	upg_dirscan_push(ctx, dir, component, upg_prefetch_claim_db(site, plugin));
	zend_string_release(component);
	zend_string_release(dir);
}

zend_result upg_component_hash(zend_string *root, const upg_options *opts, char out[UPG_SHA1_HEX + 1])
{
	if (upg_answer_get("component", root, opts, out)) {
		return SUCCESS;
	}
	upg_site site;
	upg_dirscan *scan = upg_dirscan_start();
	upg_discover_hook hook = { upg_push_core_db, upg_push_plugin_db, scan, false, true };
	zend_result rc = upg_discover(&site, root, opts, &hook);
	/* Even after a failed discovery the pool must be drained and finished. */
	bool ok = upg_dirscan_finish(scan);
	if (rc == SUCCESS && ok) {
		zval hashes;
		upg_dirscan_hashes(scan, &hashes, opts->keys);
		upg_hash_map(Z_ARRVAL(hashes), out);
		zval_ptr_dtor(&hashes);
		upg_answer_put("component", root, opts, out);
	}
	if (rc == SUCCESS) {
		upg_site_free(&site);
	}
	upg_dirscan_free(scan);
	return (rc == SUCCESS && ok) ? SUCCESS : FAILURE;
}

PHP_FUNCTION(upgrade_component_hash)
{
	zend_string *root;
	HashTable *options = NULL;
	upg_options opts;
	char hex[UPG_SHA1_HEX + 1];

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_site_args(root, 1, options, 2, &opts) == FAILURE) {
		RETURN_THROWS();
	}
	zend_result rc = upg_component_hash(root, &opts, hex);
	upg_options_free(&opts);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	RETURN_STRINGL(hex, UPG_SHA1_HEX);
}

PHP_FUNCTION(upgrade_is_maintenance_required)
{
	zend_string *root, *stored;
	HashTable *options = NULL;
	upg_options opts;
	char hex[UPG_SHA1_HEX + 1];

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_STR_OR_NULL(stored)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_site_args(root, 1, options, 3, &opts) == FAILURE) {
		RETURN_THROWS();
	}
	/* The site is always read, so a broken site is reported even without a stored hash. */
	zend_result rc = upg_component_hash(root, &opts, hex);
	upg_options_free(&opts);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	/* empty($CFG->allcomponenthash) || $CFG->allcomponenthash !== $current */
	if (upg_str_is_empty(stored)) {
		RETURN_TRUE;
	}
	RETURN_BOOL(!(ZSTR_LEN(stored) == UPG_SHA1_HEX && memcmp(ZSTR_VAL(stored), hex, UPG_SHA1_HEX) == 0));
}

/*
 * allcomponenthash (spec section 3) and Moodle's maintenance rule.
 */
#include "upgrade_internal.h"

/* The ordered folder list Moodle hashes: lib/db, then every plugin's db/. */
static zend_string **upg_component_dirs(const upg_site *site, uint32_t *n)
{
	zend_string **dirs = safe_emalloc(site->nplugins + 1, sizeof(zend_string *), 0);
	dirs[0] = zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/lib/db", 7);
	for (uint32_t i = 0; i < site->nplugins; i++) {
		const zend_string *d = site->plugins[i].dir;
		dirs[i + 1] = zend_string_concat2(ZSTR_VAL(d), ZSTR_LEN(d), "/db", 3);
	}
	*n = site->nplugins + 1;
	return dirs;
}

zend_result upg_component_hash(zend_string *root, const upg_options *opts, char out[UPG_SHA1_HEX + 1])
{
	upg_site site;
	if (upg_discover(&site, root, opts) == FAILURE) {
		return FAILURE;
	}
	uint32_t n;
	zend_string **dirs = upg_component_dirs(&site, &n);
	zval hashes;
	upg_directory_hashes(dirs, n, &hashes);
	zend_result rc = EG(exception) ? FAILURE : SUCCESS;
	if (rc == SUCCESS) {
		upg_hash_map(Z_ARRVAL(hashes), out);
	}
	zval_ptr_dtor(&hashes);
	for (uint32_t i = 0; i < n; i++) {
		zend_string_release(dirs[i]);
	}
	efree(dirs);
	upg_site_free(&site);
	return rc;
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

	if (upg_check_path_arg(root, 1) == FAILURE || upg_options_parse(&opts, options, 2) == FAILURE) {
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

	if (upg_check_path_arg(root, 1) == FAILURE || upg_options_parse(&opts, options, 3) == FAILURE) {
		RETURN_THROWS();
	}
	/* The site is always read, so a broken site is reported even without a stored hash. */
	zend_result rc = upg_component_hash(root, &opts, hex);
	upg_options_free(&opts);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	/* empty($CFG->allcomponenthash) || $CFG->allcomponenthash !== $current */
	if (!stored || ZSTR_LEN(stored) == 0 || zend_string_equals_literal(stored, "0")) {
		RETURN_TRUE;
	}
	RETURN_BOOL(!(ZSTR_LEN(stored) == UPG_SHA1_HEX && memcmp(ZSTR_VAL(stored), hex, UPG_SHA1_HEX) == 0));
}

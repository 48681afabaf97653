/*
 * The $options array shared by the site functions. Unknown keys are refused
 * (a typo must not silently fall back to a default), wrong types are a
 * TypeError, bad values a ValueError, all naming the argument.
 */
#include "upgrade_internal.h"

zend_result upg_check_path_arg(zend_string *path, uint32_t arg)
{
	if (ZSTR_LEN(path) == 0) {
		zend_argument_value_error(arg, "cannot be empty");
		return FAILURE;
	}
	if (zend_str_has_nul_byte(path)) {
		zend_argument_value_error(arg, "must not contain any null bytes");
		return FAILURE;
	}
	return SUCCESS;
}

zend_result upg_site_args(zend_string *root, uint32_t rootarg, HashTable *options, uint32_t optarg, upg_options *opts)
{
	if (upg_check_path_arg(root, rootarg) == FAILURE) {
		return FAILURE;
	}
	return upg_options_parse(opts, options, optarg);
}

static zend_result upg_option_string(zval *val, const char *name, bool nullable,
		uint32_t arg, zend_string **out)
{
	ZVAL_DEREF(val);
	if (Z_TYPE_P(val) == IS_NULL && nullable) {
		*out = NULL;
		return SUCCESS;
	}
	if (Z_TYPE_P(val) != IS_STRING) {
		zend_argument_type_error(arg, "option \"%s\" must be of type %sstring, %s given",
			name, nullable ? "?" : "", zend_zval_type_name(val));
		return FAILURE;
	}
	if (zend_str_has_nul_byte(Z_STR_P(val))) {
		zend_argument_value_error(arg, "option \"%s\" must not contain any null bytes", name);
		return FAILURE;
	}
	*out = zend_string_copy(Z_STR_P(val));
	return SUCCESS;
}

zend_result upg_options_parse(upg_options *opts, HashTable *options, uint32_t arg)
{
	opts->admin = ZSTR_INIT_LITERAL("admin", 0);
	opts->themedir = NULL;
	opts->keys = UPG_KEYS_ABSOLUTE;
	if (!options) {
		return SUCCESS;
	}

	zend_string *key;
	zend_ulong idx;
	zval *val;
	ZEND_HASH_FOREACH_KEY_VAL(options, idx, key, val) {
		if (!key) {
			zend_argument_value_error(arg, "must only have string keys, int key " ZEND_ULONG_FMT " given", idx);
			goto fail;
		}
		if (zend_string_equals_literal(key, "admin")) {
			zend_string *admin;
			if (upg_option_string(val, "admin", false, arg, &admin) == FAILURE) {
				goto fail;
			}
			zend_string_release(opts->admin);
			opts->admin = admin;
			if (ZSTR_LEN(admin) == 0 || memchr(ZSTR_VAL(admin), '/', ZSTR_LEN(admin))) {
				zend_argument_value_error(arg, "option \"admin\" must be a folder name (non-empty, no \"/\")");
				goto fail;
			}
		} else if (zend_string_equals_literal(key, "themedir")) {
			if (opts->themedir) {
				zend_string_release(opts->themedir);
			}
			if (upg_option_string(val, "themedir", true, arg, &opts->themedir) == FAILURE) {
				goto fail;
			}
		} else if (zend_string_equals_literal(key, "keys")) {
			zend_string *keys;
			if (upg_option_string(val, "keys", false, arg, &keys) == FAILURE) {
				goto fail;
			}
			bool absolute = zend_string_equals_literal(keys, "absolute");
			bool component = zend_string_equals_literal(keys, "component");
			zend_string_release(keys);
			if (!absolute && !component) {
				zend_argument_value_error(arg, "option \"keys\" must be \"absolute\" or \"component\"");
				goto fail;
			}
			opts->keys = component ? UPG_KEYS_COMPONENT : UPG_KEYS_ABSOLUTE;
		} else {
			zend_argument_value_error(arg, "contains unknown option \"%s\"", ZSTR_VAL(key));
			goto fail;
		}
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;

fail:
	upg_options_free(opts);
	return FAILURE;
}

void upg_options_free(upg_options *opts)
{
	if (opts->admin) {
		zend_string_release(opts->admin);
		opts->admin = NULL;
	}
	if (opts->themedir) {
		zend_string_release(opts->themedir);
		opts->themedir = NULL;
	}
}

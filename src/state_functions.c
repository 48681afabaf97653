/*
 * The CLI side of the shared upgrade state: upgrade_lock(), upgrade_unlock(),
 * upgrade_heartbeat() write the state file (atomically, src/state.c);
 * upgrade_state_read() reads and validates it now. What the web side sees
 * per request is in src/state_hook.c.
 */
#include "upgrade_internal.h"
#include "upgrade_state.h"

#include <time.h>

/* The explicit path argument, else upgrade.state_file; neither is a caller
 * mistake (ValueError). */
static const char *upg_state_path_arg(zend_string *arg, uint32_t argnum)
{
	if (arg) {
		return upg_check_path_arg(arg, argnum) == SUCCESS ? ZSTR_VAL(arg) : NULL;
	}
	const char *ini = UPG_G(state.file);
	if (!ini || !*ini) {
		zend_argument_value_error(argnum, "must be given when upgrade.state_file is not set");
		return NULL;
	}
	return ini;
}

static zend_result upg_check_ttl(zend_long ttl, uint32_t argnum, zend_long now)
{
	if (ttl < 0) {
		zend_argument_value_error(argnum, "must be greater than or equal to 0");
		return FAILURE;
	}
	if (ttl > ZEND_LONG_MAX - now) {
		zend_argument_value_error(argnum, "is too large");
		return FAILURE;
	}
	return SUCCESS;
}

/* Validates upgrade_lock()'s $meta into `st`; throws on the first mistake. */
static zend_result upg_parse_meta(HashTable *meta, upg_state_data *st)
{
	zend_string *key;
	zend_ulong idx;
	zval *val;
	ZEND_HASH_FOREACH_KEY_VAL(meta, idx, key, val) {
		if (!key) {
			zend_argument_value_error(1, "must only have string keys, int key " ZEND_ULONG_FMT " given", idx);
			return FAILURE;
		}
		ZVAL_DEREF(val);
		if (zend_string_equals_literal(key, "reason")) {
			if (Z_TYPE_P(val) != IS_STRING) {
				zend_argument_type_error(1, "key \"reason\" must be of type string, %s given", zend_zval_type_name(val));
				return FAILURE;
			}
			if (Z_STRLEN_P(val) > UPG_STATE_REASON_MAX) {
				zend_argument_value_error(1, "key \"reason\" must be at most %d bytes long", UPG_STATE_REASON_MAX);
				return FAILURE;
			}
			memcpy(st->reason, Z_STRVAL_P(val), Z_STRLEN_P(val));
			st->reason[Z_STRLEN_P(val)] = '\0';
			st->reason_len = (uint16_t) Z_STRLEN_P(val);
		} else if (zend_string_equals_literal(key, "upgrade")) {
			if (Z_TYPE_P(val) != IS_STRING) {
				zend_argument_type_error(1, "key \"upgrade\" must be of type string, %s given", zend_zval_type_name(val));
				return FAILURE;
			}
			if (zend_string_equals_literal(Z_STR_P(val), "none")) {
				st->upgrade = UPG_UPGRADE_NONE;
			} else if (zend_string_equals_literal(Z_STR_P(val), "outageless")) {
				st->upgrade = UPG_UPGRADE_OUTAGELESS;
			} else if (zend_string_equals_literal(Z_STR_P(val), "maintenance")) {
				st->upgrade = UPG_UPGRADE_MAINTENANCE;
			} else {
				zend_argument_value_error(1, "key \"upgrade\" must be \"none\", \"outageless\" or \"maintenance\"");
				return FAILURE;
			}
		} else if (zend_string_equals_literal(key, "expected_end")) {
			if (Z_TYPE_P(val) != IS_LONG) {
				zend_argument_type_error(1, "key \"expected_end\" must be of type int, %s given", zend_zval_type_name(val));
				return FAILURE;
			}
			if (Z_LVAL_P(val) < 0) {
				zend_argument_value_error(1, "key \"expected_end\" must be greater than or equal to 0");
				return FAILURE;
			}
			st->expected_end = Z_LVAL_P(val);
		} else {
			zend_argument_value_error(1, "contains unknown key \"%s\"", ZSTR_VAL(key));
			return FAILURE;
		}
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

typedef struct {
	const char *path;
	const upg_state_data *want;   /* lock: what to write */
	zend_long ttl;
	const char *hash;             /* versions hash to record */
} upg_update_arg;

/* Every write keeps the site's recorded versions hash (a corrupt file has
 * none that can be trusted: it is dropped with the rest). */
static void upg_keep_versions_hash(const upg_state_read_result *cur, upg_state_data *next)
{
	if (cur->status == UPG_FILE_OK) {
		memcpy(next->versions_hash, cur->data.versions_hash, sizeof(next->versions_hash));
	}
}

static zend_result upg_update_lock(const upg_state_read_result *cur, upg_state_data *next, void *arg)
{
	const upg_update_arg *a = arg;
	zend_long now = (zend_long) time(NULL);
	*next = *a->want;   /* a lock replaces whatever was there, but the versions hash */
	upg_keep_versions_hash(cur, next);
	next->locked = true;
	next->since = now;
	next->expires = a->ttl > 0 ? now + a->ttl : 0;
	upg_state_set_owner(next);
	return SUCCESS;
}

static zend_result upg_update_unlock(const upg_state_read_result *cur, upg_state_data *next, void *arg)
{
	(void) arg;
	memset(next, 0, sizeof(*next));
	upg_keep_versions_hash(cur, next);
	next->since = (zend_long) time(NULL);
	upg_state_set_owner(next);   /* who unlocked */
	return SUCCESS;
}

/* The state as it is, lock untouched, with a new versions hash; a missing
 * file is created unlocked (what "state init" does). */
static zend_result upg_update_versions_hash(const upg_state_read_result *cur, upg_state_data *next, void *arg)
{
	const upg_update_arg *a = arg;
	if (cur->status == UPG_FILE_BAD) {
		upg_throw("State file %s %s: not rewritten (fix or remove it first)", a->path, cur->problem);
		return FAILURE;
	}
	if (cur->status == UPG_FILE_OK) {
		*next = cur->data;
	} else {
		memset(next, 0, sizeof(*next));
		next->since = (zend_long) time(NULL);
		upg_state_set_owner(next);
	}
	memcpy(next->versions_hash, a->hash, UPG_SHA1_HEX);
	next->versions_hash[UPG_SHA1_HEX] = '\0';
	return SUCCESS;
}

static zend_result upg_update_heartbeat(const upg_state_read_result *cur, upg_state_data *next, void *arg)
{
	const upg_update_arg *a = arg;
	zend_long now = (zend_long) time(NULL);
	if (cur->status == UPG_FILE_MISSING) {
		upg_throw("State file %s: no upgrade lock is held (the file does not exist)", a->path);
		return FAILURE;
	}
	if (cur->status != UPG_FILE_OK) {
		upg_throw("State file %s %s", a->path, cur->problem);
		return FAILURE;
	}
	if (!cur->data.locked) {
		upg_throw("State file %s: no upgrade lock is held", a->path);
		return FAILURE;
	}
	if (upg_state_expired(&cur->data, now)) {
		char msg[UPG_STATE_PATH_MAX + UPG_STATE_PROBLEM_MAX];
		upg_state_expiry_message("State file", a->path, &cur->data, msg, sizeof(msg));
		upg_throw("%s, so no upgrade lock is held", msg);
		return FAILURE;
	}
	*next = cur->data;
	next->expires = a->ttl > 0 ? now + a->ttl : 0;
	return SUCCESS;
}

static void upg_write_and_return(zval *return_value, const char *path, upg_state_update_fn fn, upg_update_arg *arg)
{
	upg_state_data *written = emalloc(sizeof(*written));
	if (upg_state_write(path, UPG_G(state.file_mode), fn, arg, written) == SUCCESS) {
		upg_state_to_array(return_value, written, false);
	}
	efree(written);
}

PHP_FUNCTION(upgrade_lock)
{
	HashTable *meta = NULL;
	zend_long ttl = 0;
	zend_string *state_file = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 3)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(meta)
		Z_PARAM_LONG(ttl)
		Z_PARAM_STR_OR_NULL(state_file)
	ZEND_PARSE_PARAMETERS_END();

	upg_state_data *want = ecalloc(1, sizeof(*want));
	const char *path;
	if ((meta && upg_parse_meta(meta, want) == FAILURE)
			|| upg_check_ttl(ttl, 2, (zend_long) time(NULL)) == FAILURE
			|| !(path = upg_state_path_arg(state_file, 3))) {
		efree(want);
		RETURN_THROWS();
	}
	upg_update_arg arg = {path, want, ttl, NULL};
	upg_write_and_return(return_value, path, upg_update_lock, &arg);
	efree(want);
}

PHP_FUNCTION(upgrade_unlock)
{
	zend_string *state_file = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(state_file)
	ZEND_PARSE_PARAMETERS_END();

	const char *path = upg_state_path_arg(state_file, 1);
	if (!path) {
		RETURN_THROWS();
	}
	upg_update_arg arg = {path, NULL, 0, NULL};
	upg_write_and_return(return_value, path, upg_update_unlock, &arg);
}

PHP_FUNCTION(upgrade_heartbeat)
{
	zend_long ttl;
	zend_string *state_file = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(ttl)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(state_file)
	ZEND_PARSE_PARAMETERS_END();

	const char *path;
	if (upg_check_ttl(ttl, 1, (zend_long) time(NULL)) == FAILURE || !(path = upg_state_path_arg(state_file, 2))) {
		RETURN_THROWS();
	}
	upg_update_arg arg = {path, NULL, ttl, NULL};
	upg_write_and_return(return_value, path, upg_update_heartbeat, &arg);
}

PHP_FUNCTION(upgrade_record_versions_hash)
{
	zend_string *hash;
	zend_string *state_file = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(hash)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(state_file)
	ZEND_PARSE_PARAMETERS_END();

	if (!upg_is_sha1_hex(ZSTR_VAL(hash), ZSTR_LEN(hash))) {
		zend_argument_value_error(1, "must be 40 lowercase hexadecimal digits (a versions hash)");
		RETURN_THROWS();
	}
	const char *path = upg_state_path_arg(state_file, 2);
	if (!path) {
		RETURN_THROWS();
	}
	upg_update_arg arg = {path, NULL, 0, ZSTR_VAL(hash)};
	upg_write_and_return(return_value, path, upg_update_versions_hash, &arg);
}

PHP_FUNCTION(upgrade_state_read)
{
	zend_string *state_file;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(state_file)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_check_path_arg(state_file, 1) == FAILURE) {
		RETURN_THROWS();
	}
	const char *path = ZSTR_VAL(state_file);
	upg_state_read_result *res = emalloc(sizeof(*res));
	upg_state_load(path, res);
	if (res->status == UPG_FILE_BAD) {
		upg_throw("State file %s %s", path, res->problem);
	} else if (res->status == UPG_FILE_MISSING) {
		/* No file: nothing is running. */
		memset(&res->data, 0, sizeof(res->data));
		upg_state_to_array(return_value, &res->data, false);
	} else {
		bool expired = upg_state_expired(&res->data, (zend_long) time(NULL));
		if (expired) {
			char msg[UPG_STATE_PATH_MAX + UPG_STATE_PROBLEM_MAX];
			upg_state_expiry_message("State file", path, &res->data, msg, sizeof(msg));
			php_error_docref(NULL, E_WARNING, "%s", msg);
		}
		upg_state_to_array(return_value, &res->data, expired);
	}
	efree(res);
}

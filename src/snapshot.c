/*
 * A manifest of what was deployed (upgrade_snapshot) and a diff that
 * explains what changed since (upgrade_diff). The Moodle-compatible hashes
 * are part of both, computed exactly as upgrade_component_hash() and
 * upgrade_versions_hash() do, so the verdict never departs from Moodle's.
 */
#include "upgrade_internal.h"
#include "upgrade_dirscan.h"
#include "upgrade_versions.h"

#include "php_globals.h"
#include <time.h>

#define UPG_SNAPSHOT_FORMAT "moodle-upgrade-snapshot"
#define UPG_SNAPSHOT_VERSION 1

typedef struct {
	upg_dirscan *dirs;
	upg_vscan *versions;
	zend_string **components;   /* in push order: "core", then TYPE_NAME */
	zend_string **folders;      /* component folders (dirroot for core) */
	uint32_t n, cap;
} upg_snap_scan;

static void upg_snap_add(upg_snap_scan *s, zend_string *component, zend_string *folder)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->components = safe_erealloc(s->components, s->cap, sizeof(zend_string *), 0);
		s->folders = safe_erealloc(s->folders, s->cap, sizeof(zend_string *), 0);
	}
	s->components[s->n] = component;
	s->folders[s->n] = zend_string_copy(folder);
	s->n++;
}

static void upg_snap_core(void *ctx, const upg_site *site)
{
	upg_snap_scan *s = ctx;
	upg_both_push_core(s->dirs, s->versions, site);
	upg_snap_add(s, ZSTR_INIT_LITERAL("core", 0), site->dirroot);
}

static void upg_snap_plugin(void *ctx, const upg_site *site, const upg_plugin *p)
{
	upg_snap_scan *s = ctx;
	upg_snap_add(s, upg_both_push_plugin(s->dirs, s->versions, site, p), p->dir);
}

/* A folder relative to the site root ("" for the root itself); absolute when outside it. */
static zend_string *upg_relative(const zend_string *root, const zend_string *dir)
{
	size_t rl = ZSTR_LEN(root);
	if (ZSTR_LEN(dir) == rl && memcmp(ZSTR_VAL(dir), ZSTR_VAL(root), rl) == 0) {
		return ZSTR_EMPTY_ALLOC();
	}
	if (ZSTR_LEN(dir) > rl && memcmp(ZSTR_VAL(dir), ZSTR_VAL(root), rl) == 0 && ZSTR_VAL(dir)[rl] == '/') {
		return zend_string_init(ZSTR_VAL(dir) + rl + 1, ZSTR_LEN(dir) - rl - 1, 0);
	}
	return zend_string_copy((zend_string *) dir);
}

/* The db/ files of one scanned folder: name => sha1 hex, or false when unreadable. */
static void upg_snap_db_files(upg_dirscan *scan, uint32_t j, zval *files)
{
	upg_dirjob *job = upg_dirscan_job(scan, j);
	array_init(files);
	if (job->state != UPG_DIR_OK) {
		return;
	}
	uint32_t *order = safe_emalloc(job->nents ? job->nents : 1, sizeof(uint32_t), 0);
	uint32_t count;
	upg_dirscan_order(job, order, &count);
	for (uint32_t k = 0; k < count; k++) {
		const upg_dirent *e = &job->ents[order[k]];
		zval h;
		if (e->kind == UPG_ENT_FILE) {
			char hex[UPG_SHA1_HEX + 1];
			upg_hex(e->sha, UPG_SHA1_LEN, hex);
			ZVAL_STRINGL(&h, hex, UPG_SHA1_HEX);
		} else {
			ZVAL_FALSE(&h);
		}
		zend_symtable_str_update(Z_ARRVAL_P(files), job->names + e->name_off, e->name_len, &h);
	}
	efree(order);
}

zend_result upg_snapshot(zend_string *root, const upg_options *opts, zval *out)
{
	upg_site site;
	upg_snap_scan s = { upg_dirscan_start(), upg_vscan_start(), NULL, NULL, 0, 0 };
	upg_discover_hook hook = { upg_snap_core, upg_snap_plugin, &s, true, true };
	zend_result rc = upg_discover(&site, root, opts, &hook);
	bool discovered = rc == SUCCESS;   /* upg_discover() frees the site itself on failure */
	bool dirs_ok = upg_dirscan_finish(s.dirs);
	bool versions_ok = dirs_ok && upg_vscan_wait(s.versions);
	zval versions;
	ZVAL_UNDEF(&versions);
	if (rc == SUCCESS && versions_ok) {
		rc = upg_vscan_values(s.versions, &versions, NULL);
	} else {
		rc = FAILURE;
	}

	if (rc == SUCCESS) {
		zval components, absolute, portable;
		char hex[UPG_SHA1_HEX + 1];
		array_init_size(&components, s.n);
		upg_dirscan_hashes(s.dirs, &absolute, UPG_KEYS_ABSOLUTE);
		upg_dirscan_hashes(s.dirs, &portable, UPG_KEYS_COMPONENT);
		upg_sha1 *sha = upg_sha1_new();
		for (uint32_t i = 0; i < s.n; i++) {
			zval row, files, *v;
			array_init_size(&row, 4);
			add_assoc_str(&row, "dir", upg_relative(root, s.folders[i]));
			v = zend_symtable_find(Z_ARRVAL(versions), s.components[i]);
			if (v) {
				Z_TRY_ADDREF_P(v);
				add_assoc_zval(&row, "version", v);
			} else {
				add_assoc_null(&row, "version");
			}
			upg_dirscan_dir_hash(s.dirs, i, sha, hex);
			add_assoc_stringl(&row, "db_hash", hex, UPG_SHA1_HEX);
			upg_snap_db_files(s.dirs, i, &files);
			add_assoc_zval(&row, "db", &files);
			zend_symtable_update(Z_ARRVAL(components), s.components[i], &row);
		}
		upg_sha1_free(sha);

		array_init_size(out, 12);
		add_assoc_string(out, "format", UPG_SNAPSHOT_FORMAT);
		add_assoc_long(out, "version", UPG_SNAPSHOT_VERSION);
		add_assoc_long(out, "created", (zend_long) time(NULL));
		add_assoc_str(out, "root", zend_string_copy(root));
		add_assoc_string(out, "layout", site.layout51 ? "51" : "4x");
		add_assoc_str(out, "admin", zend_string_copy(opts->admin));
		if (opts->themedir) {
			add_assoc_str(out, "themedir", zend_string_copy(opts->themedir));
		} else {
			add_assoc_null(out, "themedir");
		}
		upg_hash_map(Z_ARRVAL(absolute), hex);
		add_assoc_stringl(out, "component_hash", hex, UPG_SHA1_HEX);
		upg_hash_map(Z_ARRVAL(portable), hex);
		add_assoc_stringl(out, "component_hash_portable", hex, UPG_SHA1_HEX);
		upg_versions_hash_of(&versions, hex);
		add_assoc_stringl(out, "versions_hash", hex, UPG_SHA1_HEX);
		add_assoc_zval(out, "components", &components);
		zval_ptr_dtor(&absolute);
		zval_ptr_dtor(&portable);
	}

	zval_ptr_dtor(&versions);
	if (discovered) {
		upg_site_free(&site);
	}
	for (uint32_t i = 0; i < s.n; i++) {
		zend_string_release(s.components[i]);
		zend_string_release(s.folders[i]);
	}
	if (s.components) {
		efree(s.components);
		efree(s.folders);
	}
	upg_dirscan_free(s.dirs);
	upg_vscan_free(s.versions);
	return rc;
}

PHP_FUNCTION(upgrade_snapshot)
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
	zend_result rc = upg_snapshot(root, &opts, return_value);
	upg_options_free(&opts);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
}

/* --- the diff ------------------------------------------------------------- */

/* A value as a reader expects it in a sentence (floats as serialize() writes them). */
static void upg_append_value(smart_str *s, zval *v)
{
	switch (Z_TYPE_P(v)) {
		case IS_NULL: smart_str_appends(s, "null"); break;
		case IS_TRUE: smart_str_appends(s, "true"); break;
		case IS_FALSE: smart_str_appends(s, "false"); break;
		case IS_LONG: smart_str_append_long(s, Z_LVAL_P(v)); break;
		case IS_DOUBLE:
			smart_str_append_double(s, Z_DVAL_P(v), (int) PG(serialize_precision), false);
			break;
		case IS_STRING:
			smart_str_appendc(s, '\'');
			smart_str_append(s, Z_STR_P(v));
			smart_str_appendc(s, '\'');
			break;
		default: smart_str_appends(s, "(?)"); break;
	}
}

static void upg_reason(zval *reasons, const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);
static void upg_reason(zval *reasons, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	zend_string *r = zend_vstrpprintf(0, format, args);
	va_end(args);
	add_next_index_str(reasons, r);
}

static void upg_version_reason(zval *reasons, zend_string *component, const char *verb, zval *old, zval *new)
{
	smart_str s = {0};
	smart_str_append(&s, component);
	smart_str_appends(&s, " version ");
	smart_str_appends(&s, verb);
	smart_str_appends(&s, " from ");
	upg_append_value(&s, old);
	smart_str_appends(&s, " to ");
	upg_append_value(&s, new);
	smart_str_0(&s);
	add_next_index_str(reasons, s.s);
}

static zval *upg_snap_field(HashTable *ht, const char *name, int type)
{
	zval *v = zend_hash_str_find(ht, name, strlen(name));
	if (v) {
		ZVAL_DEREF(v);
	}
	if (!v || (type == IS_TRUE ? (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) : Z_TYPE_P(v) != type)) {
		return NULL;
	}
	return v;
}

/* Checks the caller's snapshot: ValueError for a malformed array, UpgradeException
 * for one of another format version. */
static zend_result upg_snapshot_check(HashTable *snap)
{
	zval *format = upg_snap_field(snap, "format", IS_STRING);
	if (!format || !zend_string_equals_literal(Z_STR_P(format), UPG_SNAPSHOT_FORMAT)) {
		zend_argument_value_error(1, "is not an upgrade snapshot (no \"format\" => \"" UPG_SNAPSHOT_FORMAT "\")");
		return FAILURE;
	}
	zval *version = upg_snap_field(snap, "version", IS_LONG);
	if (!version) {
		zend_argument_value_error(1, "is not an upgrade snapshot (\"version\" must be an int)");
		return FAILURE;
	}
	if (Z_LVAL_P(version) != UPG_SNAPSHOT_VERSION) {
		upg_throw("Snapshot format version " ZEND_LONG_FMT " is not supported: this extension reads version %d",
			Z_LVAL_P(version), UPG_SNAPSHOT_VERSION);
		return FAILURE;
	}
	static const char *const strings[] = { "root", "layout", "component_hash", "component_hash_portable", "versions_hash" };
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		if (!upg_snap_field(snap, strings[i], IS_STRING)) {
			zend_argument_value_error(1, "is not an upgrade snapshot (\"%s\" must be a string)", strings[i]);
			return FAILURE;
		}
	}
	zval *components = upg_snap_field(snap, "components", IS_ARRAY);
	if (!components) {
		zend_argument_value_error(1, "is not an upgrade snapshot (\"components\" must be an array)");
		return FAILURE;
	}
	zval *row;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(components), row) {
		ZVAL_DEREF(row);
		if (Z_TYPE_P(row) != IS_ARRAY || !upg_snap_field(Z_ARRVAL_P(row), "dir", IS_STRING)
				|| !upg_snap_field(Z_ARRVAL_P(row), "db", IS_ARRAY)
				|| !zend_hash_str_exists(Z_ARRVAL_P(row), "version", sizeof("version") - 1)) {
			zend_argument_value_error(1, "is not an upgrade snapshot (each component needs \"dir\", \"version\" and \"db\")");
			return FAILURE;
		}
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_string *upg_key_str(zend_string *key, zend_ulong idx)
{
	return key ? zend_string_copy(key) : zend_long_to_str((zend_long) idx);
}

/* db/ files of one component: added, removed, changed (by name and content). */
static bool upg_diff_db(zend_string *component, HashTable *old, HashTable *new, zval *db, zval *reasons)
{
	zval added, removed, changed;
	array_init(&added);
	array_init(&removed);
	array_init(&changed);
	zend_string *key;
	zend_ulong idx;
	zval *v;
	ZEND_HASH_FOREACH_KEY_VAL(new, idx, key, v) {
		zend_string *name = upg_key_str(key, idx);
		zval *o = zend_symtable_find(old, name);
		if (!o) {
			add_next_index_str(&added, zend_string_copy(name));
			upg_reason(reasons, "%s db/%s added", ZSTR_VAL(component), ZSTR_VAL(name));
		} else if (!zend_is_identical(o, v)) {
			add_next_index_str(&changed, zend_string_copy(name));
			upg_reason(reasons, "%s db/%s changed", ZSTR_VAL(component), ZSTR_VAL(name));
		}
		zend_string_release(name);
	} ZEND_HASH_FOREACH_END();
	ZEND_HASH_FOREACH_KEY(old, idx, key) {
		zend_string *name = upg_key_str(key, idx);
		if (!zend_symtable_find(new, name)) {
			add_next_index_str(&removed, zend_string_copy(name));
			upg_reason(reasons, "%s db/%s removed", ZSTR_VAL(component), ZSTR_VAL(name));
		}
		zend_string_release(name);
	} ZEND_HASH_FOREACH_END();

	bool any = zend_hash_num_elements(Z_ARRVAL(added)) || zend_hash_num_elements(Z_ARRVAL(removed))
		|| zend_hash_num_elements(Z_ARRVAL(changed));
	if (any) {
		zval row;
		array_init_size(&row, 3);
		add_assoc_zval(&row, "added", &added);
		add_assoc_zval(&row, "removed", &removed);
		add_assoc_zval(&row, "changed", &changed);
		zend_symtable_update(Z_ARRVAL_P(db), component, &row);
	} else {
		zval_ptr_dtor(&added);
		zval_ptr_dtor(&removed);
		zval_ptr_dtor(&changed);
	}
	return any;
}

static void upg_version_change(zval *versions, zend_string *component, zval *old, zval *new, const char *change)
{
	zval row;
	array_init_size(&row, 3);
	if (old) {
		Z_TRY_ADDREF_P(old);
		add_assoc_zval(&row, "old", old);
	} else {
		add_assoc_null(&row, "old");
	}
	if (new) {
		Z_TRY_ADDREF_P(new);
		add_assoc_zval(&row, "new", new);
	} else {
		add_assoc_null(&row, "new");
	}
	add_assoc_string(&row, "change", change);
	zend_symtable_update(Z_ARRVAL_P(versions), component, &row);
}

static void upg_hash_pair(zval *out, const char *name, zval *old, zval *new)
{
	zval row;
	array_init_size(&row, 2);
	Z_TRY_ADDREF_P(old);
	add_assoc_zval(&row, "old", old);
	Z_TRY_ADDREF_P(new);
	add_assoc_zval(&row, "new", new);
	add_assoc_zval(out, name, &row);
}

static void upg_diff(HashTable *old, HashTable *cur, zval *out)
{
	zval added, removed, moved, versions, db, reasons;
	array_init(&added);
	array_init(&removed);
	array_init(&moved);
	array_init(&versions);
	array_init(&db);
	array_init(&reasons);
	bool downgrade = false;

	HashTable *oc = Z_ARRVAL_P(zend_hash_str_find(old, "components", sizeof("components") - 1));
	HashTable *cc = Z_ARRVAL_P(zend_hash_str_find(cur, "components", sizeof("components") - 1));
	zend_string *key;
	zend_ulong idx;
	zval *row;

	ZEND_HASH_FOREACH_KEY_VAL(cc, idx, key, row) {
		zend_string *component = upg_key_str(key, idx);
		zval *orow = zend_symtable_find(oc, component);
		zval *nv = zend_hash_str_find(Z_ARRVAL_P(row), "version", sizeof("version") - 1);
		if (!orow) {
			add_next_index_str(&added, zend_string_copy(component));
			upg_version_change(&versions, component, NULL, nv, "added");
			smart_str s = {0};
			smart_str_append(&s, component);
			smart_str_appends(&s, " added (version ");
			upg_append_value(&s, nv);
			smart_str_appendc(&s, ')');
			smart_str_0(&s);
			add_next_index_str(&reasons, s.s);
			zend_string_release(component);
			continue;
		}
		ZVAL_DEREF(orow);
		zval *ov = zend_hash_str_find_deref(Z_ARRVAL_P(orow), "version", sizeof("version") - 1);
		zval *odir = zend_hash_str_find_deref(Z_ARRVAL_P(orow), "dir", sizeof("dir") - 1);
		zval *ndir = zend_hash_str_find(Z_ARRVAL_P(row), "dir", sizeof("dir") - 1);
		if (!zend_is_identical(odir, ndir)) {
			zval m;
			array_init_size(&m, 2);
			Z_TRY_ADDREF_P(odir);
			add_assoc_zval(&m, "from", odir);
			Z_TRY_ADDREF_P(ndir);
			add_assoc_zval(&m, "to", ndir);
			zend_symtable_update(Z_ARRVAL(moved), component, &m);
			upg_reason(&reasons, "%s moved from %s to %s", ZSTR_VAL(component), Z_STRVAL_P(odir), Z_STRVAL_P(ndir));
		}
		if (!zend_is_identical(ov, nv)) {
			int cmp = zend_compare(nv, ov);
			const char *change = cmp > 0 ? "raised" : (cmp < 0 ? "lowered" : "changed");
			if (cmp < 0) {
				downgrade = true;
			}
			upg_version_change(&versions, component, ov, nv, change);
			upg_version_reason(&reasons, component, cmp < 0 ? "lowered (a downgrade)" : change, ov, nv);
		}
		upg_diff_db(component, Z_ARRVAL_P(zend_hash_str_find_deref(Z_ARRVAL_P(orow), "db", 2)),
			Z_ARRVAL_P(zend_hash_str_find(Z_ARRVAL_P(row), "db", 2)), &db, &reasons);
		zend_string_release(component);
	} ZEND_HASH_FOREACH_END();

	ZEND_HASH_FOREACH_KEY_VAL(oc, idx, key, row) {
		zend_string *component = upg_key_str(key, idx);
		if (!zend_symtable_find(cc, component)) {
			ZVAL_DEREF(row);
			zval *ov = zend_hash_str_find_deref(Z_ARRVAL_P(row), "version", sizeof("version") - 1);
			add_next_index_str(&removed, zend_string_copy(component));
			upg_version_change(&versions, component, ov, NULL, "removed");
			smart_str s = {0};
			smart_str_append(&s, component);
			smart_str_appends(&s, " removed (was version ");
			upg_append_value(&s, ov);
			smart_str_appendc(&s, ')');
			smart_str_0(&s);
			add_next_index_str(&reasons, s.s);
		}
		zend_string_release(component);
	} ZEND_HASH_FOREACH_END();

	zval *och = zend_hash_str_find_deref(old, "component_hash", sizeof("component_hash") - 1);
	zval *nch = zend_hash_str_find(cur, "component_hash", sizeof("component_hash") - 1);
	zval *ocp = zend_hash_str_find_deref(old, "component_hash_portable", sizeof("component_hash_portable") - 1);
	zval *ncp = zend_hash_str_find(cur, "component_hash_portable", sizeof("component_hash_portable") - 1);
	zval *ovh = zend_hash_str_find_deref(old, "versions_hash", sizeof("versions_hash") - 1);
	zval *nvh = zend_hash_str_find(cur, "versions_hash", sizeof("versions_hash") - 1);
	zval *oroot = zend_hash_str_find_deref(old, "root", sizeof("root") - 1);
	zval *nroot = zend_hash_str_find(cur, "root", sizeof("root") - 1);

	/* Moodle's own rules: stored hash differs => pending / maintenance. */
	bool pending = !zend_string_equals(Z_STR_P(ovh), Z_STR_P(nvh));
	bool maintenance = !zend_string_equals(Z_STR_P(och), Z_STR_P(nch));
	bool portable = !zend_string_equals(Z_STR_P(ocp), Z_STR_P(ncp));
	bool site_moved = !zend_string_equals(Z_STR_P(oroot), Z_STR_P(nroot));
	if (maintenance && !portable && site_moved) {
		upg_reason(&reasons, "the site moved from %s to %s: Moodle keys its component hash by absolute path, "
			"so it reads as maintenance required although no db/ file changed", Z_STRVAL_P(oroot), Z_STRVAL_P(nroot));
	}

	array_init_size(out, 14);
	add_assoc_bool(out, "pending", pending);
	add_assoc_bool(out, "maintenance_required", maintenance);
	add_assoc_bool(out, "maintenance_required_portable", portable);
	add_assoc_bool(out, "downgrade", downgrade);
	add_assoc_bool(out, "site_moved", site_moved);
	add_assoc_zval(out, "reasons", &reasons);
	add_assoc_zval(out, "added", &added);
	add_assoc_zval(out, "removed", &removed);
	add_assoc_zval(out, "moved", &moved);
	add_assoc_zval(out, "versions", &versions);
	add_assoc_zval(out, "db", &db);
	upg_hash_pair(out, "component_hash", och, nch);
	upg_hash_pair(out, "versions_hash", ovh, nvh);
}

PHP_FUNCTION(upgrade_diff)
{
	HashTable *snap;
	zend_string *root;
	HashTable *options = NULL;
	upg_options opts;
	zval cur;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_ARRAY_HT(snap)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_snapshot_check(snap) == FAILURE || upg_site_args(root, 2, options, 3, &opts) == FAILURE) {
		RETURN_THROWS();
	}
	zend_result rc = upg_snapshot(root, &opts, &cur);
	upg_options_free(&opts);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	zval *ol = zend_hash_str_find_deref(snap, "layout", sizeof("layout") - 1);
	zval *nl = zend_hash_str_find(Z_ARRVAL(cur), "layout", sizeof("layout") - 1);
	if (!zend_string_equals(Z_STR_P(ol), Z_STR_P(nl))) {
		upg_throw("The snapshot describes a site of layout %s, but %s has layout %s: not the same site",
			Z_STRVAL_P(ol), ZSTR_VAL(root), Z_STRVAL_P(nl));
		zval_ptr_dtor(&cur);
		RETURN_THROWS();
	}
	upg_diff(snap, Z_ARRVAL(cur), return_value);
	zval_ptr_dtor(&cur);
}

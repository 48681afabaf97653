/*
 * The per-process cache: see upgrade_cache.h.
 */
#include "upgrade_internal.h"
#include "upgrade_cache.h"

#include <time.h>

/* File timestamps come from a coarse clock that may lag the fine one; an
 * entry is trusted only once its file is this much older than the entry. */
#define UPG_RACY_MARGIN_NS INT64_C(1000000000)

int64_t upg_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void upg_ident_of(const struct stat *st, upg_ident *id)
{
	memset(id, 0, sizeof(*id));
	id->dev = (uint64_t) st->st_dev;
	id->ino = (uint64_t) st->st_ino;
	id->size = (int64_t) st->st_size;
	id->mtime_ns = (int64_t) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	id->ctime_ns = (int64_t) st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

void upg_centry_free(upg_centry *e)
{
	if (e) {
		free(e->data);
		free(e);
	}
}

static void upg_cache_dtor(zval *zv)
{
	upg_centry_free(Z_PTR_P(zv));
}

HashTable *upg_cache_table(void)
{
	upg_cache_globals *g = &UPG_G(cache);
	if (!g->enabled) {
		return NULL;
	}
	if (!g->entries) {
		g->entries = pemalloc(sizeof(HashTable), 1);
		zend_hash_init(g->entries, 1024, NULL, upg_cache_dtor, 1);
	}
	return g->entries;
}

const upg_centry *upg_cache_find(HashTable *ht, const char *path, size_t len, int kind, const upg_ident *id)
{
	if (!ht) {
		return NULL;
	}
	zval *zv = zend_hash_str_find(ht, path, len);
	if (!zv) {
		return NULL;
	}
	const upg_centry *e = Z_PTR_P(zv);
	if (e->kind != kind || memcmp(&e->id, id, sizeof(*id)) != 0) {
		return NULL;
	}
	/* Racy entries are never trusted: the file may have changed within the
	 * same timestamp tick after it was read. */
	if (e->id.mtime_ns > e->cached_at_ns - UPG_RACY_MARGIN_NS
			|| e->id.ctime_ns > e->cached_at_ns - UPG_RACY_MARGIN_NS) {
		return NULL;
	}
	return e;
}

void upg_cache_store(const char *path, size_t len, upg_centry *e)
{
	upg_cache_globals *g = &UPG_G(cache);
	HashTable *ht = upg_cache_table();
	if (!ht) {
		upg_centry_free(e);
		return;
	}
	/* Bounded memory: when full, start over rather than track recency. */
	if (zend_hash_num_elements(ht) >= (uint32_t) MAX(g->max_entries, 1)
			&& !zend_hash_str_exists(ht, path, len)) {
		zend_hash_clean(ht);
	}
	zend_hash_str_update_ptr(ht, path, len, e);
}

void upg_cache_count(uint32_t hits, uint32_t misses)
{
	UPG_G(cache).hits += hits;
	UPG_G(cache).misses += misses;
}

void upg_cache_gshutdown(upg_cache_globals *g)
{
	if (g->entries) {
		zend_hash_destroy(g->entries);
		pefree(g->entries, 1);
		g->entries = NULL;
	}
	if (g->answers) {
		zend_hash_destroy(g->answers);
		pefree(g->answers, 1);
		g->answers = NULL;
	}
}

PHP_FUNCTION(upgrade_cache_info)
{
	ZEND_PARSE_PARAMETERS_NONE();
	upg_cache_globals *g = &UPG_G(cache);
	array_init_size(return_value, 4);
	add_assoc_bool(return_value, "enabled", g->enabled);
	add_assoc_long(return_value, "entries", g->entries ? zend_hash_num_elements(g->entries) : 0);
	add_assoc_long(return_value, "hits", g->hits);
	add_assoc_long(return_value, "misses", g->misses);
}

PHP_FUNCTION(upgrade_cache_clear)
{
	ZEND_PARSE_PARAMETERS_NONE();
	(void) return_value;
	upg_cache_globals *g = &UPG_G(cache);
	if (g->entries) {
		zend_hash_clean(g->entries);
	}
	if (g->answers) {
		zend_hash_clean(g->answers);
	}
	g->hits = g->misses = 0;
}

/* --- remembered answers ---------------------------------------------------- */

static int64_t upg_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static zend_string *upg_answer_key(const char *kind, zend_string *root, const upg_options *o)
{
	return zend_strpprintf(0, "%s%c%s%c%s%c%s%c%d", kind, 0, ZSTR_VAL(root), 0, ZSTR_VAL(o->admin), 0,
		o->themedir ? ZSTR_VAL(o->themedir) : "", 0, (int) o->keys);
}

static void upg_answer_dtor(zval *zv)
{
	free(Z_PTR_P(zv));
}

bool upg_answer_get(const char *kind, zend_string *root, const void *opts, char out[41])
{
	upg_cache_globals *g = &UPG_G(cache);
	if (!g->enabled || g->revalidate_ms <= 0 || !g->answers) {
		return false;
	}
	zend_string *key = upg_answer_key(kind, root, opts);
	upg_answer *a = zend_hash_find_ptr(g->answers, key);
	zend_string_release(key);
	if (!a || upg_mono_ns() - a->at_ns > (int64_t) g->revalidate_ms * 1000000) {
		return false;
	}
	memcpy(out, a->hex, 41);
	return true;
}

void upg_answer_put(const char *kind, zend_string *root, const void *opts, const char hex[41])
{
	upg_cache_globals *g = &UPG_G(cache);
	if (!g->enabled || g->revalidate_ms <= 0) {
		return;
	}
	if (!g->answers) {
		g->answers = pemalloc(sizeof(HashTable), 1);
		zend_hash_init(g->answers, 8, NULL, upg_answer_dtor, 1);
	}
	if (zend_hash_num_elements(g->answers) >= 64) {
		zend_hash_clean(g->answers);   /* a handful of sites per process at most */
	}
	upg_answer *a = malloc(sizeof(*a));
	if (!a) {
		return;
	}
	a->at_ns = upg_mono_ns();
	memcpy(a->hex, hex, 41);
	zend_string *key = upg_answer_key(kind, root, opts);
	zend_string *pkey = zend_string_dup(key, 1);
	zend_hash_update_ptr(g->answers, pkey, a);
	zend_string_release(pkey);
	zend_string_release(key);
}

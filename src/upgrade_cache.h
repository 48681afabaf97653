/*
 * Per-process cache of what repeat checks re-read: each file's SHA-1, each
 * version file's static reading, each folder's listing. An entry is keyed by
 * path and trusted only while the file's identity (device, inode, size,
 * mtime and ctime in nanoseconds) is unchanged AND its mtime/ctime were
 * already older than the moment it was cached minus a safety margin (the
 * "racy git" rule: a file written in the same clock tick as it was read may
 * change again without its timestamps changing).
 *
 * Threads: worker threads only read the cache, and only while the calling
 * thread does not write it; new entries travel back in job results and are
 * stored by the calling thread after the pool has finished.
 */
#ifndef UPGRADE_CACHE_H
#define UPGRADE_CACHE_H

#include <stdint.h>
#include <sys/stat.h>

typedef struct {
	uint64_t dev, ino;
	int64_t size, mtime_ns, ctime_ns;
} upg_ident;

enum { UPG_CE_FILE = 1, UPG_CE_VERSION, UPG_CE_DIR };

typedef struct upg_centry {
	upg_ident id;
	int64_t cached_at_ns;
	uint8_t kind;
	/* UPG_CE_FILE: the file's SHA-1 (or unreadable) */
	bool readable;
	unsigned char sha[20];
	/* UPG_CE_VERSION: the static reader's answer */
	int vkind;
	bool negative;
	/* UPG_CE_DIR: NUL-separated names, each preceded by its d_type byte */
	char *data;          /* version text or listing; malloc'd */
	size_t data_len;
	uint32_t count;      /* UPG_CE_DIR: number of names */
} upg_centry;

typedef struct {
	bool enabled;             /* upgrade.cache */
	zend_long max_entries;    /* upgrade.cache_entries */
	HashTable *entries;       /* path => upg_centry* (persistent) */
	zend_long revalidate_ms;  /* upgrade.cache_revalidate_ms: answers trusted this long without a look */
	HashTable *answers;       /* kind, root and options => upg_answer* (persistent) */
	zend_long hits, misses;   /* for upgrade_cache_info() */
} upg_cache_globals;

/* A whole answer (a hash) remembered for upgrade.cache_revalidate_ms. */
typedef struct {
	int64_t at_ns;            /* monotonic */
	char hex[41];
} upg_answer;

/* The remembered answer of `kind` ("component"/"versions") for this root and
 * options, when upgrade.cache_revalidate_ms allows it without looking. */
bool upg_answer_get(const char *kind, zend_string *root, const void *opts, char out[41]);
void upg_answer_put(const char *kind, zend_string *root, const void *opts, const char hex[41]);

/* Wall-clock now, in ns (file timestamps are wall-clock). */
int64_t upg_now_ns(void);
void upg_ident_of(const struct stat *st, upg_ident *id);
/* The cache table for this call (calling thread), NULL when the cache is off. */
HashTable *upg_cache_table(void);
/* The entry for `path` of `kind` when it can be trusted for this identity.
 * Read-only: safe in worker threads while the calling thread does not store. */
const upg_centry *upg_cache_find(HashTable *cache, const char *path, size_t len, int kind, const upg_ident *id);
/* Takes ownership of `e` (malloc'd, with malloc'd data). Calling thread only. */
void upg_cache_store(const char *path, size_t len, upg_centry *e);
void upg_centry_free(upg_centry *e);
void upg_cache_count(uint32_t hits, uint32_t misses);
void upg_cache_gshutdown(upg_cache_globals *g);

#endif

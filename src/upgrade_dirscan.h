/*
 * Directory scan results shared between the hashing phases (src/dirhash.c)
 * and the callers that want per-file detail.
 */
#ifndef UPGRADE_DIRSCAN_H
#define UPGRADE_DIRSCAN_H

#include "upgrade_internal.h"
#include "upgrade_pool.h"

enum { UPG_ENT_DIR = 1, UPG_ENT_FILE, UPG_ENT_FALSE };
enum { UPG_DIR_PENDING = 0, UPG_DIR_OK, UPG_DIR_MISSING, UPG_DIR_UNLISTABLE, UPG_DIR_NOMEM };

typedef struct {
	uint32_t name_off;
	uint32_t name_len;
	uint8_t kind;                       /* UPG_ENT_* */
	unsigned char sha[UPG_SHA1_LEN];    /* when kind == UPG_ENT_FILE */
} upg_dirent;

typedef struct {
	char *path;
	size_t len;
	struct upg_centry *entry;
} upg_fresh;

struct upg_dirjob {
	zend_string *path;
	zend_string *key;                   /* component name, or NULL */
	int state;                          /* UPG_DIR_* */
	upg_dirent *ents;                   /* malloc'd: filled by worker threads */
	uint32_t nents, cents;
	char *names;                        /* NUL-separated entry names */
	bool hashed;                        /* `hash` already holds the folder's hash */
	bool prefilled;                     /* read ahead by discovery's listing threads */
	upg_fresh *fresh;                   /* cache entries read fresh, stored after the run */
	uint32_t nfresh, cfresh;
	uint32_t hits, misses;
	unsigned char hash[UPG_SHA1_LEN];
	size_t names_len, names_cap;
};

#define UPG_CHUNK_JOBS 256
#define UPG_MAX_CHUNKS 4096

typedef struct upg_pool upg_pool;

/* Folders are pushed while discovery is still running and hashed at once
 * by the pool; results are read after upg_dirscan_finish(). */
typedef struct upg_dirscan {
	upg_dirjob *chunks[UPG_MAX_CHUNKS];
	uint32_t njobs;
	upg_todo todo;                      /* the folders not read ahead: the pool's work */
	upg_pool *pool;
	HashTable *cache;                   /* read-only for workers; NULL when off */
	bool failed;
} upg_dirscan;

static inline upg_dirjob *upg_dirscan_job(upg_dirscan *scan, uint32_t i)
{
	return &scan->chunks[i / UPG_CHUNK_JOBS][i % UPG_CHUNK_JOBS];
}

upg_dirscan *upg_dirscan_start(void);
/* `key` (may be NULL): the component the folder belongs to; `pre` (may be
 * NULL): the folder as read ahead (upg_dirjob_preread()), taken over. */
bool upg_dirscan_push(upg_dirscan *scan, zend_string *path, zend_string *key, upg_dirjob *pre);
/* Discovery's listing threads read PATH (absolute, `plen` bytes; the part
 * from `relpos` on is relative to `dirfd`) ahead of time; malloc'd. */
upg_dirjob *upg_dirjob_preread(upg_worker *w, int dirfd, const char *path, size_t plen, size_t relpos, HashTable *cache);
void upg_dirjob_discard(upg_dirjob *job);
/* Waits for every folder; false (UpgradeException thrown) when out of memory. */
bool upg_dirscan_finish(upg_dirscan *scan);
void upg_dirscan_free(upg_dirscan *scan);
/* Indices of non-directory entries in PHP sort() order. */
void upg_dirscan_order(const upg_dirjob *job, uint32_t *order, uint32_t *count);
void upg_dirscan_dir_hash(upg_dirscan *scan, uint32_t j, upg_sha1 *sha, char out[UPG_SHA1_HEX + 1]);
/* Hashes of every pushed folder in push order, keyed by path or by key. */
void upg_dirscan_hashes(upg_dirscan *scan, zval *out, upg_keys keys);

#endif

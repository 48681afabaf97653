/*
 * Directory scan results shared between the hashing phases (src/dirhash.c)
 * and the callers that want per-file detail.
 */
#ifndef UPGRADE_DIRSCAN_H
#define UPGRADE_DIRSCAN_H

#include "upgrade_internal.h"

enum { UPG_ENT_DIR = 1, UPG_ENT_FILE, UPG_ENT_FALSE };
enum { UPG_DIR_PENDING = 0, UPG_DIR_OK, UPG_DIR_MISSING, UPG_DIR_UNLISTABLE, UPG_DIR_NOMEM };

typedef struct {
	uint32_t name_off;
	uint32_t name_len;
	uint8_t kind;                       /* UPG_ENT_* */
	unsigned char sha[UPG_SHA1_LEN];    /* when kind == UPG_ENT_FILE */
} upg_dirent;

typedef struct {
	const char *path;
	int state;                          /* UPG_DIR_* */
	upg_dirent *ents;                   /* malloc'd: filled by worker threads */
	uint32_t nents, cents;
	char *names;                        /* NUL-separated entry names */
	size_t names_len, names_cap;
} upg_dirjob;

typedef struct {
	upg_dirjob *jobs;
	uint32_t njobs;
	uint32_t next;                      /* shared work queue index */
	bool failed;
} upg_dirscan;

upg_dirscan *upg_dirscan_run(const char *const *paths, uint32_t n);
void upg_dirscan_free(upg_dirscan *scan);
/* Indices of non-directory entries in PHP sort() order. */
void upg_dirscan_order(const upg_dirjob *job, uint32_t *order, uint32_t *count);
void upg_dirscan_dir_hash(upg_dirscan *scan, uint32_t j, upg_sha1 *sha, char out[UPG_SHA1_HEX + 1]);

#endif

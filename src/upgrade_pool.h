/*
 * A small work pool for the file-system phases: jobs are indices published
 * by the calling thread (possibly while it is still discovering them) and
 * taken by worker threads in order. Workers never touch the engine.
 */
#ifndef UPGRADE_POOL_H
#define UPGRADE_POOL_H

#include "upgrade_internal.h"

#define UPG_READ_BUF   (256 * 1024)
#define UPG_DENTS_BUF  (32 * 1024)

/* Per-thread resources, allocated once per pool. */
typedef struct {
	upg_sha1 *sha;
	char *buf;       /* UPG_READ_BUF bytes + 1 */
	char *scratch;   /* UPG_READ_BUF bytes + 1 */
	char *dents;     /* UPG_DENTS_BUF bytes */
	struct upg_pool *pool;
} upg_worker;

typedef void (*upg_pool_fn)(upg_worker *w, void *ctx, uint32_t index);

/* What getdents64 returns (glibc has no declaration of it). */
struct upg_linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* A folder listing kept in memory: for each entry its d_type byte, its name
 * and a NUL, in getdents64 order. malloc'd: worker threads build it. */
typedef struct {
	char *data;
	size_t len, cap;
	uint32_t count;
} upg_listing;

/* Lists the open folder `fd` into `out` (appends); false on a read or memory error. */
bool upg_list_dir(upg_worker *w, int fd, upg_listing *out);

typedef struct upg_pool upg_pool;

/* Threads start only once `spawn_at` jobs are published (small jobs stay on
 * the calling thread). */
upg_pool *upg_pool_start(upg_pool_fn fn, void *ctx, uint32_t spawn_at);
/* Jobs [0, count) may run from now on. */
void upg_pool_publish(upg_pool *p, uint32_t count);
/* The calling thread runs published jobs until ready(arg) holds; ready() is
 * called with the pool locked, and must read what jobs set with acquire
 * semantics. False when the pool could not start (nothing runs then). */
bool upg_pool_help(upg_pool *p, bool (*ready)(void *arg), void *arg);
/* Module start and end: workers must be gone before the module is unloaded. */
void upg_pool_minit(void);
void upg_pool_mshutdown(void);
/* No more jobs: the caller works through what is left and waits for the
 * jobs still running (not for idle workers, which leave on their own).
 * Returns false when resources could not be allocated (nothing ran then). */
bool upg_pool_finish(upg_pool *p);

/* The numbers of the jobs a pool must run, when some need no run (read
 * ahead): the caller appends, workers read entries below what was published.
 * Chunked so that entries never move. */
#define UPG_TODO_CHUNK 1024
#define UPG_TODO_MAX_CHUNKS 4096
typedef struct {
	uint32_t *chunks[UPG_TODO_MAX_CHUNKS];
	uint32_t n;
} upg_todo;

bool upg_todo_push(upg_todo *t, uint32_t job);
void upg_todo_free(upg_todo *t);
static inline uint32_t upg_todo_at(const upg_todo *t, uint32_t i)
{
	return t->chunks[i / UPG_TODO_CHUNK][i % UPG_TODO_CHUNK];
}

#endif

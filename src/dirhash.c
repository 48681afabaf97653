/*
 * Moodle's per-directory hash (spec section 3), split in two phases:
 *
 * 1. Worker threads list every directory (getdents64 on the folder's own fd),
 *    classify entries with d_type (fstatat only for links and DT_UNKNOWN) and
 *    SHA-1 every non-directory. Pure C: no engine call, no emalloc. On these
 *    machines the kernel work per file is the wall, so both cores are used.
 * 2. The calling thread sorts each directory's names with the engine's own
 *    comparison (PHP's sort() is not strcmp: "10" > "9") and hashes the
 *    serialized list, exactly as get_all_directory_hashes() does.
 */
#include "upgrade_internal.h"
#include "upgrade_dirscan.h"
#include "upgrade_pool.h"
#include "upgrade_cache.h"

#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef O_NOATIME
# define O_NOATIME 0
#endif


static bool upg_job_push(upg_dirjob *job, const char *name, size_t len, uint8_t kind)
{
	if (job->nents == job->cents) {
		uint32_t c = job->cents ? job->cents * 2 : 16;
		upg_dirent *e = realloc(job->ents, c * sizeof(*e));
		if (!e) {
			return false;
		}
		job->ents = e;
		job->cents = c;
	}
	if (job->names_len + len + 1 > job->names_cap) {
		size_t c = job->names_cap ? job->names_cap * 2 : 512;
		while (c < job->names_len + len + 1) {
			c *= 2;
		}
		char *n = realloc(job->names, c);
		if (!n) {
			return false;
		}
		job->names = n;
		job->names_cap = c;
	}
	upg_dirent *e = &job->ents[job->nents++];
	e->name_off = (uint32_t) job->names_len;
	e->name_len = (uint32_t) len;
	e->kind = kind;
	memcpy(job->names + job->names_len, name, len + 1);
	job->names_len += len + 1;
	return true;
}

/* SHA-1 of one file; false where PHP's hash_file() would return false. */
static bool upg_hash_file(upg_worker *w, int dirfd, const char *name, bool regular, unsigned char out[UPG_SHA1_LEN])
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOATIME);
	if (fd < 0 && errno == EPERM && O_NOATIME) {
		/* O_NOATIME is only allowed to the file's owner. */
		fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd < 0) {
		return false;
	}
	upg_sha1_init(w->sha);
	for (;;) {
		ssize_t n = read(fd, w->buf, UPG_READ_BUF);
		if (n > 0) {
			upg_sha1_update(w->sha, w->buf, (size_t) n);
			/* A short read of a regular file is its end (POSIX; workers block
			 * signals, so no interrupted partial read): save the read() of 0. */
			if (regular && (size_t) n < UPG_READ_BUF) {
				close(fd);
				break;
			}
			continue;
		}
		if (n < 0 && errno == EINTR) {
			continue;
		}
		close(fd);
		if (n < 0) {
			return false;
		}
		break;
	}
	upg_sha1_final(w->sha, out);
	return true;
}

/* Lists and hashes the folder `rel` under `dirfd` (AT_FDCWD: an absolute path). */
static void upg_scan_one(upg_worker *w, upg_dirjob *job, int dirfd, const char *rel)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		/* is_dir() false: sha1(""); a folder that cannot be listed: an empty list.
		 * ENOENT and ENOTDIR already say "not a directory" without a stat(). */
		struct stat st;
		job->state = (errno != ENOENT && errno != ENOTDIR && fstatat(dirfd, rel, &st, 0) == 0 && S_ISDIR(st.st_mode))
			? UPG_DIR_UNLISTABLE : UPG_DIR_MISSING;
		return;
	}
	job->state = UPG_DIR_OK;
	for (;;) {
		long n = syscall(SYS_getdents64, fd, w->dents, UPG_DENTS_BUF);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			if (n < 0) {
				/* scandir() failing half-way returns false: an empty list. */
				job->state = UPG_DIR_UNLISTABLE;
			}
			break;
		}
		for (long off = 0; off < n;) {
			struct upg_linux_dirent64 *d = (struct upg_linux_dirent64 *) (w->dents + off);
			off += d->d_reclen;
			const char *name = d->d_name;
			size_t len = strlen(name);
			uint8_t kind;
			if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')
					|| d->d_type == DT_DIR) {
				kind = UPG_ENT_DIR;
			} else {
				struct stat st;
				if ((d->d_type == DT_LNK || d->d_type == DT_UNKNOWN)
						&& fstatat(fd, name, &st, 0) == 0 && S_ISDIR(st.st_mode)) {
					kind = UPG_ENT_DIR;   /* is_dir() follows links */
				} else {
					kind = UPG_ENT_FALSE;
				}
			}
			if (!upg_job_push(job, name, len, kind)) {
				job->state = UPG_DIR_NOMEM;
				close(fd);
				return;
			}
			if (kind != UPG_ENT_DIR) {
				upg_dirent *e = &job->ents[job->nents - 1];
				if (upg_hash_file(w, fd, name, d->d_type == DT_REG, e->sha)) {
					e->kind = UPG_ENT_FILE;
				}
			}
		}
	}
	close(fd);
}

/* --- the cached path: repeat checks stat instead of reading ------------- */

static void upg_fresh_push(upg_dirjob *job, const char *path, size_t len, upg_centry *e)
{
	if (job->nfresh == job->cfresh) {
		uint32_t c = job->cfresh ? job->cfresh * 2 : 8;
		upg_fresh *f = realloc(job->fresh, c * sizeof(*f));
		if (!f) {
			upg_centry_free(e);
			return;   /* not cached: only slower next time */
		}
		job->fresh = f;
		job->cfresh = c;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		upg_centry_free(e);
		return;
	}
	memcpy(copy, path, len + 1);
	job->fresh[job->nfresh].path = copy;
	job->fresh[job->nfresh].len = len;
	job->fresh[job->nfresh].entry = e;
	job->nfresh++;
}

/* One listed name: a folder, or a file whose hash comes from the cache when
 * its identity is unchanged and old enough, else from reading it. */
static bool upg_cached_name(upg_worker *w, upg_dirjob *job, HashTable *cache, const char *path, size_t plen,
		int dirfd, size_t relpos, const char *name, size_t len, unsigned char dtype, int64_t now)
{
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.') || dtype == DT_DIR) {
		return upg_job_push(job, name, len, UPG_ENT_DIR);
	}
	char full[PATH_MAX];
	struct stat st;
	if (plen + 1 + len >= sizeof(full)) {
		return upg_job_push(job, name, len, UPG_ENT_FALSE);   /* PHP cannot open it either */
	}
	memcpy(full, path, plen);
	full[plen] = '/';
	memcpy(full + plen + 1, name, len + 1);
	if (fstatat(dirfd, full + relpos, &st, 0) != 0) {
		return upg_job_push(job, name, len, UPG_ENT_FALSE);   /* broken link, vanished */
	}
	if (S_ISDIR(st.st_mode)) {
		return upg_job_push(job, name, len, UPG_ENT_DIR);
	}
	upg_ident id;
	upg_ident_of(&st, &id);
	if (!upg_job_push(job, name, len, UPG_ENT_FALSE)) {
		return false;
	}
	upg_dirent *ent = &job->ents[job->nents - 1];
	const upg_centry *hit = upg_cache_find(cache, full, plen + 1 + len, UPG_CE_FILE, &id);
	if (hit) {
		job->hits++;
		if (hit->readable) {
			memcpy(ent->sha, hit->sha, UPG_SHA1_LEN);
			ent->kind = UPG_ENT_FILE;
		}
		return true;
	}
	job->misses++;
	bool readable = upg_hash_file(w, dirfd, full + relpos, S_ISREG(st.st_mode), ent->sha);
	if (readable) {
		ent->kind = UPG_ENT_FILE;
	}
	upg_centry *e = calloc(1, sizeof(*e));
	if (e) {
		e->id = id;
		e->cached_at_ns = now;
		e->kind = UPG_CE_FILE;
		e->readable = readable;
		memcpy(e->sha, ent->sha, UPG_SHA1_LEN);
		upg_fresh_push(job, full, plen + 1 + len, e);
	}
	return true;
}

static void upg_scan_one_cached(upg_worker *w, upg_dirjob *job, HashTable *cache, const char *path, size_t plen,
		int dirfd, size_t relpos)
{
	int64_t now = upg_now_ns();   /* before anything is read: the racy rule's reference */
	struct stat st;
	if (fstatat(dirfd, path + relpos, &st, 0) != 0 || !S_ISDIR(st.st_mode)) {
		job->state = UPG_DIR_MISSING;
		return;
	}
	upg_ident id;
	upg_ident_of(&st, &id);
	job->state = UPG_DIR_OK;

	const upg_centry *listing = upg_cache_find(cache, path, plen, UPG_CE_DIR, &id);
	upg_centry *fresh = NULL;
	if (listing) {
		job->hits++;
	} else {
		job->misses++;
		int fd = openat(dirfd, path + relpos, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			job->state = UPG_DIR_UNLISTABLE;
			return;
		}
		fresh = calloc(1, sizeof(*fresh));
		upg_listing names = {0};
		bool ok = fresh && upg_list_dir(w, fd, &names);
		if (fresh) {
			fresh->data = names.data;
			fresh->data_len = names.len;
			fresh->count = names.count;
		} else {
			free(names.data);
		}
		close(fd);
		if (!ok) {
			upg_centry_free(fresh);
			job->state = UPG_DIR_UNLISTABLE;   /* scandir() failing: an empty list */
			return;
		}
		fresh->id = id;
		fresh->cached_at_ns = now;
		fresh->kind = UPG_CE_DIR;
		listing = fresh;
	}

	const char *p = listing->data;
	for (uint32_t i = 0; i < listing->count; i++) {
		unsigned char dtype = (unsigned char) *p++;
		size_t len = strlen(p);
		if (!upg_cached_name(w, job, cache, path, plen, dirfd, relpos, p, len, dtype, now)) {
			job->state = UPG_DIR_NOMEM;
			break;
		}
		p += len + 1;
	}
	if (fresh) {
		upg_fresh_push(job, path, plen, fresh);
	}
}

/* Upper bound of serialize() of a list of `count` hashes / false. */
static size_t upg_list_size(uint32_t count)
{
	return 32 + (size_t) count * (16 + 8 + UPG_SHA1_HEX);
}

/* serialize() of the list of 40-char hex strings and false, in `order`. */
static size_t upg_serialize_list(const upg_dirjob *job, const uint32_t *order, uint32_t count, char *buf)
{
	char *p = buf;
	p += sprintf(p, "a:%u:{", count);
	for (uint32_t k = 0; k < count; k++) {
		const upg_dirent *e = &job->ents[order[k]];
		p += sprintf(p, "i:%u;", k);
		if (e->kind == UPG_ENT_FILE) {
			memcpy(p, "s:40:\"", 6);
			upg_hex(e->sha, UPG_SHA1_LEN, p + 6);
			memcpy(p + 6 + UPG_SHA1_HEX, "\";", 2);
			p += 6 + UPG_SHA1_HEX + 2;
		} else {
			memcpy(p, "b:0;", 4);
			p += 4;
		}
	}
	*p++ = '}';
	return (size_t) (p - buf);
}

/* Could is_numeric_string() accept this name? (leading white space, sign, digit, dot) */
static bool upg_maybe_numeric(const char *s)
{
	return (*s >= '0' && *s <= '9') || *s == '.' || *s == '+' || *s == '-'
		|| *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f';
}

static int upg_name_cmp(const void *a, const void *b, void *names)
{
	const upg_dirent *ea = a, *eb = b;
	return strcmp((const char *) names + ea->name_off, (const char *) names + eb->name_off);
}

/*
 * PHP's comparison of two strings is a plain byte comparison unless both
 * look numeric. With at most one numeric-looking name in the folder every
 * pair compares bytewise, sort() has a single possible result, and the
 * worker can finish the folder itself. Otherwise the engine decides.
 */
static void upg_scan_finish_fast(upg_worker *w, upg_dirjob *job)
{
	uint32_t numeric = 0, count = 0;
	for (uint32_t i = 0; i < job->nents; i++) {
		numeric += upg_maybe_numeric(job->names + job->ents[i].name_off);
	}
	if (numeric > 1 || upg_list_size(job->nents) > UPG_READ_BUF) {
		return;
	}
	qsort_r(job->ents, job->nents, sizeof(upg_dirent), upg_name_cmp, job->names);
	uint32_t order[64] = {0};
	uint32_t *ord = job->nents <= 64 ? order : malloc(job->nents * sizeof(uint32_t));
	if (!ord) {
		return;
	}
	for (uint32_t i = 0; i < job->nents; i++) {
		if (job->ents[i].kind != UPG_ENT_DIR) {
			ord[count++] = i;
		}
	}
	size_t len = upg_serialize_list(job, ord, count, w->scratch);
	upg_sha1_init(w->sha);
	upg_sha1_update(w->sha, w->scratch, len);
	upg_sha1_final(w->sha, job->hash);
	job->hashed = true;
	if (ord != order) {
		free(ord);
	}
}

/* One folder, as a job of any pool: `path` is absolute, and the same folder
 * is path + relpos under `dirfd` (AT_FDCWD and 0: the absolute path). */
static void upg_scan_dir(upg_worker *w, upg_dirjob *job, HashTable *cache,
		const char *path, size_t plen, int dirfd, size_t relpos)
{
	if (cache) {
		upg_scan_one_cached(w, job, cache, path, plen, dirfd, relpos);
	} else {
		upg_scan_one(w, job, dirfd, path + relpos);
	}
	if (job->state == UPG_DIR_OK) {
		upg_scan_finish_fast(w, job);
	}
}

static void upg_dirscan_task(upg_worker *w, void *ctx, uint32_t i)
{
	upg_dirscan *scan = ctx;
	upg_dirjob *job = upg_dirscan_job(scan, upg_todo_at(&scan->todo, i));
	upg_scan_dir(w, job, scan->cache, ZSTR_VAL(job->path), ZSTR_LEN(job->path), AT_FDCWD, 0);
}

upg_dirjob *upg_dirjob_preread(upg_worker *w, int dirfd, const char *path, size_t plen, size_t relpos, HashTable *cache)
{
	upg_dirjob *job = calloc(1, sizeof(*job));
	if (!job || relpos >= plen) {
		free(job);
		return NULL;
	}
	upg_scan_dir(w, job, cache, path, plen, dirfd, relpos);
	if (job->state == UPG_DIR_NOMEM) {
		upg_dirjob_discard(job);
		return NULL;
	}
	return job;
}

static void upg_dirjob_clear(upg_dirjob *job)
{
	free(job->ents);
	free(job->names);
	for (uint32_t k = 0; k < job->nfresh; k++) {
		upg_centry_free(job->fresh[k].entry);
		free(job->fresh[k].path);
	}
	free(job->fresh);
}

void upg_dirjob_discard(upg_dirjob *job)
{
	if (job) {
		upg_dirjob_clear(job);
		free(job);
	}
}

upg_dirscan *upg_dirscan_start(void)
{
	upg_dirscan *scan = ecalloc(1, sizeof(*scan));
	/* The cache is handed to the workers by pointer: they never touch globals (ZTS). */
	scan->cache = upg_cache_table();
	scan->pool = upg_pool_start(upg_dirscan_task, scan, 16);
	return scan;
}

bool upg_dirscan_push(upg_dirscan *scan, zend_string *path, zend_string *key, upg_dirjob *pre)
{
	uint32_t i = scan->njobs;
	if (scan->failed || i / UPG_CHUNK_JOBS >= UPG_MAX_CHUNKS) {
		scan->failed = true;
		return false;
	}
	upg_dirjob **chunk = &scan->chunks[i / UPG_CHUNK_JOBS];
	if (!*chunk) {
		/* Jobs never move once published: workers hold pointers into chunks. */
		*chunk = calloc(UPG_CHUNK_JOBS, sizeof(upg_dirjob));
		if (!*chunk) {
			scan->failed = true;
			return false;
		}
	}
	upg_dirjob *job = &(*chunk)[i % UPG_CHUNK_JOBS];
	if (pre) {
		*job = *pre;   /* the worker's reading moves in; it owns no engine memory */
		job->prefilled = true;
		free(pre);
	}
	job->path = zend_string_copy(path);
	job->key = key ? zend_string_copy(key) : NULL;
	scan->njobs = i + 1;
	if (!job->prefilled) {   /* folders read ahead need no worker */
		if (!upg_todo_push(&scan->todo, i)) {
			scan->failed = true;
			return false;
		}
		upg_pool_publish(scan->pool, scan->todo.n);
	}
	return true;
}

bool upg_dirscan_finish(upg_dirscan *scan)
{
	bool ok = upg_pool_finish(scan->pool);
	scan->pool = NULL;
	/* What the workers read fresh goes into the cache now that they are done. */
	for (uint32_t i = 0; i < scan->njobs; i++) {
		upg_dirjob *job = upg_dirscan_job(scan, i);
		upg_cache_count(job->hits, job->misses);
		for (uint32_t k = 0; k < job->nfresh; k++) {
			upg_cache_store(job->fresh[k].path, job->fresh[k].len, job->fresh[k].entry);
			free(job->fresh[k].path);
		}
		job->nfresh = 0;
	}
	for (uint32_t i = 0; ok && i < scan->njobs; i++) {
		if (upg_dirscan_job(scan, i)->state == UPG_DIR_NOMEM) {
			ok = false;
		}
	}
	if (!ok || scan->failed) {
		scan->failed = true;
		upg_throw("Out of memory while hashing %u directories", scan->njobs);
	}
	return !scan->failed;
}

void upg_dirscan_free(upg_dirscan *scan)
{
	if (scan->pool) {
		upg_pool_finish(scan->pool);
	}
	for (uint32_t i = 0; i < scan->njobs; i++) {
		upg_dirjob *job = upg_dirscan_job(scan, i);
		zend_string_release(job->path);
		if (job->key) {
			zend_string_release(job->key);
		}
		upg_dirjob_clear(job);
	}
	for (uint32_t c = 0; c < UPG_MAX_CHUNKS && scan->chunks[c]; c++) {
		free(scan->chunks[c]);
	}
	upg_todo_free(&scan->todo);
	efree(scan);
}

/* scandir()'s own order (strcoll), which sort() then refines stably. */
static int upg_strcoll_cmp(const void *a, const void *b)
{
	return php_stream_dirent_alphasort((const zend_string **) a, (const zend_string **) b);
}

/* sort($scan): zend_compare, with PHP 8's stable tie-break on original order. */
static int upg_sort_compare(Bucket *a, Bucket *b)
{
	int r = zend_compare(&a->val, &b->val);
	if (r) {
		return r;
	}
	return Z_EXTRA(a->val) > Z_EXTRA(b->val) ? 1 : (Z_EXTRA(a->val) < Z_EXTRA(b->val) ? -1 : 0);
}

/*
 * Each name string carries its entry index just past its terminator, so the
 * sorted array can be mapped back to the scanned entries without a lookup.
 */
static zend_string *upg_name_string(const upg_dirjob *job, uint32_t i)
{
	const upg_dirent *e = &job->ents[i];
	zend_string *s = zend_string_alloc(e->name_len + sizeof(uint32_t), 0);
	memcpy(ZSTR_VAL(s), job->names + e->name_off, e->name_len);
	ZSTR_VAL(s)[e->name_len] = '\0';
	memcpy(ZSTR_VAL(s) + e->name_len + 1, &i, sizeof(uint32_t));
	ZSTR_LEN(s) = e->name_len;
	return s;
}

static uint32_t upg_name_index(const zend_string *s)
{
	uint32_t i;
	memcpy(&i, ZSTR_VAL(s) + ZSTR_LEN(s) + 1, sizeof(uint32_t));
	return i;
}

void upg_dirscan_order(const upg_dirjob *job, uint32_t *order, uint32_t *count)
{
	uint32_t n = job->nents;
	zend_string **names = safe_emalloc(n ? n : 1, sizeof(zend_string *), 0);
	for (uint32_t i = 0; i < n; i++) {
		names[i] = upg_name_string(job, i);
	}
	qsort(names, n, sizeof(zend_string *), upg_strcoll_cmp);

	zval list;
	array_init_size(&list, n);
	for (uint32_t i = 0; i < n; i++) {
		add_next_index_str(&list, names[i]);
	}
	efree(names);
	zend_hash_sort(Z_ARRVAL(list), (bucket_compare_func_t) upg_sort_compare, 1);

	uint32_t k = 0;
	zval *v;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(list), v) {
		uint32_t i = upg_name_index(Z_STR_P(v));
		if (job->ents[i].kind != UPG_ENT_DIR) {
			order[k++] = i;
		}
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&list);
	*count = k;
}

void upg_dirscan_dir_hash(upg_dirscan *scan, uint32_t j, upg_sha1 *sha, char out[UPG_SHA1_HEX + 1])
{
	const upg_dirjob *job = upg_dirscan_job(scan, j);
	if (job->state == UPG_DIR_MISSING) {
		upg_sha1_hex(sha, "", 0, out);
		return;
	}
	if (job->state != UPG_DIR_OK) {
		upg_sha1_hex(sha, "a:0:{}", 6, out);
		return;
	}
	if (job->hashed) {
		upg_hex(job->hash, UPG_SHA1_LEN, out);   /* done by a worker */
		return;
	}

	uint32_t *order = safe_emalloc(job->nents ? job->nents : 1, sizeof(uint32_t), 0);
	uint32_t count;
	upg_dirscan_order(job, order, &count);
	size_t cap = upg_list_size(count);
	char *buf = emalloc(cap);
	size_t len = upg_serialize_list(job, order, count, buf);
	upg_sha1_hex(sha, buf, len, out);
	efree(buf);
	efree(order);
}

void upg_dirscan_hashes(upg_dirscan *scan, zval *out, upg_keys keys)
{
	upg_sha1 *sha = upg_sha1_new();
	array_init_size(out, scan->njobs);
	for (uint32_t i = 0; sha && i < scan->njobs; i++) {
		char hex[UPG_SHA1_HEX + 1];
		zval zh;
		upg_dirscan_dir_hash(scan, i, sha, hex);
		ZVAL_STRINGL(&zh, hex, UPG_SHA1_HEX);
		/* $hashes[$directory] = ...: a repeated path keeps its first position. */
		upg_dirjob *job = upg_dirscan_job(scan, i);
		zend_symtable_update(Z_ARRVAL_P(out),
			(keys == UPG_KEYS_COMPONENT && job->key) ? job->key : job->path, &zh);
	}
	upg_sha1_free(sha);
}

static void upg_serialize_string(smart_str *buf, const char *s, size_t len)
{
	smart_str_appends(buf, "s:");
	smart_str_append_unsigned(buf, len);
	smart_str_appends(buf, ":\"");
	smart_str_appendl(buf, s, len);
	smart_str_appends(buf, "\";");
}

void upg_hash_map(HashTable *map, char out[UPG_SHA1_HEX + 1])
{
	smart_str buf = {0};
	zend_string *key;
	zend_ulong idx;
	zval *val;

	smart_str_appends(&buf, "a:");
	smart_str_append_unsigned(&buf, zend_hash_num_elements(map));
	smart_str_appends(&buf, ":{");
	ZEND_HASH_FOREACH_KEY_VAL(map, idx, key, val) {
		if (key) {
			upg_serialize_string(&buf, ZSTR_VAL(key), ZSTR_LEN(key));
		} else {
			smart_str_appends(&buf, "i:");
			smart_str_append_long(&buf, (zend_long) idx);
			smart_str_appendc(&buf, ';');
		}
		if (Z_TYPE_P(val) == IS_STRING) {
			upg_serialize_string(&buf, Z_STRVAL_P(val), Z_STRLEN_P(val));
		} else {
			smart_str_appends(&buf, "b:0;");
		}
	} ZEND_HASH_FOREACH_END();
	smart_str_appendc(&buf, '}');
	smart_str_0(&buf);

	upg_sha1 *sha = upg_sha1_new();
	upg_sha1_hex(sha, ZSTR_VAL(buf.s), ZSTR_LEN(buf.s), out);
	upg_sha1_free(sha);
	smart_str_free(&buf);
}

PHP_FUNCTION(upgrade_directory_hashes)
{
	HashTable *dirs;
	HashTable *options = NULL;
	upg_options opts;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(dirs)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_options_parse(&opts, options, 2) == FAILURE) {
		RETURN_THROWS();
	}
	upg_keys keys = opts.keys;
	upg_options_free(&opts);

	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(dirs, key, v) {
		ZVAL_DEREF(v);
		if (Z_TYPE_P(v) != IS_STRING) {
			zend_argument_type_error(1, "must contain only strings, %s given", zend_zval_type_name(v));
			RETURN_THROWS();
		}
		if (zend_str_has_nul_byte(Z_STR_P(v))) {
			zend_argument_value_error(1, "must not contain paths with null bytes");
			RETURN_THROWS();
		}
		if (keys == UPG_KEYS_COMPONENT && !key) {
			zend_argument_value_error(1, "must be keyed by component name (string keys) when option \"keys\" is \"component\"");
			RETURN_THROWS();
		}
	} ZEND_HASH_FOREACH_END();

	upg_dirscan *scan = upg_dirscan_start();
	ZEND_HASH_FOREACH_STR_KEY_VAL(dirs, key, v) {
		ZVAL_DEREF(v);
		upg_dirscan_push(scan, Z_STR_P(v), key, NULL);
	} ZEND_HASH_FOREACH_END();
	if (upg_dirscan_finish(scan)) {
		upg_dirscan_hashes(scan, return_value, keys);
	}
	upg_dirscan_free(scan);
}

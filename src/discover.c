/*
 * Plugin discovery: the ordered plugin types and plugins of a Moodle site,
 * exactly as core_component builds them (spec section 2). Every PHP-level
 * quirk Moodle relies on is reproduced on purpose: empty() on decoded JSON,
 * isset() on subsystems whose path is null, PCRE's "$" before a final "\n",
 * ksort() of plugin names.
 */
#include "upgrade_internal.h"
#include "upgrade_pool.h"
#include "upgrade_versions.h"
#include "upgrade_cache.h"
#include "upgrade_dirscan.h"

#include "ext/json/php_json.h"
#include "fopen_wrappers.h"
#include "php_globals.h"
#include "zend_smart_str.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Folder names that are never plugins (core_component::$ignoreddirs). */
static const char *const upg_ignored_dirs[] = {
	"CVS", "_vti_cnf", "amd", "classes", "db", "fonts", "lang", "pix",
	"simpletest", "templates", "tests", "yui",
};

/* Types whose plugins may declare subplugin types, in Moodle's order. */
static const char *const upg_subplugin_owners[] = { "mod", "editor", "tool", "local" };

void upg_warn(HashTable *warnings, const char *path, size_t path_len, const char *format, ...)
{
	va_list args;
	zval entry;

	va_start(args, format);
	zend_string *reason = zend_vstrpprintf(0, format, args);
	va_end(args);

	array_init_size(&entry, 2);
	add_assoc_stringl(&entry, "path", path, path_len);
	add_assoc_str(&entry, "reason", reason);
	zend_hash_next_index_insert(warnings, &entry);
}

/* PCRE's "$" also matches before a final "\n": the name regexes see one less byte. */
static size_t upg_regex_len(const char *s, size_t len)
{
	return (len > 0 && s[len - 1] == '\n') ? len - 1 : len;
}

static bool upg_is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* /^[a-z][a-z0-9]*$/ (activity modules and subplugin types). */
static bool upg_is_simple_name(const char *s, size_t len)
{
	size_t n = upg_regex_len(s, len);
	if (n == 0 || s[0] < 'a' || s[0] > 'z') {
		return false;
	}
	for (size_t i = 1; i < n; i++) {
		if (!upg_is_lower_alnum(s[i])) {
			return false;
		}
	}
	return true;
}

/*
 * /^[a-z](?:[a-z0-9_](?!__))*[a-z0-9]+$/ without a regex engine. The trailing
 * [a-z0-9]+ takes the longest alphanumeric suffix (fewest lookahead checks);
 * each character the group consumes must not be followed by "__".
 */
static bool upg_is_plugin_name(const char *s, size_t len)
{
	size_t n = upg_regex_len(s, len);
	if (n < 2 || s[0] < 'a' || s[0] > 'z' || !upg_is_lower_alnum(s[n - 1])) {
		return false;
	}
	size_t suffix = n - 1;
	while (suffix > 1 && upg_is_lower_alnum(s[suffix - 1])) {
		suffix--;
	}
	for (size_t i = 1; i < suffix; i++) {
		if (!upg_is_lower_alnum(s[i]) && s[i] != '_') {
			return false;
		}
		if (i + 2 < n && s[i + 1] == '_' && s[i + 2] == '_') {
			return false;
		}
	}
	return true;
}

static bool upg_is_ignored_dir(const char *name)
{
	for (size_t i = 0; i < sizeof(upg_ignored_dirs) / sizeof(upg_ignored_dirs[0]); i++) {
		if (strcmp(name, upg_ignored_dirs[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* isset(self::$subsystems[$name]) */
static bool upg_is_subsystem(const upg_site *site, const char *name, size_t len)
{
	return zend_symtable_str_find(site->subsystems, name, len) != NULL;
}

static zend_string *upg_join(const zend_string *dir, const char *name, size_t len)
{
	return zend_string_concat3(ZSTR_VAL(dir), ZSTR_LEN(dir), "/", 1, name, len);
}

/* ksort() of plugin names: the engine's own comparison, stable like PHP 8. */
static int upg_key_compare(Bucket *a, Bucket *b)
{
	int r = zendi_smart_strcmp(a->key, b->key);
	if (r) {
		return r;
	}
	return Z_EXTRA(a->val) > Z_EXTRA(b->val) ? 1 : (Z_EXTRA(a->val) < Z_EXTRA(b->val) ? -1 : 0);
}

/* realpath() as PHP's: false (NULL) when the path does not exist. */
static bool upg_same_realpath(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	bool oka = realpath(a, ra) != NULL;
	bool okb = realpath(b, rb) != NULL;
	if (oka != okb) {
		return false;
	}
	return !oka || strcmp(ra, rb) == 0;
}


/* One folder entry as fetch_plugins() judges it; adds it to `result` when it is a plugin. */
static void upg_plugin_entry(const upg_site *site, const zend_string *fulldir, bool is_auth, bool is_mod,
		int dirfd, const char *name, size_t len, unsigned char d_type, HashTable *result)
{
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) {
		return;
	}
	bool isdir;
	if (d_type == DT_DIR) {
		isdir = true;
	} else if (d_type == DT_LNK || d_type == DT_UNKNOWN) {
		struct stat st;
		if (dirfd >= 0) {
			isdir = fstatat(dirfd, name, &st, 0) == 0 && S_ISDIR(st.st_mode);   /* isDir() follows links */
		} else {
			zend_string *p = upg_join(fulldir, name, len);
			isdir = stat(ZSTR_VAL(p), &st) == 0 && S_ISDIR(st.st_mode);
			zend_string_release(p);
		}
	} else {
		isdir = false;
	}
	if (!isdir) {
		return;
	}
	if (!(is_auth && strcmp(name, "db") == 0) && upg_is_ignored_dir(name)) {
		return;
	}
	bool valid = is_mod
		? (!upg_is_subsystem(site, name, len) && upg_is_simple_name(name, len))
		: upg_is_plugin_name(name, len);
	if (!valid) {
		return;
	}
	zval zdir;
	ZVAL_STR(&zdir, upg_join(fulldir, name, len));
	zend_symtable_str_update(result, name, len, &zdir);
}

/* --- listing type folders ahead of time ------------------------------------
 * Worker threads list the plugin type folders (owners of subplugin types
 * first, subplugin type folders as soon as they are known) and, for every
 * name that may be a plugin, read what the caller will need: its version.php,
 * its db/ folder's hash, an owner's db/subplugins.json. They only read: which
 * names are plugins, and every other decision, stays on the calling thread,
 * which waits for each type folder's own job when it gets to it. */

/* db/subplugins.json of one owner candidate, read ahead: as upg_read_file()
 * would have read it (text, or err), and whether db/subplugins.php exists. */
typedef struct {
	int err;
	bool php;
	char *text;          /* malloc'd */
	size_t len;
} upg_subread;

typedef struct {
	zend_string *path;
	upg_listing list;
	bool ok;
	bool owner;          /* its plugins may declare subplugin types */
	bool done;           /* atomic: set by the thread that ran the job */
	upg_vjob **reads;    /* per listed name (same order), version.php read ahead, or NULL */
	upg_dirjob **dbs;    /* per listed name, db/ listed and hashed ahead, or NULL */
	upg_subread *subs;   /* owners: per listed name, db/subplugins.json read ahead */
	upg_centry *fresh;   /* the listing to cache, stored once the pool has finished */
} upg_prefetch_job;

struct upg_prefetch {
	upg_prefetch_job *jobs;
	uint32_t n, cap;
	HashTable *index;    /* path => job number */
	upg_pool *pool;
	bool preread;        /* also read each candidate's version.php */
	bool predb;          /* also hash each candidate's db/ folder */
	bool finished;       /* the pool has finished: every job is done */
	upg_prefetch_job *last;   /* the finished job upg_prefetch_parent() found last */
	HashTable *cache;    /* the per-process cache, read-only for workers */
};

/* Could this name be a plugin of some type? (the calling thread decides) */
static bool upg_maybe_plugin(const char *name, size_t len)
{
	return (upg_is_plugin_name(name, len) || upg_is_simple_name(name, len)) && !upg_is_ignored_dir(name);
}

/* upg_read_file() of `rel` under `dirfd`, in malloc'd memory (worker threads). */
static void upg_subread_file(int dirfd, const char *rel, upg_subread *out)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		out->err = errno;
		return;
	}
	if (fstat(fd, &st) != 0) {
		out->err = errno;
		close(fd);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		out->err = EISDIR;
		close(fd);
		return;
	}
	size_t cap = st.st_size > 0 ? (size_t) st.st_size + 1 : 4096, len = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (!buf) {
			out->err = ENOMEM;
			break;
		}
		if (len == cap) {
			char *grown = realloc(buf, cap * 2 + 1);
			if (!grown) {
				free(buf);
				buf = NULL;
				continue;
			}
			buf = grown;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			if (n < 0) {
				out->err = errno;
				free(buf);
				buf = NULL;
			}
			break;
		}
		len += (size_t) n;
	}
	close(fd);
	if (buf) {
		out->text = buf;
		out->len = len;
	}
}

/* Is `name` in a listed db/ folder? (-1: the listing cannot tell) */
static int upg_db_has(const upg_dirjob *db, const char *name)
{
	if (!db || (db->state != UPG_DIR_OK && db->state != UPG_DIR_MISSING)) {
		return -1;
	}
	for (uint32_t k = 0; k < db->nents; k++) {
		if (strcmp(db->names + db->ents[k].name_off, name) == 0) {
			return 1;
		}
	}
	return 0;
}

/* db/subplugins.json (and, without it, whether db/subplugins.php exists) of
 * the plugin folder `rel` (name of `len` bytes, room after it) under `fd`.
 * When db/ was just listed, names it does not hold need no lookup. */
static void upg_prefetch_subplugins(int fd, char *rel, size_t len, const upg_dirjob *db, upg_subread *out)
{
	if (upg_db_has(db, "subplugins.json") == 0) {
		out->err = ENOENT;
	} else {
		memcpy(rel + len, "/db/subplugins.json", sizeof("/db/subplugins.json"));
		upg_subread_file(fd, rel, out);
	}
	if (out->err == ENOENT || out->err == ENOTDIR) {
		struct stat st;
		memcpy(rel + len, "/db/subplugins.php", sizeof("/db/subplugins.php"));
		out->php = upg_db_has(db, "subplugins.php") != 0 && fstatat(fd, rel, &st, 0) == 0;
	}
}

/* For each listed name that may be a plugin: read its version.php (versions
 * mode) and, in an owner type's folder, its db/subplugins.json. Paths are
 * opened relative to the type folder's own fd. */
static void upg_prefetch_plugins(upg_worker *w, upg_prefetch *pf, upg_prefetch_job *job, int fd)
{
	uint32_t count = job->list.count ? job->list.count : 1;
	if (pf->preread && !(job->reads = calloc(count, sizeof(upg_vjob *)))) {
		return;
	}
	if (pf->predb && !(job->dbs = calloc(count, sizeof(upg_dirjob *)))) {
		return;
	}
	if (job->owner && !(job->subs = calloc(count, sizeof(upg_subread)))) {
		return;
	}
	char dir[PATH_MAX];
	size_t plen = ZSTR_LEN(job->path);
	const char *p = job->list.data;
	for (uint32_t i = 0; i < job->list.count; i++) {
		unsigned char d_type = (unsigned char) *p++;
		size_t len = strlen(p);
		if ((d_type == DT_DIR || d_type == DT_LNK || d_type == DT_UNKNOWN)
				&& upg_maybe_plugin(p, len) && plen + len + sizeof("/db/subplugins.json") + 1 < sizeof(dir)) {
			memcpy(dir, ZSTR_VAL(job->path), plen);
			dir[plen] = '/';
			memcpy(dir + plen + 1, p, len + 1);
			if (job->reads) {
				job->reads[i] = upg_vjob_preread(w, fd, dir, plen + 1 + len, plen + 1, pf->cache);
			}
			if (job->dbs) {
				memcpy(dir + plen + 1 + len, "/db", sizeof("/db"));
				job->dbs[i] = upg_dirjob_preread(w, fd, dir, plen + 1 + len + 3, plen + 1, pf->cache);
			}
			if (job->subs) {
				upg_prefetch_subplugins(fd, dir + plen + 1, len, job->dbs ? job->dbs[i] : NULL, &job->subs[i]);
			}
		}
		p += len + 1;
	}
}

/* Lists the open folder into job->list; a repeat check takes an unchanged
 * folder's listing from the cache instead (same identity rules as files). */
static bool upg_prefetch_list(upg_worker *w, upg_prefetch *pf, upg_prefetch_job *job, int fd)
{
	if (!pf->cache) {
		return upg_list_dir(w, fd, &job->list);
	}
	int64_t now = upg_now_ns();   /* before listing: the racy rule's reference */
	struct stat st;
	upg_ident id;
	if (fstat(fd, &st) != 0) {
		return upg_list_dir(w, fd, &job->list);
	}
	upg_ident_of(&st, &id);
	const upg_centry *hit = upg_cache_find(pf->cache, ZSTR_VAL(job->path), ZSTR_LEN(job->path), UPG_CE_DIR, &id);
	if (hit) {
		job->list.data = malloc(hit->data_len ? hit->data_len : 1);
		if (!job->list.data) {
			return false;
		}
		memcpy(job->list.data, hit->data, hit->data_len);
		job->list.len = job->list.cap = hit->data_len;
		job->list.count = hit->count;
		return true;
	}
	if (!upg_list_dir(w, fd, &job->list)) {
		return false;
	}
	upg_centry *e = calloc(1, sizeof(*e));
	if (e && (e->data = malloc(job->list.len ? job->list.len : 1))) {
		memcpy(e->data, job->list.data, job->list.len);
		e->data_len = job->list.len;
		e->count = job->list.count;
		e->id = id;
		e->cached_at_ns = now;
		e->kind = UPG_CE_DIR;
		job->fresh = e;
	} else {
		free(e);
	}
	return true;
}

static void upg_prefetch_task(upg_worker *w, void *ctx, uint32_t i)
{
	upg_prefetch *pf = ctx;
	upg_prefetch_job *job = &pf->jobs[i];
	int fd = open(ZSTR_VAL(job->path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		job->ok = true;   /* a missing folder has no plugins: an empty listing */
	} else {
		job->ok = upg_prefetch_list(w, pf, job, fd);   /* else the calling thread lists it */
		if (job->ok && (pf->preread || pf->predb || job->owner)) {
			upg_prefetch_plugins(w, pf, job, fd);
		}
		close(fd);
	}
	__atomic_store_n(&job->done, true, __ATOMIC_RELEASE);
}

/* The finished job of folder `dir`, or NULL (not prefetched, or it failed). */
static upg_prefetch_job *upg_prefetch_job_of(const upg_site *site, const zend_string *dir)
{
	upg_prefetch *pf = site->prefetch;
	if (!pf) {
		return NULL;
	}
	zval *num = zend_hash_find(pf->index, (zend_string *) dir);
	if (!num) {
		return NULL;
	}
	upg_prefetch_job *job = &pf->jobs[Z_LVAL_P(num)];
	if (!pf->finished && !__atomic_load_n(&job->done, __ATOMIC_ACQUIRE)) {
		return NULL;
	}
	return job->ok ? job : NULL;
}

static bool upg_prefetch_job_done(void *arg)
{
	return __atomic_load_n(&((upg_prefetch_job *) arg)->done, __ATOMIC_ACQUIRE);
}

/* Waits (helping) for the listing of folder `dir`, when it is prefetched. */
static void upg_prefetch_await(const upg_site *site, const zend_string *dir)
{
	upg_prefetch *pf = site->prefetch;
	zval *num = pf && pf->pool ? zend_hash_find(pf->index, (zend_string *) dir) : NULL;
	if (num) {
		upg_pool_help(pf->pool, upg_prefetch_job_done, &pf->jobs[Z_LVAL_P(num)]);
	}
}

/* Index of `name` in a finished job's listing, or -1. */
static int64_t upg_prefetch_find(const upg_prefetch_job *job, const char *name, size_t namelen)
{
	const char *p = job->list.data;
	for (uint32_t i = 0; i < job->list.count; i++) {
		p++;
		size_t len = strlen(p);
		if (len == namelen && memcmp(p, name, len) == 0) {
			return i;
		}
		p += len + 1;
	}
	return -1;
}

/* The plugin's folder is its type folder + "/" + name. Plugins come type
 * by type: the last type folder found is tried first. */
static upg_prefetch_job *upg_prefetch_parent(const upg_site *site, const zend_string *dir, const zend_string *name)
{
	upg_prefetch *pf = site->prefetch;
	if (!pf || ZSTR_LEN(dir) <= ZSTR_LEN(name) + 1) {
		return NULL;
	}
	size_t plen = ZSTR_LEN(dir) - ZSTR_LEN(name) - 1;
	upg_prefetch_job *last = pf->last;
	if (last && ZSTR_LEN(last->path) == plen && memcmp(ZSTR_VAL(last->path), ZSTR_VAL(dir), plen) == 0) {
		return last;
	}
	zend_string *parent = zend_string_init(ZSTR_VAL(dir), plen, 0);
	upg_prefetch_job *job = upg_prefetch_job_of(site, parent);
	zend_string_release(parent);
	pf->last = job;
	return job;
}

/* Where the plugin is in its type folder's finished listing: the job, and
 * the index in *i; NULL when it was not listed ahead. */
static upg_prefetch_job *upg_prefetch_entry(const upg_site *site, const upg_plugin *plugin, int64_t *i)
{
	upg_prefetch_job *job = upg_prefetch_parent(site, plugin->dir, plugin->name);
	*i = job ? upg_prefetch_find(job, ZSTR_VAL(plugin->name), ZSTR_LEN(plugin->name)) : -1;
	return *i < 0 ? NULL : job;
}

/* Takes a reading out of its slot: the caller owns it now. */
static void *upg_prefetch_take(void **slot)
{
	void *v = *slot;
	*slot = NULL;
	return v;
}

upg_vjob *upg_prefetch_claim(const upg_site *site, const upg_plugin *plugin)
{
	int64_t i;
	upg_prefetch_job *job = upg_prefetch_entry(site, plugin, &i);
	return job && job->reads ? upg_prefetch_take((void **) &job->reads[i]) : NULL;
}

upg_dirjob *upg_prefetch_claim_db(const upg_site *site, const upg_plugin *plugin)
{
	int64_t i;
	upg_prefetch_job *job = upg_prefetch_entry(site, plugin, &i);
	return job && job->dbs ? upg_prefetch_take((void **) &job->dbs[i]) : NULL;
}

/* db/subplugins.json of an owner plugin as read ahead, or NULL. */
static const upg_subread *upg_prefetch_subread(const upg_site *site, const zend_string *dir, const zend_string *name)
{
	upg_prefetch_job *job = upg_prefetch_parent(site, dir, name);
	int64_t i = job && job->subs ? upg_prefetch_find(job, ZSTR_VAL(name), ZSTR_LEN(name)) : -1;
	return i < 0 ? NULL : &job->subs[i];
}

/* Queues the listing of one more folder (a subplugin type found meanwhile). */
static void upg_prefetch_add(upg_prefetch *pf, zend_string *path, bool owner)
{
	if (!pf || pf->finished || pf->n == pf->cap || zend_hash_exists(pf->index, path)) {
		return;
	}
	zval num;
	ZVAL_LONG(&num, pf->n);
	zend_hash_add_new(pf->index, path, &num);
	pf->jobs[pf->n].path = zend_string_copy(path);
	pf->jobs[pf->n].owner = owner;
	pf->n++;
	if (pf->pool) {
		upg_pool_publish(pf->pool, pf->n);
	}
}

/* Worth threads only on real sites. */
#define UPG_PREFETCH_SPAWN_AT 24
/* Room for subplugin type folders found after the start. */
#define UPG_PREFETCH_ROOM 256

static upg_prefetch *upg_prefetch_start(HashTable *types, const zend_string *dirroot, const upg_discover_hook *hook)
{
	upg_prefetch *pf = ecalloc(1, sizeof(*pf));
	pf->preread = hook && hook->preread_versions;
	pf->predb = hook && hook->preread_db;
	pf->cache = upg_cache_table();
	pf->cap = zend_hash_num_elements(types) + 2 + UPG_PREFETCH_ROOM;
	pf->jobs = ecalloc(pf->cap, sizeof(upg_prefetch_job));
	pf->index = zend_new_array(pf->cap);
	/* Subplugin owners first: the calling thread waits for their listings. */
	for (size_t i = 0; i < sizeof(upg_subplugin_owners) / sizeof(upg_subplugin_owners[0]); i++) {
		const char *t = upg_subplugin_owners[i];
		zval *dir = zend_hash_str_find(types, t, strlen(t));
		if (strcmp(t, "local") == 0) {
			zend_string *local = zend_string_concat2(ZSTR_VAL(dirroot), ZSTR_LEN(dirroot), "/local", 6);
			upg_prefetch_add(pf, local, true);   /* Moodle sets local to dirroot/local */
			zend_string_release(local);
		} else if (dir && Z_TYPE_P(dir) == IS_STRING) {
			upg_prefetch_add(pf, Z_STR_P(dir), true);
		}
	}
	zval *dir;
	ZEND_HASH_FOREACH_VAL(types, dir) {
		upg_prefetch_add(pf, Z_STR_P(dir), false);
	} ZEND_HASH_FOREACH_END();
	zend_string *theme = zend_string_concat2(ZSTR_VAL(dirroot), ZSTR_LEN(dirroot), "/theme", 6);
	upg_prefetch_add(pf, theme, false);   /* set to dirroot/theme by Moodle later on */
	zend_string_release(theme);
	pf->pool = upg_pool_start(upg_prefetch_task, pf, UPG_PREFETCH_SPAWN_AT);
	upg_pool_publish(pf->pool, pf->n);
	return pf;
}

/* Waits for the listings (the calling thread takes any that are left). */
static void upg_prefetch_wait(upg_prefetch *pf)
{
	if (pf && pf->pool) {
		if (!upg_pool_finish(pf->pool)) {
			for (uint32_t i = 0; i < pf->n; i++) {
				pf->jobs[i].ok = false;
			}
		}
		pf->pool = NULL;
		pf->finished = true;
	}
}

static void upg_prefetch_free(upg_prefetch *pf)
{
	if (!pf) {
		return;
	}
	upg_prefetch_wait(pf);
	uint32_t hits = 0, misses = 0;
	for (uint32_t i = 0; i < pf->n; i++) {
		upg_prefetch_job *job = &pf->jobs[i];
		if (job->fresh) {
			upg_cache_store(ZSTR_VAL(job->path), ZSTR_LEN(job->path), job->fresh);
			misses++;
		} else if (pf->cache && job->ok && job->list.data) {
			hits++;
		}
		for (uint32_t k = 0; k < job->list.count; k++) {
			if (job->reads) {
				upg_vjob_discard(job->reads[k]);
			}
			if (job->dbs) {
				upg_dirjob_discard(job->dbs[k]);
			}
			if (job->subs) {
				free(job->subs[k].text);
			}
		}
		free(job->reads);
		free(job->dbs);
		free(job->subs);
		zend_string_release(job->path);
		free(job->list.data);
	}
	if (pf->cache) {
		upg_cache_count(hits, misses);
	}
	efree(pf->jobs);
	zend_array_release(pf->index);
	efree(pf);
}

/* Lists one folder's plugins into `result` (name => dir): from the prefetched
 * listing when there is one, else getdents64 on the folder's own fd (no
 * opendir() bookkeeping; d_type spares most stat()s). */
static void upg_scan_plugins(const upg_site *site, const zend_string *type,
		const zend_string *fulldir, HashTable *result)
{
	bool is_auth = zend_string_equals_literal(type, "auth");
	bool is_mod = zend_string_equals_literal(type, "mod");
	upg_prefetch_await(site, fulldir);
	const upg_prefetch_job *job = upg_prefetch_job_of(site, fulldir);
	if (job) {
		const char *p = job->list.data;
		for (uint32_t i = 0; i < job->list.count; i++) {
			unsigned char d_type = (unsigned char) *p++;
			size_t len = strlen(p);
			upg_plugin_entry(site, fulldir, is_auth, is_mod, -1, p, len, d_type, result);
			p += len + 1;
		}
		return;
	}

	int fd = open(ZSTR_VAL(fulldir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return;   /* Moodle checks is_dir() first: a missing type folder has no plugins */
	}
	char buf[16384];
	long n;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
		for (long off = 0; off < n;) {
			struct upg_linux_dirent64 *e = (struct upg_linux_dirent64 *) (buf + off);
			off += e->d_reclen;
			upg_plugin_entry(site, fulldir, is_auth, is_mod, fd, e->d_name, strlen(e->d_name), e->d_type, result);
		}
	}
	close(fd);
}

/* core_component::fetch_plugins(): name => absolute dir, sorted by name. */
static HashTable *upg_fetch_plugins(const upg_site *site, const zend_string *type, const zend_string *fulldir)
{
	HashTable *result = zend_new_array(8);
	if (zend_string_equals_literal(type, "theme")) {
		/* A separate $CFG->themedir is scanned after the standard folder. */
		zend_string *std = zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/theme", 6);
		/* The same string has the same realpath(): spare the lookups. */
		if (!zend_string_equals(fulldir, std) && !upg_same_realpath(ZSTR_VAL(fulldir), ZSTR_VAL(std))) {
			upg_scan_plugins(site, type, std, result);
		}
		zend_string_release(std);
	}
	upg_scan_plugins(site, type, fulldir, result);
	zend_hash_sort(result, (bucket_compare_func_t) upg_key_compare, 0);
	return result;
}

/* (array) $value, or NULL when empty($value): what Moodle iterates over. */
static HashTable *upg_to_array(zval *v)
{
	ZVAL_DEREF(v);
	if (!zend_is_true(v)) {
		return NULL;
	}
	if (Z_TYPE_P(v) == IS_ARRAY) {
		GC_TRY_ADDREF(Z_ARRVAL_P(v));
		return Z_ARRVAL_P(v);
	}
	if (Z_TYPE_P(v) == IS_OBJECT) {
		return zend_proptable_to_symtable(Z_OBJ_HT_P(v)->get_properties(Z_OBJ_P(v)), 1);
	}
	HashTable *ht = zend_new_array(1);
	Z_TRY_ADDREF_P(v);
	zend_hash_index_add_new(ht, 0, v);
	return ht;
}

static void upg_array_release(HashTable *ht)
{
	if (ht) {
		zend_array_release(ht);
	}
}

/* $obj->prop for a decoded JSON value (NULL when not an object or absent). */
static zval *upg_json_prop(zval *obj, const char *name, size_t len)
{
	if (Z_TYPE_P(obj) != IS_OBJECT) {
		return NULL;
	}
	return zend_hash_str_find(Z_OBJ_HT_P(obj)->get_properties(Z_OBJ_P(obj)), name, len);
}

static zend_string *upg_key_string(zend_string *key, zend_ulong idx)
{
	return key ? zend_string_copy(key) : zend_long_to_str((zend_long) idx);
}

static const char *upg_json_error_msg(php_json_error_code code)
{
	switch (code) {
		case PHP_JSON_ERROR_DEPTH: return "Maximum stack depth exceeded";
		case PHP_JSON_ERROR_STATE_MISMATCH: return "State mismatch (invalid or malformed JSON)";
		case PHP_JSON_ERROR_CTRL_CHAR: return "Control character error, possibly incorrectly encoded";
		case PHP_JSON_ERROR_SYNTAX: return "Syntax error";
		case PHP_JSON_ERROR_UTF8: return "Malformed UTF-8 characters, possibly incorrectly encoded";
		case PHP_JSON_ERROR_INVALID_PROPERTY_NAME: return "The decoded property name is invalid";
		case PHP_JSON_ERROR_UTF16: return "Single unpaired UTF-16 surrogate in unicode escape";
		default: return "Unknown error";
	}
}

/* json_decode() as Moodle calls it (objects, depth 512). NULL reason on success. */
static const char *upg_json_decode(zend_string *text, zval *out)
{
	ZVAL_NULL(out);
	if (ZSTR_LEN(text) == 0) {
		return upg_json_error_msg(PHP_JSON_ERROR_SYNTAX);
	}
	if (php_json_decode_ex(out, ZSTR_VAL(text), ZSTR_LEN(text), 0, PHP_JSON_PARSER_DEFAULT_DEPTH) == FAILURE) {
		zval_ptr_dtor(out);
		ZVAL_NULL(out);
		return upg_json_error_msg(JSON_G(error_code));
	}
	return NULL;
}

/* A path value from JSON as PHP's string interpolation sees it; NULL if it cannot be one. */
static zend_string *upg_path_value(zval *v)
{
	ZVAL_DEREF(v);
	switch (Z_TYPE_P(v)) {
		case IS_STRING:
			return zend_string_copy(Z_STR_P(v));
		case IS_LONG: case IS_DOUBLE: case IS_TRUE: case IS_FALSE: case IS_NULL:
			return zval_get_string(v);
		default:
			return NULL;
	}
}

/* $CFG->admin renaming of a leading "admin/". */
static zend_string *upg_admin_path(const upg_options *opts, zend_string *path)
{
	if (!zend_string_equals_literal(opts->admin, "admin")
			&& ZSTR_LEN(path) >= 6 && memcmp(ZSTR_VAL(path), "admin/", 6) == 0) {
		zend_string *p = zend_string_concat2(ZSTR_VAL(opts->admin), ZSTR_LEN(opts->admin),
			ZSTR_VAL(path) + 5, ZSTR_LEN(path) - 5);
		zend_string_release(path);
		return p;
	}
	return path;
}

typedef struct {
	upg_site *site;
	const upg_options *opts;
	HashTable *blocked;   /* deprecated and deleted type names: they block duplicates too */
} upg_disco;

/*
 * core_component::fetch_subtypes() for one plugin folder, then the
 * duplicate check of fetch_plugintypes(): valid new subtypes are appended
 * to the type list. Returns FAILURE (exception thrown) only where Moodle
 * itself would fail.
 */
static zend_result upg_add_subtypes(upg_disco *dc, zend_string *ownerdir, const upg_subread *pre)
{
	upg_site *site = dc->site;
	zend_string *jsonpath = zend_string_concat2(ZSTR_VAL(ownerdir), ZSTR_LEN(ownerdir),
		"/db/subplugins.json", sizeof("/db/subplugins.json") - 1);
	zend_result rc = SUCCESS;
	zval json;
	ZVAL_NULL(&json);

	/* [register key => list of subtype => relative dir], as fetch_subtypes() returns */
	HashTable *lists[3] = { NULL, NULL, NULL };
	bool relative_to_owner[3] = { false, true, true };

	/* file_exists() then file_get_contents(), in one open(); maybe read ahead. */
	zend_string *text;
	if (pre) {
		text = pre->text ? zend_string_init(pre->text, pre->len, 0) : NULL;
		errno = pre->err;
	} else {
		text = upg_read_file(ZSTR_VAL(jsonpath));
	}
	if (!text && (errno == ENOENT || errno == ENOTDIR)) {
		zend_string *php = zend_string_concat2(ZSTR_VAL(ownerdir), ZSTR_LEN(ownerdir),
			"/db/subplugins.php", sizeof("/db/subplugins.php") - 1);
		if (pre ? pre->php : upg_file_exists(ZSTR_VAL(php))) {
			if (site->layout51) {
				upg_throw("Moodle refuses %s: subplugins.php is no longer supported, use db/subplugins.json", ZSTR_VAL(php));
				rc = FAILURE;
			} else {
				upg_warn(site->warnings, ZSTR_VAL(php), ZSTR_LEN(php),
					"legacy subplugins.php is not read by this extension; its subplugin types are ignored");
			}
		}
		zend_string_release(php);
		zend_string_release(jsonpath);
		return rc;
	}
	if (!text) {
		upg_warn(site->warnings, ZSTR_VAL(jsonpath), ZSTR_LEN(jsonpath),
			"cannot be read (%s); no subplugin types", strerror(errno));
		zend_string_release(jsonpath);
		return SUCCESS;
	}
	const char *err = upg_json_decode(text, &json);
	zend_string_release(text);
	if (err) {
		upg_warn(site->warnings, ZSTR_VAL(jsonpath), ZSTR_LEN(jsonpath),
			"invalid JSON (%s); no subplugin types", err);
		zend_string_release(jsonpath);
		return SUCCESS;
	}

	zval *sub = upg_json_prop(&json, "subplugintypes", sizeof("subplugintypes") - 1);
	zval *legacy = upg_json_prop(&json, "plugintypes", sizeof("plugintypes") - 1);
	if (site->layout51) {
		if (sub && zend_is_true(sub)) {
			lists[0] = upg_to_array(sub);
			relative_to_owner[0] = true;
		} else if (legacy && zend_is_true(legacy)) {
			upg_warn(site->warnings, ZSTR_VAL(jsonpath), ZSTR_LEN(jsonpath),
				"no subplugintypes: falling back to the deprecated plugintypes (MDL-83705)");
			lists[0] = upg_to_array(legacy);
		} else {
			upg_warn(site->warnings, ZSTR_VAL(jsonpath), ZSTR_LEN(jsonpath), "no plugintypes defined");
		}
		zval *dep = upg_json_prop(&json, "deprecatedsubplugintypes", sizeof("deprecatedsubplugintypes") - 1);
		zval *del = upg_json_prop(&json, "deletedsubplugintypes", sizeof("deletedsubplugintypes") - 1);
		if (dep && Z_TYPE_P(dep) != IS_NULL) {
			lists[1] = upg_to_array(dep);
		}
		if (del && Z_TYPE_P(del) != IS_NULL) {
			lists[2] = upg_to_array(del);
		}
	} else {
		if (legacy && zend_is_true(legacy)) {
			lists[0] = upg_to_array(legacy);
		} else {
			upg_warn(site->warnings, ZSTR_VAL(jsonpath), ZSTR_LEN(jsonpath), "no plugintypes defined");
		}
	}

	/* Relative folder of the owner plugin, as fetch_subtypes() derives it. */
	const char *plugindir = ZSTR_VAL(ownerdir) + MIN(ZSTR_LEN(ownerdir), ZSTR_LEN(site->root) + 1);

	for (int k = 0; k < 3 && rc == SUCCESS; k++) {
		if (!lists[k]) {
			continue;
		}
		zend_string *key;
		zend_ulong idx;
		zval *val;
		ZEND_HASH_FOREACH_KEY_VAL(lists[k], idx, key, val) {
			zend_string *subtype = upg_key_string(key, idx);
			zend_string *dir = upg_path_value(val);
			if (!dir || (Z_TYPE_P(val) == IS_NULL && (site->layout51))) {
				/* Moodle's typed closures throw a TypeError on such a value. */
				upg_throw("Moodle fails on %s: subplugin type \"%s\" has a path of type %s",
					ZSTR_VAL(jsonpath), ZSTR_VAL(subtype), zend_zval_type_name(val));
				if (dir) {
					zend_string_release(dir);
				}
				zend_string_release(subtype);
				rc = FAILURE;
				break;
			}
			if (site->layout51) {
				if (relative_to_owner[k]) {
					zend_string *p = zend_string_concat3(plugindir, strlen(plugindir), "/", 1, ZSTR_VAL(dir), ZSTR_LEN(dir));
					zend_string_release(dir);
					dir = p;
				} else if (!(ZSTR_LEN(dir) >= 7 && memcmp(ZSTR_VAL(dir), "public/", 7) == 0)) {
					zend_string *p = zend_string_concat2("public/", 7, ZSTR_VAL(dir), ZSTR_LEN(dir));
					zend_string_release(dir);
					dir = p;
				}
			}
			const char *why = NULL;
			zend_string *full = NULL;
			if (!upg_is_simple_name(ZSTR_VAL(subtype), ZSTR_LEN(subtype))) {
				why = "invalid characters present";
			} else if (upg_is_subsystem(site, ZSTR_VAL(subtype), ZSTR_LEN(subtype))) {
				why = "duplicates a core subsystem";
			} else {
				dir = upg_admin_path(dc->opts, dir);
				full = upg_join(site->root, ZSTR_VAL(dir), ZSTR_LEN(dir));
				if (!upg_is_dir(ZSTR_VAL(full))) {
					why = "its folder is not a directory";
				} else if (zend_symtable_find(site->types, subtype) || zend_symtable_find(dc->blocked, subtype)) {
					why = "duplicate of an existing plugin type";
				}
			}
			if (why) {
				upg_warn(site->warnings, ZSTR_VAL(jsonpath), ZSTR_LEN(jsonpath),
					"subplugin type \"%s\" (%s) rejected: %s", ZSTR_VAL(subtype), ZSTR_VAL(dir), why);
				if (full) {
					zend_string_release(full);
				}
			} else {
				if (k == 0) {
					upg_prefetch_add(site->prefetch, full, false);   /* list it meanwhile */
				}
				zval zfull;
				ZVAL_STR(&zfull, full);
				zend_symtable_update(k == 0 ? site->types : dc->blocked, subtype, &zfull);
			}
			zend_string_release(dir);
			zend_string_release(subtype);
		} ZEND_HASH_FOREACH_END();
	}

	for (int k = 0; k < 3; k++) {
		upg_array_release(lists[k]);
	}
	zval_ptr_dtor(&json);
	zend_string_release(jsonpath);
	return rc;
}

/* Subplugin types of every plugin of `type` (a subplugin owner). */
static zend_result upg_owner_subtypes(upg_disco *dc, const char *type)
{
	zval *typedir = zend_hash_str_find(dc->site->types, type, strlen(type));
	if (!typedir) {
		return SUCCESS;
	}
	zend_string *ztype = zend_string_init(type, strlen(type), 0);
	HashTable *plugins = upg_fetch_plugins(dc->site, ztype, Z_STR_P(typedir));
	zend_string_release(ztype);
	zend_result rc = SUCCESS;
	zend_string *name;
	zval *dir;
	ZEND_HASH_FOREACH_STR_KEY_VAL(plugins, name, dir) {
		const upg_subread *pre = name ? upg_prefetch_subread(dc->site, Z_STR_P(dir), name) : NULL;
		if ((rc = upg_add_subtypes(dc, Z_STR_P(dir), pre)) == FAILURE) {
			break;
		}
	} ZEND_HASH_FOREACH_END();
	zend_array_release(plugins);
	return rc;
}

/* Reads lib/components.json; throws on anything Moodle could not work with. */
static zend_result upg_read_components(upg_site *site, zval *json)
{
	zend_string *path = zend_string_concat2(ZSTR_VAL(site->root), ZSTR_LEN(site->root),
		"/lib/components.json", sizeof("/lib/components.json") - 1);
	zend_string *text = upg_read_file(ZSTR_VAL(path));
	if (!text) {
		upg_throw("Cannot read %s: %s", ZSTR_VAL(path), strerror(errno));
		zend_string_release(path);
		return FAILURE;
	}
	const char *err = upg_json_decode(text, json);
	zend_string_release(text);
	if (err) {
		upg_throw("Malformed JSON in %s: %s", ZSTR_VAL(path), err);
		zend_string_release(path);
		return FAILURE;
	}
	if (Z_TYPE_P(json) != IS_OBJECT) {
		upg_throw("Malformed %s: the top level is not a JSON object", ZSTR_VAL(path));
		zend_string_release(path);
		return FAILURE;
	}
	zend_string_release(path);
	return SUCCESS;
}

/* Fills `into` with type => absolute path for one components.json key. */
static zend_result upg_component_types(upg_disco *dc, zval *json, const char *key, HashTable *into)
{
	zval *src = upg_json_prop(json, key, strlen(key));
	HashTable *list = src ? upg_to_array(src) : NULL;
	if (!list) {
		return SUCCESS;
	}
	zend_string *skey;
	zend_ulong idx;
	zval *val;
	zend_result rc = SUCCESS;
	ZEND_HASH_FOREACH_KEY_VAL(list, idx, skey, val) {
		zend_string *type = upg_key_string(skey, idx);
		zend_string *path = upg_path_value(val);
		if (!path) {
			upg_throw("Malformed %s/lib/components.json: %s \"%s\" has a path of type %s",
				ZSTR_VAL(dc->site->root), key, ZSTR_VAL(type), zend_zval_type_name(val));
			zend_string_release(type);
			rc = FAILURE;
			break;
		}
		path = upg_admin_path(dc->opts, path);
		zval full;
		ZVAL_STR(&full, upg_join(dc->site->root, ZSTR_VAL(path), ZSTR_LEN(path)));
		zend_symtable_update(into, type, &full);
		zend_string_release(path);
		zend_string_release(type);
	} ZEND_HASH_FOREACH_END();
	upg_array_release(list);
	return rc;
}

static void upg_read_subsystems(upg_disco *dc, zval *json)
{
	zval *src = upg_json_prop(json, "subsystems", sizeof("subsystems") - 1);
	HashTable *list = src ? upg_to_array(src) : NULL;
	if (!list) {
		return;
	}
	zend_string *key;
	zend_ulong idx;
	zval *val;
	ZEND_HASH_FOREACH_KEY_VAL(list, idx, key, val) {
		/* $info[$name] = empty($path) ? null : ...; isset() then skips the nulls. */
		if (zend_is_true(val)) {
			zend_string *name = upg_key_string(key, idx);
			zval t;
			ZVAL_TRUE(&t);
			zend_symtable_update(dc->site->subsystems, name, &t);
			zend_string_release(name);
		}
	} ZEND_HASH_FOREACH_END();
	upg_array_release(list);
}

static void upg_add_plugins(upg_site *site, zend_string *type, HashTable *plugins, const upg_discover_hook *hook)
{
	zend_string *name;
	zend_ulong idx;
	zval *dir;
	ZEND_HASH_FOREACH_KEY_VAL(plugins, idx, name, dir) {
		if (site->nplugins == site->cplugins) {
			site->cplugins = site->cplugins ? site->cplugins * 2 : 64;
			site->plugins = safe_erealloc(site->plugins, site->cplugins, sizeof(upg_plugin), 0);
		}
		upg_plugin *p = &site->plugins[site->nplugins++];
		p->type = zend_string_copy(type);
		p->name = upg_key_string(name, idx);
		p->dir = zend_string_copy(Z_STR_P(dir));
		if (hook) {
			hook->plugin(hook->ctx, site, p);
		}
	} ZEND_HASH_FOREACH_END();
}

zend_result upg_discover(upg_site *site, zend_string *root, const upg_options *opts, const upg_discover_hook *hook)
{
	memset(site, 0, sizeof(*site));
	site->root = zend_string_copy(root);
	site->types = zend_new_array(64);
	site->subsystems = zend_new_array(128);
	site->warnings = zend_new_array(0);

	upg_disco dc = { site, opts, zend_new_array(0) };
	zval json;
	ZVAL_NULL(&json);
	zend_result rc = FAILURE;

	/* PHP's own file functions honour open_basedir, and so must a site read
	 * on PHP's behalf: a root outside it is refused as PHP would refuse it. */
	if (PG(open_basedir) && *PG(open_basedir) && php_check_open_basedir_ex(ZSTR_VAL(root), 0) != 0) {
		upg_throw("Moodle site root %s is outside open_basedir (%s)", ZSTR_VAL(root), PG(open_basedir));
		goto done;
	}

	if (!upg_is_dir(ZSTR_VAL(root))) {
		struct stat st;
		if (stat(ZSTR_VAL(root), &st) != 0) {
			upg_throw("Moodle site root %s: %s", ZSTR_VAL(root), strerror(errno));
		} else {
			upg_throw("Moodle site root %s is not a directory", ZSTR_VAL(root));
		}
		goto done;
	}

	/* 5.1 moved the web root to public/; components.json stayed at the top. */
	zend_string *probe = zend_string_concat2(ZSTR_VAL(root), ZSTR_LEN(root), "/public/version.php", sizeof("/public/version.php") - 1);
	site->layout51 = upg_file_exists(ZSTR_VAL(probe));
	zend_string_release(probe);
	if (site->layout51) {
		site->dirroot = zend_string_concat2(ZSTR_VAL(root), ZSTR_LEN(root), "/public", 7);
	} else {
		probe = zend_string_concat2(ZSTR_VAL(root), ZSTR_LEN(root), "/version.php", sizeof("/version.php") - 1);
		bool found = upg_file_exists(ZSTR_VAL(probe));
		zend_string_release(probe);
		if (!found) {
			upg_throw("%s is not a Moodle site: neither public/version.php nor version.php exists", ZSTR_VAL(root));
			goto done;
		}
		site->dirroot = zend_string_copy(root);
	}

	if (hook) {
		hook->core(hook->ctx, site);
	}

	if (upg_read_components(site, &json) == FAILURE) {
		goto done;
	}
	upg_read_subsystems(&dc, &json);
	if (upg_component_types(&dc, &json, "plugintypes", site->types) == FAILURE
			|| upg_component_types(&dc, &json, "deprecatedplugintypes", dc.blocked) == FAILURE
			|| upg_component_types(&dc, &json, "deletedplugintypes", dc.blocked) == FAILURE) {
		goto done;
	}

	/* Types that own subplugins cannot be deprecated: Moodle keeps them active. */
	for (size_t i = 0; i < sizeof(upg_subplugin_owners) / sizeof(upg_subplugin_owners[0]); i++) {
		zval *moved = zend_hash_str_find(dc.blocked, upg_subplugin_owners[i], strlen(upg_subplugin_owners[i]));
		if (moved) {
			Z_ADDREF_P(moved);
			zend_hash_str_update(site->types, upg_subplugin_owners[i], strlen(upg_subplugin_owners[i]), moved);
			zend_hash_str_del(dc.blocked, upg_subplugin_owners[i], strlen(upg_subplugin_owners[i]));
		}
	}

	/* List the type folders in the background (owners first, with their
	 * plugins' db/subplugins.json) while subplugin types are worked out. */
	site->prefetch = upg_prefetch_start(site->types, site->dirroot, hook);

	zval theme;
	/* !empty($CFG->themedir) && is_dir($CFG->themedir): "" and "0" are empty. */
	if (opts->themedir && ZSTR_LEN(opts->themedir) > 0
			&& !(ZSTR_LEN(opts->themedir) == 1 && ZSTR_VAL(opts->themedir)[0] == '0')
			&& upg_is_dir(ZSTR_VAL(opts->themedir))) {
		ZVAL_STR_COPY(&theme, opts->themedir);
	} else {
		ZVAL_STR(&theme, zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/theme", 6));
	}
	zend_hash_str_update(site->types, "theme", 5, &theme);

	for (size_t i = 0; i < 3; i++) {
		if (upg_owner_subtypes(&dc, upg_subplugin_owners[i]) == FAILURE) {
			goto done;
		}
	}
	/* Local is always last, then its own subplugin types. */
	zval local;
	ZVAL_STR(&local, zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/local", 6));
	zend_hash_str_update(site->types, "local", 5, &local);
	if (upg_owner_subtypes(&dc, "local") == FAILURE) {
		goto done;
	}

	/* Each type waits only for its own listing: the rest goes on meanwhile. */
	zend_string *type;
	zend_ulong idx;
	zval *typedir;
	ZEND_HASH_FOREACH_KEY_VAL(site->types, idx, type, typedir) {
		zend_string *t = upg_key_string(type, idx);
		HashTable *plugins = upg_fetch_plugins(site, t, Z_STR_P(typedir));
		upg_add_plugins(site, t, plugins, hook);
		zend_array_release(plugins);
		zend_string_release(t);
	} ZEND_HASH_FOREACH_END();
	rc = SUCCESS;

done:
	upg_prefetch_free(site->prefetch);
	site->prefetch = NULL;
	zval_ptr_dtor(&json);
	zend_array_release(dc.blocked);
	if (rc == FAILURE) {
		upg_site_free(site);
	}
	return rc;
}

void upg_site_free(upg_site *site)
{
	for (uint32_t i = 0; i < site->nplugins; i++) {
		zend_string_release(site->plugins[i].type);
		zend_string_release(site->plugins[i].name);
		zend_string_release(site->plugins[i].dir);
	}
	if (site->plugins) {
		efree(site->plugins);
	}
	if (site->types) {
		zend_array_release(site->types);
	}
	if (site->subsystems) {
		zend_array_release(site->subsystems);
	}
	if (site->warnings) {
		zend_array_release(site->warnings);
	}
	if (site->root) {
		zend_string_release(site->root);
	}
	if (site->dirroot) {
		zend_string_release(site->dirroot);
	}
	memset(site, 0, sizeof(*site));
}

PHP_FUNCTION(upgrade_discover)
{
	zend_string *root;
	HashTable *options = NULL;
	upg_options opts;
	upg_site site;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_site_args(root, 1, options, 2, &opts) == FAILURE) {
		RETURN_THROWS();
	}
	if (upg_discover(&site, root, &opts, NULL) == FAILURE) {
		upg_options_free(&opts);
		RETURN_THROWS();
	}

	zval types, plugins, warnings;
	ZVAL_ARR(&types, zend_array_dup(site.types));
	array_init_size(&plugins, site.nplugins);
	for (uint32_t i = 0; i < site.nplugins; i++) {
		zval row;
		array_init_size(&row, 3);
		add_next_index_str(&row, zend_string_copy(site.plugins[i].type));
		add_next_index_str(&row, zend_string_copy(site.plugins[i].name));
		add_next_index_str(&row, zend_string_copy(site.plugins[i].dir));
		add_next_index_zval(&plugins, &row);
	}
	ZVAL_ARR(&warnings, zend_array_dup(site.warnings));

	array_init_size(return_value, 6);
	add_assoc_string(return_value, "layout", site.layout51 ? "51" : "4x");
	add_assoc_str(return_value, "root", zend_string_copy(site.root));
	add_assoc_str(return_value, "dirroot", zend_string_copy(site.dirroot));
	add_assoc_zval(return_value, "plugintypes", &types);
	add_assoc_zval(return_value, "plugins", &plugins);
	add_assoc_zval(return_value, "warnings", &warnings);

	upg_site_free(&site);
	upg_options_free(&opts);
}

/*
 * allversionshash. Worker threads open and read every version.php and run
 * the re2c static reader on it (pure C); the calling thread turns each
 * proven literal into the PHP value with the engine's own number parsing,
 * executes the files that could not be proven, and serializes the map with
 * the engine's serializer (so serialize_precision is honoured as in Moodle).
 */
#include "upgrade_versions.h"
#include "upgrade_pool.h"
#include "version_scan.h"
#include "upgrade_cache.h"

#include "ext/standard/php_var.h"
#include "zend_strtod.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#ifndef O_NOATIME
# define O_NOATIME 0
#endif

enum { UPG_VF_PENDING = 0, UPG_VF_MISSING, UPG_VF_UNREADABLE, UPG_VF_READ, UPG_VF_TOO_LARGE, UPG_VF_NOMEM };

struct upg_vjob {
	zend_string *file;
	zend_string *component;
	bool core;
	bool prefilled;              /* read ahead by discovery's listing threads */
	int state;                   /* UPG_VF_* */
	int err;                     /* errno when unreadable */
	bool notreg;                 /* unreadable: not a regular file (nor a folder) */
	upg_vs_kind kind;
	bool negative;
	char *text;                  /* literal text or decoded string: inl or malloc'd */
	size_t text_len;
	char inl[40];
	const char *reason;          /* static string from the scanner */
	size_t line;
	upg_centry *fresh;           /* the reading to cache, stored after the run */
	bool hit;
};

#define UPG_VCHUNK 256
#define UPG_VMAX_CHUNKS 4096

struct upg_vscan {
	upg_vjob *chunks[UPG_VMAX_CHUNKS];
	uint32_t njobs;
	upg_todo todo;               /* the jobs not read ahead: the pool's work */
	upg_pool *pool;
	HashTable *cache;            /* read-only for workers; NULL when off */
	bool failed;
};

static upg_vjob *upg_vjob_at(upg_vscan *vs, uint32_t i)
{
	return &vs->chunks[i / UPG_VCHUNK][i % UPG_VCHUNK];
}

static bool upg_vjob_set_text(upg_vjob *job, const char *src, size_t slen)
{
	job->text = slen < sizeof(job->inl) ? job->inl : malloc(slen + 1);
	if (!job->text) {
		job->state = UPG_VF_NOMEM;
		return false;
	}
	memcpy(job->text, src, slen);
	job->text[slen] = '\0';
	job->text_len = slen;
	return true;
}

/* A repeat check: the static reading of an unchanged file comes from the cache. */
static bool upg_vjob_cached(upg_vjob *job, int dirfd, const char *rel, const char *path, size_t plen,
		HashTable *cache, upg_ident *id, int64_t *now, bool *have_id)
{
	struct stat st;
	*now = upg_now_ns();   /* before the file is read: the racy rule's reference */
	if (fstatat(dirfd, rel, &st, 0) != 0 || !S_ISREG(st.st_mode)) {
		return false;   /* read normally: that path reports the error */
	}
	upg_ident_of(&st, id);
	*have_id = true;
	const upg_centry *e = upg_cache_find(cache, path, plen, UPG_CE_VERSION, id);
	if (!e) {
		return false;
	}
	job->kind = e->vkind;
	job->negative = e->negative;
	job->reason = e->vkind == UPG_VS_FALLBACK ? "not provable statically (cached reading)" : NULL;
	if (e->data && !upg_vjob_set_text(job, e->data, e->data_len)) {
		return true;
	}
	job->hit = true;
	job->state = UPG_VF_READ;
	return true;
}

/* Reads and scans `path`, opened as `rel` under `dirfd` (AT_FDCWD: rel is
 * path): a folder already open spares the kernel the walk down to it. */
static void upg_vjob_read(upg_worker *w, upg_vjob *job, int dirfd, const char *rel,
		const char *path, size_t plen, HashTable *cache)
{
	upg_ident id;
	int64_t now = 0;
	bool have_id = false;
	if (cache && upg_vjob_cached(job, dirfd, rel, path, plen, cache, &id, &now, &have_id)) {
		return;
	}
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOATIME);
	if (fd < 0 && errno == EPERM && O_NOATIME) {
		fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd < 0) {
		job->err = errno;
		job->state = (errno == ENOENT || errno == ENOTDIR) ? UPG_VF_MISSING : UPG_VF_UNREADABLE;
		return;
	}
	/* include() refuses anything but a regular file (PHP checks it once the
	 * file is open): a folder, a FIFO or a device gives Moodle null. Knowing
	 * the file is regular also makes a short read its end: no read() of 0. */
	struct stat st;
	bool statted = fstat(fd, &st) == 0;
	if (!statted || !S_ISREG(st.st_mode)) {
		job->err = !statted ? errno : EISDIR;
		job->notreg = statted && !S_ISDIR(st.st_mode);
		job->state = UPG_VF_UNREADABLE;
		close(fd);
		return;
	}
	size_t len = 0;
	for (;;) {
		size_t room = UPG_READ_BUF - len;
		ssize_t n = read(fd, w->buf + len, room);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			job->err = errno;
			job->state = UPG_VF_UNREADABLE;
			close(fd);
			return;
		}
		len += (size_t) n;
		if (len == UPG_READ_BUF) {
			job->state = UPG_VF_TOO_LARGE;   /* executed instead */
			close(fd);
			return;
		}
		if (n == 0 || (size_t) n < room) {
			break;   /* 0, or short: the end of a regular file */
		}
	}
	close(fd);

	upg_vs_result r;
	job->kind = upg_version_scan(w->buf, len, job->core, w->scratch, &r);
	job->negative = r.negative != 0;
	job->reason = r.reason;
	job->line = r.line;
	const char *src = NULL;
	size_t slen = 0;
	if (job->kind == UPG_VS_INT || job->kind == UPG_VS_FLOAT) {
		src = r.lit;
		slen = r.lit_len;
	} else if (job->kind == UPG_VS_STRING) {
		src = r.str;
		slen = r.str_len;
	}
	if (src && !upg_vjob_set_text(job, src, slen)) {
		return;
	}
	job->state = UPG_VF_READ;
	if (have_id) {
		upg_centry *e = calloc(1, sizeof(*e));
		if (e) {
			e->id = id;
			e->cached_at_ns = now;
			e->kind = UPG_CE_VERSION;
			e->vkind = job->kind;
			e->negative = job->negative;
			if (src && (e->data = malloc(slen + 1))) {
				memcpy(e->data, src, slen);
				e->data[slen] = '\0';
				e->data_len = slen;
			} else if (src) {
				free(e);
				e = NULL;
			}
			job->fresh = e;
		}
	}
}

static void upg_vscan_task(upg_worker *w, void *ctx, uint32_t i)
{
	upg_vscan *vs = ctx;
	upg_vjob *job = upg_vjob_at(vs, upg_todo_at(&vs->todo, i));
	upg_vjob_read(w, job, AT_FDCWD, ZSTR_VAL(job->file), ZSTR_VAL(job->file), ZSTR_LEN(job->file), vs->cache);
}

upg_vjob *upg_vjob_preread(upg_worker *w, int typefd, const char *dir, size_t len, size_t namepos, HashTable *cache)
{
	char path[PATH_MAX];
	if (len + sizeof("/version.php") > sizeof(path) || namepos > len) {
		return NULL;
	}
	upg_vjob *job = calloc(1, sizeof(*job));
	if (!job) {
		return NULL;
	}
	memcpy(path, dir, len);
	memcpy(path + len, "/version.php", sizeof("/version.php"));
	upg_vjob_read(w, job, typefd, path + namepos, path, len + sizeof("/version.php") - 1, cache);
	if (job->state == UPG_VF_NOMEM) {
		upg_vjob_discard(job);
		return NULL;
	}
	return job;
}

void upg_vjob_discard(upg_vjob *job)
{
	if (job) {
		if (job->text && job->text != job->inl) {
			free(job->text);
		}
		upg_centry_free(job->fresh);
		free(job);
	}
}

/* Moves a reading done ahead of time into the job (the inline text moves too). */
static void upg_vjob_take(upg_vjob *job, upg_vjob *pre)
{
	job->state = pre->state;
	job->err = pre->err;
	job->notreg = pre->notreg;
	job->kind = pre->kind;
	job->negative = pre->negative;
	job->reason = pre->reason;
	job->line = pre->line;
	job->hit = pre->hit;
	job->fresh = pre->fresh;
	job->text_len = pre->text_len;
	if (pre->text == pre->inl) {
		memcpy(job->inl, pre->inl, sizeof(job->inl));
		job->text = job->inl;
	} else {
		job->text = pre->text;
	}
	job->prefilled = true;
	free(pre);
}

static void upg_vscan_push(upg_vscan *vs, zend_string *file, zend_string *component, bool core, upg_vjob *pre)
{
	uint32_t i = vs->njobs;
	if (vs->failed || i / UPG_VCHUNK >= UPG_VMAX_CHUNKS) {
		vs->failed = true;
		return;
	}
	upg_vjob **chunk = &vs->chunks[i / UPG_VCHUNK];
	if (!*chunk && !(*chunk = calloc(UPG_VCHUNK, sizeof(upg_vjob)))) {
		vs->failed = true;
		return;
	}
	upg_vjob *job = &(*chunk)[i % UPG_VCHUNK];
	job->file = file;
	job->component = component;
	job->core = core;
	if (pre) {
		upg_vjob_take(job, pre);
	}
	vs->njobs = i + 1;
	if (!job->prefilled) {   /* jobs read ahead need no worker */
		if (!upg_todo_push(&vs->todo, i)) {
			vs->failed = true;
			return;
		}
		upg_pool_publish(vs->pool, vs->todo.n);
	}
}

void upg_vscan_push_core(void *ctx, const upg_site *site)
{
	upg_vscan_push(ctx,
		zend_string_concat2(ZSTR_VAL(site->dirroot), ZSTR_LEN(site->dirroot), "/version.php", sizeof("/version.php") - 1),
		ZSTR_INIT_LITERAL("core", 0), true, NULL);
}

void upg_vscan_push_plugin(void *ctx, const upg_site *site, const upg_plugin *p)
{
	upg_vscan_push(ctx,
		zend_string_concat2(ZSTR_VAL(p->dir), ZSTR_LEN(p->dir), "/version.php", sizeof("/version.php") - 1),
		upg_component_name(p),
		false, upg_prefetch_claim(site, p));
}

void upg_vscan_free(upg_vscan *vs)
{
	if (vs->pool) {
		upg_pool_finish(vs->pool);
	}
	for (uint32_t i = 0; i < vs->njobs; i++) {
		upg_vjob *job = upg_vjob_at(vs, i);
		zend_string_release(job->file);
		zend_string_release(job->component);
		if (job->text && job->text != job->inl) {
			free(job->text);
		}
		upg_centry_free(job->fresh);
	}
	for (uint32_t c = 0; c < UPG_VMAX_CHUNKS && vs->chunks[c]; c++) {
		free(vs->chunks[c]);
	}
	upg_todo_free(&vs->todo);
	efree(vs);
}

/* Integer literal digits (separators removed) in `base`; false when it overflows zend_long. */
static bool upg_parse_long(const char *d, int base, zend_long *out)
{
	zend_ulong v = 0;
	for (; *d; d++) {
		int digit = (*d >= '0' && *d <= '9') ? *d - '0'
			: (*d >= 'a' && *d <= 'f') ? *d - 'a' + 10
			: (*d >= 'A' && *d <= 'F') ? *d - 'A' + 10 : 99;
		if (digit >= base) {
			return false;
		}
		if (v > (ZEND_ULONG_MAX - (zend_ulong) digit) / (zend_ulong) base) {
			return false;
		}
		v = v * (zend_ulong) base + (zend_ulong) digit;
	}
	if (v > (zend_ulong) ZEND_LONG_MAX) {
		return false;
	}
	*out = (zend_long) v;
	return true;
}

bool upg_literal_value(int kind, bool negative, const char *text, size_t len, zval *out)
{
	char buf[512];
	size_t n = 0;

	switch (kind) {
		case UPG_VS_UNSET:
		case UPG_VS_NULL:
			ZVAL_NULL(out);
			return true;
		case UPG_VS_TRUE:
			ZVAL_TRUE(out);
			return true;
		case UPG_VS_FALSE:
			ZVAL_FALSE(out);
			return true;
		case UPG_VS_STRING:
			ZVAL_STRINGL(out, text, len);
			return true;
		case UPG_VS_INT:
		case UPG_VS_FLOAT:
			break;
		default:
			return false;
	}
	/* "_" separators are only for the reader's eyes. */
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '_') {
			if (n == sizeof(buf) - 1) {
				return false;   /* absurdly long: let the engine run the file */
			}
			buf[n++] = text[i];
		}
	}
	buf[n] = '\0';

	if (kind == UPG_VS_FLOAT) {
		double d = zend_strtod(buf, NULL);
		ZVAL_DOUBLE(out, negative ? -d : d);
		return true;
	}

	/* Integers as the lexer reads them: overflow turns them into floats. */
	const char *digits = buf;
	int base = 10;
	if (n > 1 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
		base = 16, digits = buf + 2;
	} else if (n > 1 && buf[0] == '0' && (buf[1] == 'b' || buf[1] == 'B')) {
		base = 2, digits = buf + 2;
	} else if (n > 1 && buf[0] == '0' && (buf[1] == 'o' || buf[1] == 'O')) {
		base = 8, digits = buf + 2;
	} else if (n > 1 && buf[0] == '0') {
		base = 8, digits = buf + 1;
	}
	zend_long l;
	if (upg_parse_long(digits, base, &l)) {
		ZVAL_LONG(out, negative ? -l : l);
		return true;
	}
	double d;
	switch (base) {
		case 16: d = zend_hex_strtod(digits, NULL); break;
		case 8:  d = zend_oct_strtod(digits, NULL); break;
		case 2:  d = zend_bin_strtod(digits, NULL); break;
		default: d = zend_strtod(digits, NULL); break;
	}
	ZVAL_DOUBLE(out, negative ? -d : d);
	return true;
}

static void upg_add_source(zval *sources, upg_vjob *job, const char *how, const char *reason)
{
	zval row;
	array_init_size(&row, 4);
	add_assoc_str(&row, "file", zend_string_copy(job->file));
	add_assoc_string(&row, "source", how);
	if (reason) {
		add_assoc_string(&row, "reason", reason);
	} else {
		add_assoc_null(&row, "reason");
	}
	if (job->line && job->state == UPG_VF_READ) {
		add_assoc_long(&row, "line", (zend_long) job->line);
	} else {
		add_assoc_null(&row, "line");
	}
	zend_hash_update(Z_ARRVAL_P(sources), job->component, &row);
}

/* The value of one job; FAILURE (exception thrown) where Moodle would fail. */
static zend_result upg_vjob_value(upg_vjob *job, zval *value, zval *sources)
{
	switch (job->state) {
		case UPG_VF_MISSING:
		case UPG_VF_UNREADABLE:
			if (job->core) {
				/* Moodle require()s core's file: a fatal error. */
				upg_throw("Cannot read %s: %s", ZSTR_VAL(job->file), job->notreg ? "not a regular file" : strerror(job->err));
				return FAILURE;
			}
			/* include() only warns; the version stays null. */
			ZVAL_NULL(value);
			if (sources) {
				char reason[256];
				snprintf(reason, sizeof(reason), "%s: include() would fail, the version is null",
					job->notreg ? "not a regular file" : strerror(job->err));
				upg_add_source(sources, job, job->state == UPG_VF_MISSING ? "missing" : "unreadable", reason);
			}
			return SUCCESS;
		case UPG_VF_TOO_LARGE:
			if (sources) {
				upg_add_source(sources, job, "executed", "larger than the static reader's buffer");
			}
			return upg_version_exec(job->file, job->core, value);
		case UPG_VF_READ:
			if (job->kind != UPG_VS_FALLBACK
					&& upg_literal_value(job->kind, job->negative, job->text, job->text_len, value)) {
				if (sources) {
					upg_add_source(sources, job, "static", NULL);
				}
				return SUCCESS;
			}
			if (sources) {
				upg_add_source(sources, job, "executed", job->reason ? job->reason : "not provable statically");
			}
			return upg_version_exec(job->file, job->core, value);
		default:
			upg_throw("Out of memory while reading %s", ZSTR_VAL(job->file));
			return FAILURE;
	}
}

upg_vscan *upg_vscan_start(void)
{
	upg_vscan *vs = ecalloc(1, sizeof(*vs));
	vs->cache = upg_cache_table();
	/* Small files: threads pay off only on real sites. */
	vs->pool = upg_pool_start(upg_vscan_task, vs, 32);
	return vs;
}

bool upg_vscan_wait(upg_vscan *vs)
{
	bool ok = upg_pool_finish(vs->pool);
	vs->pool = NULL;
	uint32_t hits = 0;
	for (uint32_t i = 0; i < vs->njobs; i++) {
		upg_vjob *job = upg_vjob_at(vs, i);
		hits += job->hit;
		if (job->fresh) {
			upg_cache_store(ZSTR_VAL(job->file), ZSTR_LEN(job->file), job->fresh);
			job->fresh = NULL;
		}
	}
	if (vs->cache) {
		upg_cache_count(hits, vs->njobs - hits);
	}
	if (!ok || vs->failed) {
		vs->failed = true;
		upg_throw("Out of memory while reading version files");
		return false;
	}
	return true;
}

zend_result upg_vscan_values(upg_vscan *vs, zval *versions, zval *sources)
{
	zend_result rc = SUCCESS;
	array_init_size(versions, vs->njobs);
	if (sources) {
		array_init_size(sources, vs->njobs);
	}
	for (uint32_t i = 0; i < vs->njobs; i++) {
		upg_vjob *job = upg_vjob_at(vs, i);
		zval value;
		if (upg_vjob_value(job, &value, sources) == FAILURE) {
			rc = FAILURE;
			break;
		}
		/* $versions[$type . '_' . $plug] = ...: a repeated name keeps its place. */
		zend_symtable_update(Z_ARRVAL_P(versions), job->component, &value);
	}
	if (rc == FAILURE) {
		zval_ptr_dtor(versions);
		ZVAL_UNDEF(versions);
		if (sources) {
			zval_ptr_dtor(sources);
			ZVAL_UNDEF(sources);
		}
	}
	return rc;
}

zend_result upg_versions(zend_string *root, const upg_options *opts, zval *versions, zval *sources)
{
	upg_site site;
	upg_vscan *vs = upg_vscan_start();
	upg_discover_hook hook = { upg_vscan_push_core, upg_vscan_push_plugin, vs, true, false };

	zend_result rc = upg_discover(&site, root, opts, &hook);
	bool ok = upg_vscan_wait(vs);
	if (rc == SUCCESS) {
		upg_site_free(&site);
	}
	ZVAL_UNDEF(versions);
	if (sources) {
		ZVAL_UNDEF(sources);
	}
	if (rc == SUCCESS && ok) {
		rc = upg_vscan_values(vs, versions, sources);
	} else {
		rc = FAILURE;
	}
	upg_vscan_free(vs);
	return rc;
}

void upg_versions_hash_of(zval *versions, char out[UPG_SHA1_HEX + 1])
{
	smart_str buf = {0};
	php_serialize_data_t var_hash;
	PHP_VAR_SERIALIZE_INIT(var_hash);
	php_var_serialize(&buf, versions, &var_hash);
	PHP_VAR_SERIALIZE_DESTROY(var_hash);
	smart_str_0(&buf);
	upg_sha1 *sha = upg_sha1_new();
	upg_sha1_hex(sha, ZSTR_VAL(buf.s), ZSTR_LEN(buf.s), out);
	upg_sha1_free(sha);
	smart_str_free(&buf);
}

/* Parses (root, options) for the version functions. */
static zend_result upg_versions_call(zend_string *root, HashTable *options, uint32_t optarg,
		zval *versions, zval *sources)
{
	upg_options opts;
	if (upg_site_args(root, 1, options, optarg, &opts) == FAILURE) {
		return FAILURE;
	}
	zend_result rc = upg_versions(root, &opts, versions, sources);
	upg_options_free(&opts);
	return rc;
}

PHP_FUNCTION(upgrade_versions)
{
	zend_string *root;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_versions_call(root, options, 2, return_value, NULL) == FAILURE) {
		RETURN_THROWS();
	}
}

PHP_FUNCTION(upgrade_version_sources)
{
	zend_string *root;
	HashTable *options = NULL;
	zval versions;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_versions_call(root, options, 2, &versions, return_value) == FAILURE) {
		RETURN_THROWS();
	}
	/* Each row also carries the value it produced. */
	zend_string *component;
	zval *row;
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(return_value), component, row) {
		zval *v = zend_symtable_find(Z_ARRVAL(versions), component);
		if (v) {
			Z_TRY_ADDREF_P(v);
			add_assoc_zval(row, "value", v);
		}
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&versions);
}

zend_result upg_versions_hash_cached(zend_string *root, const upg_options *opts, char hex[UPG_SHA1_HEX + 1])
{
	if (upg_answer_get("versions", root, opts, hex)) {
		return SUCCESS;
	}
	zval versions;
	zend_result rc = upg_versions(root, opts, &versions, NULL);
	if (rc == SUCCESS) {
		upg_versions_hash_of(&versions, hex);
		zval_ptr_dtor(&versions);
		upg_answer_put("versions", root, opts, hex);
	}
	return rc;
}

/* allversionshash for (root, options), remembered per upgrade.cache_revalidate_ms. */
static zend_result upg_versions_hash_call(zend_string *root, HashTable *options, uint32_t optarg, char hex[UPG_SHA1_HEX + 1])
{
	upg_options opts;
	if (upg_site_args(root, 1, options, optarg, &opts) == FAILURE) {
		return FAILURE;
	}
	zend_result rc = upg_versions_hash_cached(root, &opts, hex);
	upg_options_free(&opts);
	return rc;
}

PHP_FUNCTION(upgrade_versions_hash)
{
	zend_string *root;
	HashTable *options = NULL;
	char hex[UPG_SHA1_HEX + 1];

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_versions_hash_call(root, options, 2, hex) == FAILURE) {
		RETURN_THROWS();
	}
	RETURN_STRINGL(hex, UPG_SHA1_HEX);
}

PHP_FUNCTION(upgrade_is_pending)
{
	zend_string *root, *stored;
	zval *core = NULL;
	HashTable *options = NULL;
	char hex[UPG_SHA1_HEX + 1];

	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_STR_OR_NULL(stored)
		Z_PARAM_ZVAL(core)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (Z_TYPE_P(core) != IS_NULL && Z_TYPE_P(core) != IS_STRING
			&& Z_TYPE_P(core) != IS_LONG && Z_TYPE_P(core) != IS_DOUBLE) {
		zend_argument_type_error(3, "must be of type string|float|int|null, %s given", zend_zval_type_name(core));
		RETURN_THROWS();
	}
	if (upg_versions_hash_call(root, options, 4, hex) == FAILURE) {
		RETURN_THROWS();
	}
	/* moodle_needs_upgrading(): empty($CFG->version) || empty($CFG->allversionshash)
	 * || the hash differs. The site is read first so a broken one is reported. */
	if (!zend_is_true(core) || upg_str_is_empty(stored)) {
		RETURN_TRUE;
	}
	RETURN_BOOL(!(ZSTR_LEN(stored) == UPG_SHA1_HEX && memcmp(ZSTR_VAL(stored), hex, UPG_SHA1_HEX) == 0));
}

/*
 * The per-process cache saved to and loaded from a file, so that a short
 * process (the command-line tool) starts with what the previous one read.
 * Loaded entries are trusted exactly like in-process ones: each is checked
 * against its file's identity and the racy rule before use (upgrade_cache.h),
 * so a stale file costs speed, never correctness.
 *
 * Format (native byte order: the file belongs to one machine): magic,
 * u32 version, u32 count, the entries, then the SHA-1 of all that precedes.
 * Entry: u32 path length, path, u8 kind, u8 readable, i32 vkind,
 * u8 negative, the identity (5 x 64 bits), i64 cached_at, sha[20],
 * u32 data length, data, u32 count.
 */
#include "upgrade_internal.h"
#include "upgrade_cache.h"

#include "zend_smart_str.h"
#include "fopen_wrappers.h"
#include "php_globals.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define UPG_CF_MAGIC "UPGRADE-CACHE\n"
#define UPG_CF_VERSION 1
/* Larger than any real site's cache (~100 bytes per file). */
#define UPG_CF_MAX_SIZE (256 * 1024 * 1024)

static void upg_cf_put(smart_str *out, const void *p, size_t len)
{
	smart_str_appendl(out, (const char *) p, len);
}

static void upg_cf_entry(smart_str *out, const zend_string *path, const upg_centry *e)
{
	uint32_t plen = (uint32_t) ZSTR_LEN(path), dlen = (uint32_t) e->data_len;
	uint8_t kind = e->kind, readable = e->readable, negative = e->negative;
	int32_t vkind = e->vkind;
	upg_cf_put(out, &plen, 4);
	upg_cf_put(out, ZSTR_VAL(path), plen);
	upg_cf_put(out, &kind, 1);
	upg_cf_put(out, &readable, 1);
	upg_cf_put(out, &vkind, 4);
	upg_cf_put(out, &negative, 1);
	upg_cf_put(out, &e->id.dev, 8);
	upg_cf_put(out, &e->id.ino, 8);
	upg_cf_put(out, &e->id.size, 8);
	upg_cf_put(out, &e->id.mtime_ns, 8);
	upg_cf_put(out, &e->id.ctime_ns, 8);
	upg_cf_put(out, &e->cached_at_ns, 8);
	upg_cf_put(out, e->sha, sizeof(e->sha));
	upg_cf_put(out, &dlen, 4);
	if (dlen) {
		upg_cf_put(out, e->data, dlen);
	}
	upg_cf_put(out, &e->count, 4);
}

static bool upg_cf_write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return false;
		}
		p += n;
		len -= (size_t) n;
	}
	return true;
}

/* The one argument of both functions: a non-empty path without NUL bytes. */
static zend_string *upg_cache_file_arg(zend_execute_data *execute_data)
{
	zend_string *file;
	if (zend_parse_parameters(ZEND_NUM_ARGS(), "P", &file) == FAILURE) {
		return NULL;
	}
	if (ZSTR_LEN(file) == 0) {
		zend_argument_value_error(1, "cannot be empty");
		return NULL;
	}
	/* As PHP's own file functions: nothing outside open_basedir. */
	if (PG(open_basedir) && *PG(open_basedir) && php_check_open_basedir_ex(ZSTR_VAL(file), 0) != 0) {
		upg_throw("Cache file %s is outside open_basedir (%s)", ZSTR_VAL(file), PG(open_basedir));
		return NULL;
	}
	return file;
}

PHP_FUNCTION(upgrade_cache_save)
{
	zend_string *file = upg_cache_file_arg(execute_data);
	if (!file) {
		RETURN_THROWS();
	}
	HashTable *ht = upg_cache_table();
	uint32_t count = ht ? zend_hash_num_elements(ht) : 0;
	smart_str out = {0};
	uint32_t version = UPG_CF_VERSION;
	upg_cf_put(&out, UPG_CF_MAGIC, sizeof(UPG_CF_MAGIC) - 1);
	upg_cf_put(&out, &version, 4);
	upg_cf_put(&out, &count, 4);
	if (ht) {
		zend_string *key;
		void *ptr;
		ZEND_HASH_FOREACH_STR_KEY_PTR(ht, key, ptr) {
			upg_cf_entry(&out, key, ptr);
		} ZEND_HASH_FOREACH_END();
	}
	unsigned char sum[UPG_SHA1_LEN];
	upg_sha1 *sha = upg_sha1_new();
	upg_sha1_init(sha);
	upg_sha1_update(sha, ZSTR_VAL(out.s), ZSTR_LEN(out.s));
	upg_sha1_final(sha, sum);
	upg_sha1_free(sha);
	upg_cf_put(&out, sum, sizeof(sum));

	/* Written beside the target, then renamed over it: a reader sees the old
	 * file or the new one, never half of one. */
	zend_string *tmp = zend_strpprintf(0, "%s.%ld.tmp", ZSTR_VAL(file), (long) getpid());
	int fd = open(ZSTR_VAL(tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	const char *why = NULL;
	int err = 0;
	if (fd < 0) {
		why = "cannot create";
		err = errno;
	} else {
		if (!upg_cf_write_all(fd, ZSTR_VAL(out.s), ZSTR_LEN(out.s))) {
			why = "cannot write";
			err = errno ? errno : EIO;
		}
		if (close(fd) != 0 && !why) {
			why = "cannot write";
			err = errno;
		}
		if (!why && rename(ZSTR_VAL(tmp), ZSTR_VAL(file)) != 0) {
			why = "cannot rename into place";
			err = errno;
		}
		if (why) {
			unlink(ZSTR_VAL(tmp));
		}
	}
	smart_str_free(&out);
	if (why) {
		upg_throw("Cache file %s: %s %s: %s", ZSTR_VAL(file), why, ZSTR_VAL(tmp), strerror(err));
		zend_string_release(tmp);
		RETURN_THROWS();
	}
	zend_string_release(tmp);
	RETURN_LONG(count);
}

/* A bounds-checked reader over the loaded bytes. */
typedef struct {
	const char *p, *end;
} upg_cf_in;

static bool upg_cf_get(upg_cf_in *in, void *out, size_t len)
{
	if ((size_t) (in->end - in->p) < len) {
		return false;
	}
	memcpy(out, in->p, len);
	in->p += len;
	return true;
}

/* A listing is `count` names, each a d_type byte then a NUL-terminated name. */
static bool upg_cf_listing_ok(const char *d, size_t len, uint32_t count)
{
	size_t at = 0;
	for (uint32_t i = 0; i < count; i++) {
		if (at + 2 > len) {
			return false;
		}
		const char *nul = memchr(d + at + 1, '\0', len - at - 1);
		if (!nul) {
			return false;
		}
		at = (size_t) (nul - d) + 1;
	}
	return at == len;
}

/* Parses the entries into the cache; NULL, or why the file is refused. */
static const char *upg_cf_parse(const char *data, size_t len, uint32_t *loaded)
{
	size_t mlen = sizeof(UPG_CF_MAGIC) - 1;
	if (len < mlen + 8 + UPG_SHA1_LEN || memcmp(data, UPG_CF_MAGIC, mlen) != 0) {
		return "not a cache file";
	}
	unsigned char sum[UPG_SHA1_LEN];
	upg_sha1 *sha = upg_sha1_new();
	upg_sha1_init(sha);
	upg_sha1_update(sha, data, len - UPG_SHA1_LEN);
	upg_sha1_final(sha, sum);
	upg_sha1_free(sha);
	if (memcmp(sum, data + len - UPG_SHA1_LEN, UPG_SHA1_LEN) != 0) {
		return "checksum mismatch (corrupt or truncated)";
	}
	upg_cf_in in = { data + mlen, data + len - UPG_SHA1_LEN };
	uint32_t version, count;
	upg_cf_get(&in, &version, 4);
	upg_cf_get(&in, &count, 4);
	if (version != UPG_CF_VERSION) {
		return "unknown format version (or another machine's byte order)";
	}
	for (uint32_t i = 0; i < count; i++) {
		uint32_t plen, dlen;
		uint8_t kind, readable, negative;
		int32_t vkind;
		upg_centry e;
		memset(&e, 0, sizeof(e));
		if (!upg_cf_get(&in, &plen, 4) || (size_t) (in.end - in.p) < plen) {
			return "truncated entry";
		}
		const char *path = in.p;
		in.p += plen;
		if (!upg_cf_get(&in, &kind, 1) || !upg_cf_get(&in, &readable, 1) || !upg_cf_get(&in, &vkind, 4)
				|| !upg_cf_get(&in, &negative, 1) || !upg_cf_get(&in, &e.id.dev, 8)
				|| !upg_cf_get(&in, &e.id.ino, 8) || !upg_cf_get(&in, &e.id.size, 8)
				|| !upg_cf_get(&in, &e.id.mtime_ns, 8) || !upg_cf_get(&in, &e.id.ctime_ns, 8)
				|| !upg_cf_get(&in, &e.cached_at_ns, 8) || !upg_cf_get(&in, e.sha, sizeof(e.sha))
				|| !upg_cf_get(&in, &dlen, 4) || (size_t) (in.end - in.p) < dlen) {
			return "truncated entry";
		}
		const char *d = in.p;
		in.p += dlen;
		if (!upg_cf_get(&in, &e.count, 4)) {
			return "truncated entry";
		}
		if (kind < UPG_CE_FILE || kind > UPG_CE_DIR || plen == 0
				|| (kind == UPG_CE_DIR && !upg_cf_listing_ok(d, dlen, e.count))) {
			return "invalid entry";
		}
		upg_centry *c = malloc(sizeof(*c));
		if (!c) {
			return "out of memory";
		}
		*c = e;
		c->kind = kind;
		c->readable = readable != 0;
		c->vkind = vkind;
		c->negative = negative != 0;
		c->data = NULL;
		c->data_len = dlen;
		if (dlen || kind == UPG_CE_DIR) {
			/* Readers expect NUL-terminated version text; listings may be empty. */
			if (!(c->data = malloc(dlen + 1))) {
				free(c);
				return "out of memory";
			}
			memcpy(c->data, d, dlen);
			c->data[dlen] = '\0';
		}
		upg_cache_store(path, plen, c);
		(*loaded)++;
	}
	return in.p == in.end ? NULL : "trailing bytes";
}

PHP_FUNCTION(upgrade_cache_load)
{
	zend_string *file = upg_cache_file_arg(execute_data);
	if (!file) {
		RETURN_THROWS();
	}
	if (!upg_cache_table()) {
		RETURN_LONG(0);   /* upgrade.cache=0: nothing to load into */
	}
	int fd = open(ZSTR_VAL(file), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			RETURN_LONG(0);   /* no earlier process saved one */
		}
		upg_throw("Cache file %s: %s", ZSTR_VAL(file), errno == ELOOP ? "is a symbolic link" : strerror(errno));
		RETURN_THROWS();
	}
	struct stat st;
	const char *why = NULL;
	if (fstat(fd, &st) != 0) {
		why = strerror(errno);
	} else if (!S_ISREG(st.st_mode)) {
		why = "not a regular file";
	} else if (st.st_uid != geteuid()) {
		why = "not owned by the user running PHP";   /* its hashes would be someone else's word */
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		why = "writable by other users";
	} else if (st.st_size > UPG_CF_MAX_SIZE) {
		why = "too large";
	}
	char *data = NULL;
	size_t len = 0;
	if (!why) {
		data = emalloc((size_t) st.st_size + 1);
		while (len < (size_t) st.st_size) {
			ssize_t n = read(fd, data + len, (size_t) st.st_size - len);
			if (n < 0 && errno == EINTR) {
				continue;
			}
			if (n <= 0) {
				why = n < 0 ? strerror(errno) : "changed while being read";
				break;
			}
			len += (size_t) n;
		}
	}
	close(fd);
	uint32_t loaded = 0;
	if (!why) {
		why = upg_cf_parse(data, len, &loaded);
	}
	if (data) {
		efree(data);
	}
	if (why) {
		upg_throw("Cache file %s: %s", ZSTR_VAL(file), why);
		RETURN_THROWS();
	}
	RETURN_LONG(loaded);
}

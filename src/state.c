/*
 * The shared upgrade state file: format, validation and atomic writes.
 *
 * Format (version 2): small text, one key=value per line, then a SHA-1 of
 * every byte before the checksum line, so a torn, truncated or edited file
 * is recognised and never half-believed:
 *
 *   upgrade-state 2
 *   locked=1
 *   upgrade=maintenance
 *   since=1732390000
 *   expires=0
 *   expected_end=1732393600
 *   pid=4242
 *   host=cron1
 *   user=www-data
 *   reason=Moodle 4.5.1
 *   versions_hash=<40 lowercase hex, or empty>
 *   sha1=<40 hex>
 *
 * Version 1 is the same without the versions_hash line; it is still read
 * (versions_hash empty), and every write is version 2.
 *
 * Values escape "\" as "\\" and control bytes as \n, \r or \xHH, so every
 * value stays on its line. Writers never touch the file in place: they write
 * a uniquely named temporary file in the same folder, fsync it, rename it
 * over the target and fsync the folder, so a reader (or a crash) sees the
 * old state or the new one, never a mix.
 */
#include "upgrade_internal.h"
#include "upgrade_state.h"

#include "ext/random/php_random.h"

#include <ctype.h>
#include <dirent.h>
#include <inttypes.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Temporary files left by writers that died are removed after this long
 * even when they come from another host (their pid cannot be checked). */
#define UPG_STATE_STALE_TMP_SECONDS 3600

static const char *const upg_upgrade_names[] = {"none", "outageless", "maintenance"};

const char *upg_state_upgrade_name(uint8_t upgrade)
{
	return upgrade <= UPG_UPGRADE_MAINTENANCE ? upg_upgrade_names[upgrade] : "none";
}

bool upg_state_expired(const upg_state_data *st, zend_long now)
{
	return st->locked && st->expires > 0 && now >= st->expires;
}

/* --- encoding ------------------------------------------------------------ */

static void upg_escape(smart_str *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c == '\\') {
			smart_str_appendl(out, "\\\\", 2);
		} else if (c == '\n') {
			smart_str_appendl(out, "\\n", 2);
		} else if (c == '\r') {
			smart_str_appendl(out, "\\r", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			smart_str_appendl(out, esc, 4);
		} else {
			smart_str_appendc(out, (char) c);
		}
	}
}

static int upg_hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	return -1;
}

/* Decodes an escaped value into out (at most max bytes); false when malformed. */
static bool upg_unescape(const char *s, size_t len, char *out, size_t max, uint16_t *out_len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\') {
			if (++i == len) {
				return false;
			}
			switch (s[i]) {
				case '\\': c = '\\'; break;
				case 'n': c = '\n'; break;
				case 'r': c = '\r'; break;
				case 'x': {
					if (len - i < 3) {
						return false;
					}
					int hi = upg_hexval(s[i + 1]), lo = upg_hexval(s[i + 2]);
					if (hi < 0 || lo < 0) {
						return false;
					}
					c = (char) (hi << 4 | lo);
					i += 2;
					break;
				}
				default:
					return false;
			}
		} else if ((unsigned char) c < 0x20 || c == 0x7f) {
			return false;
		}
		if (n == max) {
			return false;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	*out_len = (uint16_t) n;
	return true;
}

/* A non-negative decimal without sign or leading zeros, at most 18 digits. */
static bool upg_parse_uint(const char *s, size_t len, zend_long *out)
{
	if (len == 0 || len > 18 || (len > 1 && s[0] == '0')) {
		return false;
	}
	zend_long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

zend_string *upg_state_serialize(const upg_state_data *st)
{
	smart_str out = {0};
	smart_str_appends(&out, UPG_STATE_MAGIC " ");
	smart_str_append_long(&out, UPG_STATE_FORMAT);
	smart_str_appends(&out, "\nlocked=");
	smart_str_appendc(&out, st->locked ? '1' : '0');
	smart_str_appends(&out, "\nupgrade=");
	smart_str_appends(&out, upg_state_upgrade_name(st->upgrade));
	smart_str_appends(&out, "\nsince=");
	smart_str_append_long(&out, st->since);
	smart_str_appends(&out, "\nexpires=");
	smart_str_append_long(&out, st->expires);
	smart_str_appends(&out, "\nexpected_end=");
	smart_str_append_long(&out, st->expected_end);
	smart_str_appends(&out, "\npid=");
	smart_str_append_long(&out, st->pid);
	smart_str_appends(&out, "\nhost=");
	upg_escape(&out, st->host, st->host_len);
	smart_str_appends(&out, "\nuser=");
	upg_escape(&out, st->user, st->user_len);
	smart_str_appends(&out, "\nreason=");
	upg_escape(&out, st->reason, st->reason_len);
	smart_str_appends(&out, "\nversions_hash=");
	smart_str_appends(&out, st->versions_hash);
	smart_str_appendc(&out, '\n');

	char hex[UPG_SHA1_HEX + 1];
	upg_sha1 *sha = upg_sha1_new();
	if (!sha) {
		smart_str_free(&out);
		return NULL;
	}
	upg_sha1_hex(sha, ZSTR_VAL(out.s), ZSTR_LEN(out.s), hex);
	upg_sha1_free(sha);
	smart_str_appends(&out, "sha1=");
	smart_str_appendl(&out, hex, UPG_SHA1_HEX);
	smart_str_appendc(&out, '\n');
	smart_str_0(&out);
	return out.s;
}

/* --- parsing ------------------------------------------------------------- */

#define UPG_PROBLEM(...) do { snprintf(problem, problem_size, __VA_ARGS__); return false; } while (0)

enum { K_LOCKED, K_UPGRADE, K_SINCE, K_EXPIRES, K_EXPECTED_END, K_PID, K_HOST, K_USER, K_REASON, K_VERSIONS_HASH, K_COUNT };
static const char *const upg_state_keys[K_COUNT] = {
	"locked", "upgrade", "since", "expires", "expected_end", "pid", "host", "user", "reason", "versions_hash"
};

bool upg_is_sha1_hex(const char *s, size_t len)
{
	if (len != UPG_SHA1_HEX) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return true;
}

bool upg_state_parse(const char *buf, size_t len, upg_state_data *out, char *problem, size_t problem_size)
{
	memset(out, 0, sizeof(*out));
	if (len == 0) {
		UPG_PROBLEM("is empty (torn write?)");
	}

	/* First line: magic and format version. An unknown version is reported as
	 * such, before the checksum: a newer writer may checksum differently. */
	const char *end = buf + len;
	const char *nl = memchr(buf, '\n', len);
	const char *line_end = nl ? nl : end;
	size_t magic_len = sizeof(UPG_STATE_MAGIC " ") - 1;
	if ((size_t) (line_end - buf) < magic_len || memcmp(buf, UPG_STATE_MAGIC " ", magic_len) != 0) {
		UPG_PROBLEM("is not an upgrade state file (bad first line)");
	}
	zend_long version;
	const char *vs = buf + magic_len;
	if (!upg_parse_uint(vs, line_end - vs, &version)) {
		UPG_PROBLEM("has an unreadable format version");
	}
	if (version < UPG_STATE_FORMAT_MIN || version > UPG_STATE_FORMAT) {
		UPG_PROBLEM("has unknown format version " ZEND_LONG_FMT " (this extension reads %d to %d)",
			version, UPG_STATE_FORMAT_MIN, UPG_STATE_FORMAT);
	}
	out->format = (uint8_t) version;
	/* Format 1 has no versions_hash line: the key is unknown there. */
	int nkeys = version >= 2 ? K_COUNT : K_VERSIONS_HASH;

	/* Last line: the checksum of everything before it. */
	if (buf[len - 1] != '\n') {
		UPG_PROBLEM("is truncated (no final newline; torn write?)");
	}
	const char *last = end - 1;
	while (last > buf && last[-1] != '\n') {
		last--;
	}
	if (end - last != 5 + UPG_SHA1_HEX + 1 || memcmp(last, "sha1=", 5) != 0) {
		UPG_PROBLEM("is truncated (no checksum line; torn write?)");
	}
	char hex[UPG_SHA1_HEX + 1];
	upg_sha1 *sha = upg_sha1_new();
	if (!sha) {
		UPG_PROBLEM("cannot be checked (out of memory)");
	}
	upg_sha1_hex(sha, buf, last - buf, hex);
	upg_sha1_free(sha);
	if (memcmp(hex, last + 5, UPG_SHA1_HEX) != 0) {
		UPG_PROBLEM("has a bad checksum (torn or corrupt file)");
	}

	/* The body: each known key exactly once. */
	bool seen[K_COUNT] = {0};
	const char *p = nl + 1;
	unsigned lineno = 2;
	while (p < last) {
		nl = memchr(p, '\n', last - p);
		const char *eq = memchr(p, '=', nl - p);
		if (!eq) {
			UPG_PROBLEM("has a malformed line %u", lineno);
		}
		size_t klen = eq - p;
		const char *v = eq + 1;
		size_t vlen = nl - v;
		int k;
		for (k = 0; k < nkeys; k++) {
			if (strlen(upg_state_keys[k]) == klen && memcmp(upg_state_keys[k], p, klen) == 0) {
				break;
			}
		}
		if (k == nkeys) {
			UPG_PROBLEM("has an unknown key on line %u", lineno);
		}
		if (seen[k]) {
			UPG_PROBLEM("has key \"%s\" twice", upg_state_keys[k]);
		}
		seen[k] = true;
		bool ok = true;
		switch (k) {
			case K_LOCKED:
				ok = vlen == 1 && (v[0] == '0' || v[0] == '1');
				out->locked = ok && v[0] == '1';
				break;
			case K_UPGRADE:
				ok = false;
				for (uint8_t u = 0; u <= UPG_UPGRADE_MAINTENANCE; u++) {
					if (strlen(upg_upgrade_names[u]) == vlen && memcmp(upg_upgrade_names[u], v, vlen) == 0) {
						out->upgrade = u;
						ok = true;
					}
				}
				break;
			case K_SINCE: ok = upg_parse_uint(v, vlen, &out->since); break;
			case K_EXPIRES: ok = upg_parse_uint(v, vlen, &out->expires); break;
			case K_EXPECTED_END: ok = upg_parse_uint(v, vlen, &out->expected_end); break;
			case K_PID: ok = upg_parse_uint(v, vlen, &out->pid); break;
			case K_HOST: ok = upg_unescape(v, vlen, out->host, UPG_STATE_NAME_MAX, &out->host_len); break;
			case K_USER: ok = upg_unescape(v, vlen, out->user, UPG_STATE_NAME_MAX, &out->user_len); break;
			case K_REASON: ok = upg_unescape(v, vlen, out->reason, UPG_STATE_REASON_MAX, &out->reason_len); break;
			case K_VERSIONS_HASH:
				ok = vlen == 0 || upg_is_sha1_hex(v, vlen);
				if (ok) {
					memcpy(out->versions_hash, v, vlen);
					out->versions_hash[vlen] = '\0';
				}
				break;
		}
		if (!ok) {
			UPG_PROBLEM("has an invalid value for \"%s\"", upg_state_keys[k]);
		}
		p = nl + 1;
		lineno++;
	}
	for (int k = 0; k < nkeys; k++) {
		if (!seen[k]) {
			UPG_PROBLEM("has no \"%s\" line", upg_state_keys[k]);
		}
	}
	if (!out->locked && out->upgrade != UPG_UPGRADE_NONE) {
		UPG_PROBLEM("is inconsistent (an upgrade without the lock)");
	}
	return true;
}

#undef UPG_PROBLEM

/* --- reading ------------------------------------------------------------- */

static void upg_file_id_from_stat(upg_file_id *id, const struct stat *st)
{
	memset(id, 0, sizeof(*id));
	id->dev = (uint64_t) st->st_dev;
	id->ino = (uint64_t) st->st_ino;
	id->size = (int64_t) st->st_size;
	id->mtime_sec = (int64_t) st->st_mtim.tv_sec;
	id->mtime_nsec = (int64_t) st->st_mtim.tv_nsec;
	id->ctime_sec = (int64_t) st->st_ctim.tv_sec;
	id->ctime_nsec = (int64_t) st->st_ctim.tv_nsec;
	id->mode = (uint32_t) st->st_mode;
}

/* The checks that need only the inode: kind and permissions. */
static int upg_check_stat(const struct stat *st, char *problem, size_t problem_size)
{
	if (S_ISLNK(st->st_mode)) {
		snprintf(problem, problem_size, "is a symbolic link (refused: it could point anywhere)");
		return UPG_FILE_BAD;
	}
	if (S_ISDIR(st->st_mode)) {
		snprintf(problem, problem_size, "cannot be read: it is a directory");
		return UPG_FILE_BAD;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(problem, problem_size, "cannot be read: it is not a regular file");
		return UPG_FILE_BAD;
	}
	if (st->st_mode & S_IWOTH) {
		snprintf(problem, problem_size, "is writable by others (mode %04o): anyone could change the lock",
			(unsigned) (st->st_mode & 07777));
		return UPG_FILE_BAD;
	}
	return UPG_FILE_OK;
}

int upg_state_open(const char *path, upg_file_id *id, int *status, char *problem, size_t problem_size)
{
	memset(id, 0, sizeof(*id));
	/* open() by name, not stat(): on NFS an open is a close-to-open event,
	 * which asks the server whatever the attribute cache holds, while
	 * stat() may answer from that cache for up to acregmax (60 s).
	 * O_NOFOLLOW: a symbolic link is refused (ELOOP) without following it;
	 * O_NONBLOCK: a FIFO put there cannot hang the reader. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			*status = UPG_FILE_MISSING;
		} else if (errno == ELOOP) {
			snprintf(problem, problem_size, "is a symbolic link (refused: it could point anywhere)");
			*status = UPG_FILE_BAD;
		} else {
			snprintf(problem, problem_size, "cannot be read: %s", strerror(errno));
			*status = UPG_FILE_BAD;
		}
		return -1;
	}
	/* The identity of what was opened, never of the name looked up again. */
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(problem, problem_size, "cannot be read: %s", strerror(errno));
		*status = UPG_FILE_BAD;
		close(fd);
		return -1;
	}
	upg_file_id_from_stat(id, &st);
	*status = upg_check_stat(&st, problem, problem_size);
	if (*status != UPG_FILE_OK) {
		close(fd);
		return -1;
	}
	return fd;
}

void upg_state_read_fd(int fd, upg_state_read_result *res)
{
	char buf[UPG_STATE_MAX_SIZE + 1];
	size_t len = 0;
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			snprintf(res->problem, sizeof(res->problem), "cannot be read: %s", strerror(errno));
			res->status = UPG_FILE_BAD;
			close(fd);
			return;
		}
		if (n == 0) {
			break;
		}
		len += (size_t) n;
	}
	close(fd);
	if (len > UPG_STATE_MAX_SIZE) {
		snprintf(res->problem, sizeof(res->problem), "is too large (over %d bytes)", UPG_STATE_MAX_SIZE);
		res->status = UPG_FILE_BAD;
		return;
	}
	if (!upg_state_parse(buf, len, &res->data, res->problem, sizeof(res->problem))) {
		res->status = UPG_FILE_BAD;
	}
}

void upg_state_load(const char *path, upg_state_read_result *res)
{
	memset(&res->data, 0, sizeof(res->data));
	res->problem[0] = '\0';
	int fd = upg_state_open(path, &res->id, &res->status, res->problem, sizeof(res->problem));
	if (fd >= 0) {
		upg_state_read_fd(fd, res);
	}
}

/* --- who ----------------------------------------------------------------- */

static void upg_set_str(char *dst, uint16_t *dst_len, const char *src, size_t max)
{
	size_t n = strlen(src);
	if (n > max) {
		n = max;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	*dst_len = (uint16_t) n;
}

void upg_state_set_owner(upg_state_data *st)
{
	char host[UPG_STATE_NAME_MAX + 1] = "";
	if (gethostname(host, sizeof(host) - 1) != 0) {
		host[0] = '\0';
	}
	host[sizeof(host) - 1] = '\0';
	upg_set_str(st->host, &st->host_len, host, UPG_STATE_NAME_MAX);

	char user[UPG_STATE_NAME_MAX + 1];
	struct passwd pw, *found = NULL;
	char pwbuf[4096];
	uid_t uid = geteuid();
	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found) {
		snprintf(user, sizeof(user), "%s", found->pw_name);
	} else {
		snprintf(user, sizeof(user), "uid %lu", (unsigned long) uid);
	}
	upg_set_str(st->user, &st->user_len, user, UPG_STATE_NAME_MAX);
	st->pid = (zend_long) getpid();
}

void upg_state_who(const upg_state_data *st, char *out, size_t size)
{
	/* Names come from a file: print them bounded and without control bytes. */
	snprintf(out, size, "%.*s@%.*s (pid " ZEND_LONG_FMT ")",
		(int) st->user_len, st->user, (int) st->host_len, st->host, st->pid);
	for (char *p = out; *p; p++) {
		if ((unsigned char) *p < 0x20 || *p == 0x7f) {
			*p = '?';
		}
	}
}

void upg_state_fmt_time(zend_long t, char *out, size_t size)
{
	time_t tt = (time_t) t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		snprintf(out, size, "@" ZEND_LONG_FMT, t);
	}
}

void upg_state_expiry_message(const char *what, const char *path, const upg_state_data *st, char *out, size_t size)
{
	char who[UPG_STATE_NAME_MAX * 2 + 40], since[48], expires[48];
	upg_state_who(st, who, sizeof(who));
	upg_state_fmt_time(st->since, since, sizeof(since));
	upg_state_fmt_time(st->expires, expires, sizeof(expires));
	snprintf(out, size, "%s %s: the lock left by %s since %s expired at %s; treated as unlocked",
		what, path, who, since, expires);
}

void upg_state_to_array(zval *arr, const upg_state_data *st, bool expired)
{
	bool locked = st->locked && !expired;
	array_init_size(arr, 12);
	/* The file's format; a state not read from a file is what a write makes. */
	add_assoc_long(arr, "version", st->format ? st->format : UPG_STATE_FORMAT);
	add_assoc_bool(arr, "locked", locked);
	add_assoc_string(arr, "upgrade", (char *) upg_state_upgrade_name(locked ? st->upgrade : UPG_UPGRADE_NONE));
	add_assoc_stringl(arr, "reason", st->reason, st->reason_len);
	add_assoc_long(arr, "expected_end", st->expected_end);
	add_assoc_long(arr, "since", st->since);
	add_assoc_long(arr, "expires", st->expires);
	add_assoc_bool(arr, "expired", expired);
	add_assoc_stringl(arr, "host", st->host, st->host_len);
	add_assoc_long(arr, "pid", st->pid);
	add_assoc_stringl(arr, "user", st->user, st->user_len);
	if (st->versions_hash[0]) {
		add_assoc_stringl(arr, "versions_hash", st->versions_hash, UPG_SHA1_HEX);
	} else {
		add_assoc_null(arr, "versions_hash");
	}
}

/* --- writing ------------------------------------------------------------- */

/* Temporary names: .<base>.<host>.<pid>.<16 hex>.tmp, unique per writer and
 * attempt (O_EXCL), so a temp file left by a killed writer never blocks the
 * next one; the host and pid let a later writer see whether it is stale. */
static void upg_tmp_host(char *out, size_t size)
{
	char host[256] = "";
	if (gethostname(host, sizeof(host) - 1) != 0) {
		host[0] = '\0';
	}
	host[sizeof(host) - 1] = '\0';
	size_t n = 0;
	for (const char *p = host; *p && n + 1 < size && n < 32; p++) {
		char c = *p;
		out[n++] = (isalnum((unsigned char) c) || c == '-') ? c : '_';
	}
	if (n == 0) {
		out[n++] = '_';
	}
	out[n] = '\0';
}

/* Removes temporary files of dead writers: same host and pid gone, or old. */
static void upg_clean_stale(int dirfd, const char *base, const char *myhost)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	size_t blen = strlen(base);
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		size_t len = strlen(n);
		if (len < blen + 2 + 4 || n[0] != '.' || memcmp(n + 1, base, blen) != 0 || n[blen + 1] != '.'
				|| memcmp(n + len - 4, ".tmp", 4) != 0) {
			continue;
		}
		/* host.pid.rand between the base and ".tmp" */
		const char *rest = n + blen + 2;
		size_t rlen = len - blen - 2 - 4;
		const char *dot2 = NULL, *dot1 = NULL;
		for (size_t i = rlen; i-- > 0;) {
			if (rest[i] == '.') {
				if (!dot2) {
					dot2 = rest + i;
				} else {
					dot1 = rest + i;
					break;
				}
			}
		}
		bool stale = false;
		if (dot1 && dot2) {
			size_t hlen = dot1 - rest;
			zend_long pid = 0;
			if (hlen == strlen(myhost) && memcmp(rest, myhost, hlen) == 0
					&& upg_parse_uint(dot1 + 1, dot2 - dot1 - 1, &pid) && pid > 0
					&& kill((pid_t) pid, 0) != 0 && errno == ESRCH) {
				stale = true;
			}
		}
		struct stat st;
		if (!stale && fstatat(dirfd, n, &st, AT_SYMLINK_NOFOLLOW) == 0
				&& now - st.st_mtime > UPG_STATE_STALE_TMP_SECONDS) {
			stale = true;
		}
		if (stale) {
			unlinkat(dirfd, n, 0);
		}
	}
	closedir(d);
}

static bool upg_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return false;
		}
		buf += n;
		len -= (size_t) n;
	}
	return true;
}

zend_result upg_state_write(const char *path, zend_long mode, upg_state_update_fn update, void *arg, upg_state_data *written)
{
	/* Split into folder and name: the temp file must be in the same folder
	 * (same file system) for rename() to be atomic. */
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (*base == '\0') {
		upg_throw("State file %s: the path names a folder, not a file", path);
		return FAILURE;
	}
	char dir[UPG_STATE_PATH_MAX];
	if (!slash) {
		strcpy(dir, ".");
	} else if (slash == path) {
		strcpy(dir, "/");
	} else if ((size_t) (slash - path) < sizeof(dir)) {
		memcpy(dir, path, slash - path);
		dir[slash - path] = '\0';
	} else {
		upg_throw("State file %s: path too long", path);
		return FAILURE;
	}

	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		upg_throw("State file %s: cannot open its folder %s: %s", path, dir, strerror(errno));
		return FAILURE;
	}
	/* Serialise writers on this host (heartbeat reads, then writes). Best
	 * effort: some network file systems refuse flock on a folder, and the
	 * file stays consistent without it (rename is atomic). */
	while (flock(dirfd, LOCK_EX) != 0 && errno == EINTR) {
	}

	zend_result result = FAILURE;
	zend_string *content = NULL;
	upg_state_read_result *cur = emalloc(sizeof(*cur));
	upg_state_data *next = written;
	memset(next, 0, sizeof(*next));

	upg_state_load(path, cur);
	if (update(cur, next, arg) == FAILURE) {
		goto out;
	}
	next->format = UPG_STATE_FORMAT;
	content = upg_state_serialize(next);
	if (!content) {
		upg_throw("State file %s: cannot compute the checksum", path);
		goto out;
	}

	char host[40];
	upg_tmp_host(host, sizeof(host));
	upg_clean_stale(dirfd, base, host);

	char tmp[UPG_STATE_PATH_MAX];
	int fd = -1;
	for (int attempt = 0; attempt < 16 && fd < 0; attempt++) {
		uint64_t rnd;
		if (php_random_bytes_silent(&rnd, sizeof(rnd)) == FAILURE) {
			rnd = ((uint64_t) time(NULL) << 20) ^ (uint64_t) attempt ^ ((uint64_t) getpid() << 40);
		}
		int n = snprintf(tmp, sizeof(tmp), ".%s.%s.%ld.%016" PRIx64 ".tmp", base, host, (long) getpid(), rnd);
		if (n < 0 || (size_t) n >= sizeof(tmp)) {
			upg_throw("State file %s: path too long", path);
			goto out;
		}
		fd = openat(dirfd, tmp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, (mode_t) mode);
		if (fd < 0 && errno != EEXIST) {
			upg_throw("State file %s: cannot create a temporary file in %s: %s", path, dir, strerror(errno));
			goto out;
		}
	}
	if (fd < 0) {
		upg_throw("State file %s: cannot create a temporary file in %s: %s", path, dir, strerror(EEXIST));
		goto out;
	}
	/* The umask may have removed bits: the mode is the setting's, exactly. */
	if (fchmod(fd, (mode_t) mode) != 0 || !upg_write_all(fd, ZSTR_VAL(content), ZSTR_LEN(content)) || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		upg_throw("State file %s: cannot write %s/%s: %s", path, dir, tmp, strerror(e));
		goto out;
	}
	if (close(fd) != 0) {
		int e = errno;
		unlinkat(dirfd, tmp, 0);
		upg_throw("State file %s: cannot write %s/%s: %s", path, dir, tmp, strerror(e));
		goto out;
	}
	if (renameat(dirfd, tmp, dirfd, base) != 0) {
		int e = errno;
		unlinkat(dirfd, tmp, 0);
		upg_throw("State file %s: cannot replace it: %s", path, strerror(e));
		goto out;
	}
	/* Make the rename itself durable. EINVAL: the file system has no
	 * folder fsync (the rename is then as durable as it gets). */
	if (fsync(dirfd) != 0 && errno != EINVAL) {
		upg_throw("State file %s: cannot sync its folder %s: %s", path, dir, strerror(errno));
		goto out;
	}
	result = SUCCESS;

out:
	if (content) {
		zend_string_free(content);
	}
	efree(cur);
	flock(dirfd, LOCK_UN);
	close(dirfd);
	return result;
}

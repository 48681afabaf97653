/*
 * The status answer (issue 16): what this worker sees, and whether this
 * frontend is ready, as JSON served by the request hook before any site code
 * (upg_status_answer(), called from RINIT), and the same verdict computed now
 * for an exec probe (upgrade_readiness()). One builder makes both, so the
 * HTTP answer and `moodle-upgrade status --probe` cannot disagree.
 *
 * Never in an answer: the state file's path (it names the dataroot), other
 * paths outside the site, database settings or secrets.
 */
#include "upgrade_internal.h"
#include "upgrade_state.h"
#include "upgrade_status.h"
#include "upgrade_versions.h"

#include "SAPI.h"
#include "php_output.h"
#include "ext/json/php_json.h"
#include "ext/standard/php_string.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --- settings ------------------------------------------------------------- */

ZEND_INI_MH(upg_ini_status_path)
{
	(void) entry;
	(void) mh_arg3;
	(void) stage;
	upg_status_globals *sg = (upg_status_globals *) (ZEND_INI_GET_ADDR() - offsetof(upg_status_globals, path));
	const char *s = ZSTR_VAL(new_value);
	size_t len = ZSTR_LEN(new_value);
	/* A URL path as nginx passes it in REQUEST_URI; the query string is not
	 * part of it. Invalid: the answer stays off, and the warning says why. */
	if (len > 0 && (s[0] != '/' || strpbrk(s, "?# \t") || len >= 1024)) {
		zend_error(E_WARNING, "upgrade.status_path must be a URL path starting with \"/\", without \"?\", \"#\" "
			"or blanks (like \"/upgrade-status\"), \"%s\" given: the status answer is off", s);
		return FAILURE;
	}
	sg->path = (char *) s;
	sg->path_len = len;
	return SUCCESS;
}

/* One entry: an address, or address/prefix; host bits beyond the prefix
 * are ignored. */
static bool upg_parse_cidr(const char *item, size_t len, upg_cidr *out)
{
	char buf[64];
	if (len == 0 || len >= sizeof(buf)) {
		return false;
	}
	memcpy(buf, item, len);
	buf[len] = '\0';
	char *slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
	}
	memset(out, 0, sizeof(*out));
	unsigned max;
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = 4;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = 6;
		max = 128;
	} else {
		return false;
	}
	unsigned prefix = max;
	if (slash) {
		const char *d = slash + 1;
		size_t dlen = strlen(d);
		if (dlen == 0 || dlen > 3 || (dlen > 1 && d[0] == '0')) {
			return false;
		}
		prefix = 0;
		for (size_t i = 0; i < dlen; i++) {
			if (d[i] < '0' || d[i] > '9') {
				return false;
			}
			prefix = prefix * 10 + (unsigned) (d[i] - '0');
		}
		if (prefix > max) {
			return false;
		}
	}
	out->prefix = (uint8_t) prefix;
	return true;
}

/* Fills the parsed list; false and the reason (naming the entry) when malformed. */
static bool upg_parse_allow(upg_status_globals *sg, const char *list, char *bad, size_t bad_size)
{
	sg->ncidrs = 0;
	const char *p = list;
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	if (*p == '\0') {
		return true;   /* empty: nobody is allowed */
	}
	p = list;
	for (;;) {
		size_t ilen = strcspn(p, ",");
		const char *item = p;
		size_t tlen = ilen;
		upg_trim_blanks(&item, &tlen);
		upg_cidr c;
		if (!upg_parse_cidr(item, tlen, &c)) {
			snprintf(bad, bad_size, "entry \"%.*s\" is not an IPv4 or IPv6 address or network "
				"(like 10.0.0.0/8 or fd00::/8)", (int) MIN(tlen, 100), item);
			return false;
		}
		if (sg->ncidrs == UPG_STATUS_ALLOW_MAX) {
			snprintf(bad, bad_size, "has more than %d entries", UPG_STATUS_ALLOW_MAX);
			return false;
		}
		sg->cidrs[sg->ncidrs++] = c;
		p += ilen;
		if (*p != ',') {
			break;
		}
		p++;
	}
	return true;
}

ZEND_INI_MH(upg_ini_status_allow)
{
	(void) entry;
	(void) mh_arg3;
	(void) stage;
	upg_status_globals *sg = (upg_status_globals *) (ZEND_INI_GET_ADDR() - offsetof(upg_status_globals, allow));
	sg->allow = ZSTR_VAL(new_value);
	char bad[200];
	/* Kept as given (upgrade_settings() shows it), but a list that cannot
	 * be read refuses everybody: failing open would show the answer to
	 * clients the administrator meant to keep out. */
	sg->allow_bad = !upg_parse_allow(sg, ZSTR_VAL(new_value), bad, sizeof(bad));
	if (sg->allow_bad) {
		sg->ncidrs = 0;
		zend_error(E_WARNING, "upgrade.status_allow %s: the status answer refuses every client until it is fixed", bad);
	}
	return SUCCESS;
}

static bool upg_client_allowed(const upg_status_globals *sg, const char *remote)
{
	unsigned char a[16];
	int family;
	if (!remote) {
		return false;
	}
	if (inet_pton(AF_INET, remote, a) == 1) {
		family = 4;
	} else if (inet_pton(AF_INET6, remote, a) == 1) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		family = 6;
		if (memcmp(a, mapped, sizeof(mapped)) == 0) {
			/* ::ffff:a.b.c.d (a dual-stack socket) is the IPv4 client it names */
			memmove(a, a + 12, 4);
			family = 4;
		}
	} else {
		return false;
	}
	for (uint8_t i = 0; i < sg->ncidrs; i++) {
		const upg_cidr *c = &sg->cidrs[i];
		if (c->family != family) {
			continue;
		}
		unsigned bytes = c->prefix / 8, bits = c->prefix % 8;
		if (memcmp(a, c->addr, bytes) != 0) {
			continue;
		}
		if (bits) {
			unsigned char mask = (unsigned char) (0xff << (8 - bits));
			if ((a[bytes] & mask) != (c->addr[bytes] & mask)) {
				continue;
			}
		}
		return true;
	}
	return false;
}

/* --- the verdict ---------------------------------------------------------- */

/* What the answer reports: the worker's cached view (RINIT) or the file read
 * now (upgrade_readiness()). */
typedef struct {
	int file;                      /* UPG_FILE_*; UPG_FILE_UNKNOWN: no state file set ("off") */
	const upg_state_data *data;    /* file OK */
	const upg_file_id *id;         /* file OK */
	const char *problem;           /* file BAD */
	bool expired;
	bool ui_locked, outageless;
	uint8_t source;                /* UPG_SOURCE_* */
	bool revalidated_known;
	double revalidated;            /* unix time of the last open+fstat */
	zend_long revalidated_ms_ago;
	zend_long recheck_ms;
} upg_view;

static double upg_wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void upg_add_str_or_null(zval *arr, const char *key, const char *s, size_t len, bool present)
{
	if (present) {
		add_assoc_stringl(arr, key, s, len);
	} else {
		add_assoc_null(arr, key);
	}
}

/* The versions hash of the code at `root` as upgrade_versions_hash() computes
 * it (per-process cache included); on failure NULL and the reason in *error,
 * with paths relative to the site root (an answer names nothing outside it). */
static bool upg_code_hash(zend_string *root, const upg_options *opts, char hex[UPG_SHA1_HEX + 1], zend_string **error)
{
	*error = NULL;
	if (upg_versions_hash_cached(root, opts, hex) == SUCCESS) {
		return true;
	}
	zend_string *msg = NULL;
	if (EG(exception)) {
		zend_object *ex = EG(exception);
		zval rv;
		zval *m = zend_read_property_ex(ex->ce, ex, ZSTR_KNOWN(ZEND_STR_MESSAGE), 1, &rv);
		msg = zval_get_string(m);
		zend_clear_exception();
	} else {
		msg = zend_string_init(ZEND_STRL("the versions hash cannot be computed"), 0);
	}
	size_t rlen = ZSTR_LEN(root);
	while (rlen > 1 && ZSTR_VAL(root)[rlen - 1] == '/') {
		rlen--;
	}
	/* "Moodle site root ROOT: ..." → "the Moodle site root: ...", "ROOT/public/x" →
	 * "public/x", "ROOT is not ..." → "the site root is not ..." */
	static const char named[] = "Moodle site root ";
	const char *r = ZSTR_VAL(root);
	smart_str rel = {0};
	const char *p = ZSTR_VAL(msg), *end = p + ZSTR_LEN(msg);
	while (p < end) {
		const char *hit = rlen > 0 ? zend_memnstr(p, r, rlen, end) : NULL;
		if (!hit) {
			smart_str_appendl(&rel, p, end - p);
			break;
		}
		const char *after = hit + rlen;
		if (after < end && !strchr("/ :,;)'\"", *after)) {
			smart_str_appendl(&rel, p, after - p);   /* ROOTx: another path */
			p = after;
			continue;
		}
		while (after < end && *after == '/' && (after + 1 == end || after[1] == '/' || after[1] == ' ' || after[1] == ':')) {
			after++;   /* the root's own trailing slashes */
		}
		bool inside = after < end && *after == '/' && after + 1 < end;
		size_t before = hit - p;
		if (!inside && (size_t) (hit - ZSTR_VAL(msg)) >= sizeof(named) - 1
				&& memcmp(hit - (sizeof(named) - 1), named, sizeof(named) - 1) == 0) {
			smart_str_appendl(&rel, p, before - (sizeof(named) - 1));
			smart_str_appends(&rel, "the Moodle site root");
		} else {
			smart_str_appendl(&rel, p, before);
			if (inside) {
				after++;   /* ROOT/x → x */
			} else {
				smart_str_appends(&rel, "the site root");
			}
		}
		p = after;
	}
	smart_str_0(&rel);
	zend_string_release(msg);
	msg = rel.s ? rel.s : ZSTR_EMPTY_ALLOC();
	*error = msg;
	return false;
}

/* Builds the answer into `out` (an array); returns its HTTP status. `hash`
 * is this frontend's versions hash (NULL with `error` when unknown). */
static int upg_status_build(zval *out, const upg_view *v, const char *hash, zend_string *error)
{
	const upg_state_data *d = v->file == UPG_FILE_OK ? v->data : NULL;
	bool locked = d ? d->locked && !v->expired : v->file == UPG_FILE_BAD;
	uint8_t upgrade = d && locked ? d->upgrade : UPG_UPGRADE_NONE;
	const char *site_hash = d && d->versions_hash[0] ? d->versions_hash : NULL;
	bool matches = hash && site_hash && memcmp(hash, site_hash, UPG_SHA1_HEX) == 0;

	/* Readiness: each failed condition is one reason. */
	zval reasons;
	array_init(&reasons);
	if (v->file == UPG_FILE_BAD) {
		add_next_index_str(&reasons, zend_strpprintf(0, "the state file is unusable (it %s): failing closed", v->problem));
	}
	if (upgrade == UPG_UPGRADE_MAINTENANCE) {
		add_next_index_string(&reasons, "a maintenance upgrade is running");
	}
	if (!hash) {
		add_next_index_str(&reasons, zend_strpprintf(0, "this frontend's versions hash cannot be computed: %s", ZSTR_VAL(error)));
	}
	if (v->file == UPG_FILE_UNKNOWN) {
		add_next_index_string(&reasons, "no state file is configured (upgrade.state_file): the site's versions hash is unknown");
	} else if (v->file == UPG_FILE_MISSING) {
		add_next_index_string(&reasons, "the state file does not exist, so the site's versions hash is not recorded "
			"(run moodle-upgrade state init, or deploy)");
	} else if (v->file == UPG_FILE_OK && !site_hash) {
		add_next_index_string(&reasons, "the site's versions hash is not recorded in the state file "
			"(run moodle-upgrade state init, or deploy)");
	} else if (hash && site_hash && !matches) {
		add_next_index_str(&reasons, zend_strpprintf(0, "this frontend's code (versions hash %s) does not match the site's (%s)",
			hash, site_hash));
	}
	bool ready = zend_hash_num_elements(Z_ARRVAL(reasons)) == 0;
	int status = ready ? 200 : 503;

	char host[256] = "";
	if (gethostname(host, sizeof(host) - 1) != 0) {
		host[0] = '\0';
	}
	host[sizeof(host) - 1] = '\0';

	array_init_size(out, 9);
	add_assoc_long(out, "status", status);
	add_assoc_bool(out, "ready", ready);
	add_assoc_zval(out, "reasons", &reasons);
	add_assoc_string(out, "host", host);
	add_assoc_long(out, "pid", (zend_long) getpid());
	add_assoc_double(out, "time", floor(upg_wall_now() * 1000) / 1000);

	zval lock;
	array_init_size(&lock, 12);
	add_assoc_bool(&lock, "locked", locked);
	add_assoc_bool(&lock, "ui_locked", v->ui_locked);
	add_assoc_string(&lock, "upgrade", (char *) upg_state_upgrade_name(upgrade));
	add_assoc_bool(&lock, "outageless", v->outageless);
	static const char *const sources[] = {"none", "ini", "file"};
	add_assoc_string(&lock, "source", (char *) sources[v->source <= UPG_SOURCE_FILE ? v->source : 0]);
	if (d) {
		zval owner;
		array_init_size(&owner, 3);
		add_assoc_stringl(&owner, "host", d->host, d->host_len);
		add_assoc_long(&owner, "pid", d->pid);
		add_assoc_stringl(&owner, "user", d->user, d->user_len);
		add_assoc_zval(&lock, "owner", &owner);
	} else {
		add_assoc_null(&lock, "owner");
	}
	add_assoc_stringl(&lock, "reason", d ? d->reason : "", d ? d->reason_len : 0);
	add_assoc_long(&lock, "since", d ? d->since : 0);
	add_assoc_long(&lock, "expires", d ? d->expires : 0);
	add_assoc_long(&lock, "expected_end", d ? d->expected_end : 0);
	add_assoc_bool(&lock, "expired", d && v->expired);
	upg_add_str_or_null(&lock, "problem", v->problem, v->problem ? strlen(v->problem) : 0, v->file == UPG_FILE_BAD);
	add_assoc_zval(out, "lock", &lock);

	zval sf;
	array_init_size(&sf, 7);
	static const char *const file_status[] = {"off", "missing", "ok", "bad"};
	add_assoc_string(&sf, "status", (char *) file_status[v->file]);
	if (d) {
		add_assoc_long(&sf, "format", d->format);
		zval id;
		char t[48];
		array_init_size(&id, 5);
		add_assoc_long(&id, "dev", (zend_long) v->id->dev);
		add_assoc_long(&id, "ino", (zend_long) v->id->ino);
		add_assoc_long(&id, "size", (zend_long) v->id->size);
		/* As strings: a double cannot hold nanoseconds. */
		snprintf(t, sizeof(t), "%" PRId64 ".%09" PRId64, v->id->mtime_sec, v->id->mtime_nsec);
		add_assoc_string(&id, "mtime", t);
		snprintf(t, sizeof(t), "%" PRId64 ".%09" PRId64, v->id->ctime_sec, v->id->ctime_nsec);
		add_assoc_string(&id, "ctime", t);
		add_assoc_zval(&sf, "identity", &id);
	} else {
		add_assoc_null(&sf, "format");
		add_assoc_null(&sf, "identity");
	}
	if (v->revalidated_known) {
		add_assoc_double(&sf, "revalidated", floor(v->revalidated * 1000) / 1000);
		add_assoc_long(&sf, "revalidated_ms_ago", v->revalidated_ms_ago);
	} else {
		add_assoc_null(&sf, "revalidated");
		add_assoc_null(&sf, "revalidated_ms_ago");
	}
	add_assoc_long(&sf, "recheck_ms", v->recheck_ms);
	add_assoc_zval(out, "state_file", &sf);

	zval code;
	array_init_size(&code, 4);
	upg_add_str_or_null(&code, "versions_hash", hash, UPG_SHA1_HEX, hash != NULL);
	upg_add_str_or_null(&code, "site_versions_hash", site_hash, UPG_SHA1_HEX, site_hash != NULL);
	add_assoc_bool(&code, "matches", matches);
	if (error) {
		add_assoc_str(&code, "error", zend_string_copy(error));
	} else {
		add_assoc_null(&code, "error");
	}
	add_assoc_zval(out, "code", &code);
	return status;
}

/* --- the answer, from RINIT ----------------------------------------------- */

/* The site root this frontend's code identity is computed from:
 * upgrade.site_root, else the document root, or its parent for 5.1's
 * DIR/public (Moodle's root is DIR). NULL when there is neither. */
static zend_string *upg_status_root(const upg_status_globals *sg, const char *docroot)
{
	if (sg->site_root && *sg->site_root) {
		return zend_string_init(sg->site_root, strlen(sg->site_root), 0);
	}
	if (!docroot || !*docroot) {
		return NULL;
	}
	size_t len = strlen(docroot);
	while (len > 1 && docroot[len - 1] == '/') {
		len--;
	}
	static const char pub[] = "/public";
	size_t plen = sizeof(pub) - 1;
	if (len > plen && memcmp(docroot + len - plen, pub, plen) == 0) {
		char version[UPG_STATE_PATH_MAX];
		int n = snprintf(version, sizeof(version), "%.*s/version.php", (int) len, docroot);
		if (n > 0 && (size_t) n < sizeof(version) && upg_file_exists(version)) {
			return zend_string_init(docroot, len - plen, 0);
		}
	}
	return zend_string_init(docroot, len, 0);
}

/* The code identity from RINIT. Throwing needs a call frame (without one an
 * exception is a fatal error), and a version file executed as Moodle does
 * runs PHP code: both happen inside a frame of upgrade_readiness(), an
 * internal function, as if a script had called it; nothing escapes it. */
static bool upg_status_code_hash(zend_string *root, char hex[UPG_SHA1_HEX + 1], zend_string **error)
{
	zend_function *fn = zend_hash_str_find_ptr(EG(function_table), ZEND_STRL("upgrade_readiness"));
	if (!fn && !EG(current_execute_data)) {
		/* disable_functions removed it: no frame, so no PHP code may run */
		*error = zend_string_init(ZEND_STRL("upgrade_readiness() is disabled (disable_functions), "
			"and the status answer computes the versions hash in its frame"), 0);
		return false;
	}
	upg_options opts;
	opts.admin = zend_string_init(UPG_G(state.admin), strlen(UPG_G(state.admin)), 0);
	opts.themedir = NULL;
	opts.keys = UPG_KEYS_ABSOLUTE;

	zend_execute_data *prev = EG(current_execute_data);
	zend_execute_data *call = NULL;
	if (!prev) {
		call = zend_vm_stack_push_call_frame(ZEND_CALL_TOP_FUNCTION, fn, 0, NULL);
		call->prev_execute_data = NULL;
		EG(current_execute_data) = call;
	}
	bool ok = upg_code_hash(root, &opts, hex, error);
	if (call) {
		EG(current_execute_data) = prev;
		zend_vm_stack_free_call_frame(call);
	}
	upg_options_free(&opts);
	return ok;
}

static void upg_status_send(int status, zval *answer)
{
	smart_str json = {0};
	php_json_encode(&json, answer, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_INVALID_UTF8_SUBSTITUTE);
	smart_str_appendc(&json, '\n');
	smart_str_0(&json);
	SG(sapi_headers).http_response_code = status;
	upg_state_add_header(ZEND_STRL("Content-Type: application/json"));
	upg_state_add_header(ZEND_STRL("Cache-Control: no-store"));
	if (status == 405) {
		upg_state_add_header(ZEND_STRL("Allow: GET, HEAD"));
	}
	php_output_write(ZSTR_VAL(json.s), ZSTR_LEN(json.s));
	smart_str_free(&json);
}

static void upg_status_refuse(int status, const char *why)
{
	zval answer;
	array_init_size(&answer, 2);
	add_assoc_long(&answer, "status", status);
	add_assoc_string(&answer, "error", (char *) why);
	upg_status_send(status, &answer);
	zval_ptr_dtor(&answer);
}

/* The answer is complete: hand it to the SAPI now, and nothing after it.
 * With the README's nginx block (a SCRIPT_FILENAME that does not exist),
 * php-fpm and php-cgi carry on after RINIT: status 404, then "File not
 * found." or "No input file specified." written to the output. Ending the
 * buffers (output_buffering, Debian's 4096 included) sends the headers, the
 * status among them, and the body; once headers are sent a later status
 * cannot change them, and with output disabled php_output_op() drops every
 * later write (a warning's text too; the error log still gets it). The next
 * request starts with fresh output state (php_output_activate()). No
 * sapi_flush(): a client gone away would make it bail out of RINIT. */
static void upg_status_finish(void)
{
	php_output_end_all();
	if (!SG(headers_sent)) {
		sapi_send_headers();   /* nothing reached the SAPI (a handler ate it): the status must still go */
	}
	php_output_set_status((php_output_get_status() & 0xf) | PHP_OUTPUT_DISABLED);
}

bool upg_status_answer(void)
{
	upg_status_globals *sg = &UPG_G(status);
	upg_state_globals *g = &UPG_G(state);
	char *docroot = sapi_getenv(ZEND_STRL("DOCUMENT_ROOT"));

	/* A file of the site at that path is the site's: served as usual. */
	if (docroot && *docroot) {
		size_t dlen = strlen(docroot);
		while (dlen > 1 && docroot[dlen - 1] == '/') {
			dlen--;
		}
		char real[UPG_STATE_PATH_MAX + 1024];
		struct stat st;
		snprintf(real, sizeof(real), "%.*s%s", (int) dlen, docroot, sg->path);
		if (stat(real, &st) == 0) {
			if (strcmp(sg->collision, real) != 0) {
				snprintf(sg->collision, sizeof(sg->collision), "%s", real);
				php_error_docref(NULL, E_WARNING, "upgrade.status_path %s is a real file of the site (%s): "
					"it is served as usual and the status answer is off for it; choose another upgrade.status_path",
					sg->path, real);
			}
			efree(docroot);
			return false;
		}
	}

	char *remote = sapi_getenv(ZEND_STRL("REMOTE_ADDR"));
	const char *method = SG(request_info).request_method;
	if (sg->allow_bad) {
		upg_status_refuse(403, "forbidden: upgrade.status_allow is malformed, so every client is refused");
	} else if (!upg_client_allowed(sg, remote)) {
		upg_status_refuse(403, "forbidden: this client is not in upgrade.status_allow");
	} else if (!method || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)) {
		upg_status_refuse(405, "method not allowed: only GET and HEAD are answered");
	} else {
		bool off = !g->file || !*g->file;
		upg_view v = {0};
		v.file = off ? UPG_FILE_UNKNOWN : g->req_status;
		v.data = &g->data;
		v.id = &g->id;
		v.problem = g->problem;
		v.expired = g->req_expired;
		v.ui_locked = g->req_ui_locked;
		v.outageless = g->req_outageless;
		v.source = g->req_source;
		v.recheck_ms = g->recheck_ms;
		if (!off && g->checked_ns) {
			v.revalidated_known = true;
			/* The wall-clock moment is derived from the monotonic one kept for
			 * recheck_ms: nothing more to record on the hot path. */
			uint64_t ago_ns = upg_state_monotonic_ns() - g->checked_ns;
			v.revalidated = upg_wall_now() - (double) ago_ns / 1e9;
			v.revalidated_ms_ago = (zend_long) (ago_ns / 1000000u);
		}
		char hex[UPG_SHA1_HEX + 1];
		zend_string *error = NULL;
		zend_string *root = upg_status_root(sg, docroot);
		bool have = false;
		if (root) {
			have = upg_status_code_hash(root, hex, &error);
			zend_string_release(root);
		} else {
			error = zend_string_init(ZEND_STRL("no site root: upgrade.site_root is not set and the request has no DOCUMENT_ROOT"), 0);
		}
		zval answer;
		int status = upg_status_build(&answer, &v, have ? hex : NULL, error);
		upg_status_send(status, &answer);
		zval_ptr_dtor(&answer);
		if (error) {
			zend_string_release(error);
		}
	}
	if (remote) {
		efree(remote);
	}
	if (docroot) {
		efree(docroot);
	}
	upg_status_finish();
	/* After the versions hash: its version files are compiled as usual.
	 * Where SCRIPT_FILENAME exists, it is not run. */
	upg_state_block_request();
	return true;
}

/* --- upgrade_readiness() -------------------------------------------------- */

PHP_FUNCTION(upgrade_readiness)
{
	zend_string *root;
	zend_string *state_file = NULL;
	HashTable *options = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_PATH_STR(root)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(state_file)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (upg_check_path_arg(root, 1) == FAILURE || (state_file && upg_check_path_arg(state_file, 2) == FAILURE)) {
		RETURN_THROWS();
	}
	upg_options opts;
	if (upg_options_parse(&opts, options, 3) == FAILURE) {
		RETURN_THROWS();
	}
	const upg_state_globals *g = &UPG_G(state);
	const char *path = state_file ? ZSTR_VAL(state_file) : (g->file && *g->file ? g->file : NULL);

	upg_state_read_result *res = emalloc(sizeof(*res));
	upg_view v = {0};
	if (path) {
		upg_state_load(path, res);
		v.revalidated_known = true;
		v.revalidated = upg_wall_now();
		v.file = res->status;
	} else {
		memset(&res->data, 0, sizeof(res->data));
		res->problem[0] = '\0';
		v.file = UPG_FILE_UNKNOWN;
	}
	v.data = &res->data;
	v.id = &res->id;
	v.problem = res->problem;
	v.expired = v.file == UPG_FILE_OK && upg_state_expired(&res->data, (zend_long) time(NULL));
	/* This process's settings count as they do for its requests (RINIT). */
	bool locked = v.file == UPG_FILE_BAD || (v.file == UPG_FILE_OK && res->data.locked && !v.expired);
	v.ui_locked = g->ui_lock || locked;
	v.outageless = g->outageless || (v.file == UPG_FILE_OK && locked && res->data.upgrade == UPG_UPGRADE_OUTAGELESS);
	v.source = g->ui_lock ? UPG_SOURCE_INI
		: (v.file == UPG_FILE_OK || v.file == UPG_FILE_BAD) ? UPG_SOURCE_FILE : UPG_SOURCE_NONE;
	v.recheck_ms = g->recheck_ms;

	char hex[UPG_SHA1_HEX + 1];
	zend_string *error = NULL;
	bool have = upg_code_hash(root, &opts, hex, &error);
	upg_status_build(return_value, &v, have ? hex : NULL, error);
	if (error) {
		zend_string_release(error);
	}
	upg_options_free(&opts);
	efree(res);
}

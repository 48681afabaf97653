/*
 * The request-start hook: every request learns, without a database query,
 * whether the UI upgrade lock is held and which upgrade is running, from the
 * state file on shared storage (src/state.c).
 *
 * Cost: with upgrade.state_file empty, a few assignments. Otherwise one
 * monotonic clock read per request, at most one open() + fstat() + close()
 * per recheck_ms per worker (an open, not a stat: on NFS only an open asks
 * the server), and a read of the file only when its identity (device,
 * inode, size, mtime, ctime with nanoseconds) changed.
 *
 * When a request must be refused (the guard, or a maintenance upgrade), RINIT
 * writes the 503 itself and marks the request blocked; the primary script is
 * then never compiled (see upg_compile_file()), so no site code runs.
 */
#include "upgrade_internal.h"
#include "upgrade_state.h"
#include "upgrade_status.h"

#include "SAPI.h"
#include "php_globals.h"
#include "php_output.h"
#include "php_variables.h"
#include "ext/standard/html.h"
#include "ext/standard/url.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Only web SAPIs are ever refused: CLI scripts (the upgrade itself, cron)
 * always run. Set once at MINIT; the SAPI cannot change afterwards. */
static bool upg_is_web;

/* Loaded by a php-fpm pool's php_admin_value[extension] (MINIT in a worker,
 * after PHP's startup) rather than from php.ini or php-fpm's command line.
 * php-fpm applies a pool's php_admin_value lines from the last to the first,
 * so every php_admin_value[upgrade.*] line that follows the extension line
 * was applied before the extension existed and dropped ("Unable to set
 * php_admin_value", on the worker's stderr); which ones, the extension
 * cannot see (the pool's configuration is php-fpm's private memory). Such a
 * worker fails closed and says why (upg_state_rinit()). Set once at MINIT. */
static bool upg_per_pool;
/* php-fpm loads a pool's extension with php_dl(..., start_now): its RINIT
 * runs once right after MINIT, outside any request. That call only sets the
 * defaults: the warning belongs to the first real request (PHP's error log
 * is set by then). Per process: a worker loads the extension once. */
static bool upg_startup_rinit;

#define UPG_PER_POOL_PROBLEM "the extension was loaded by a php-fpm pool's php_admin_value[extension]: php-fpm " \
	"applies a pool's php_admin_value lines last to first, so the php_admin_value[upgrade.*] lines after it were " \
	"dropped before the extension existed; load it for the whole php-fpm instead (extension=upgrade in php.ini, " \
	"or php-fpm -d extension=...) and keep the pool's php_admin_value[upgrade.*] lines"

static zend_op_array *(*upg_orig_compile_file)(zend_file_handle *file_handle, int type);
static bool upg_compile_hooked;
#ifdef ZTS
static MUTEX_T upg_hook_mutex;
#endif

ZEND_INI_MH(upg_ini_state_file_mode)
{
	(void) entry;
	(void) mh_arg3;
	(void) stage;
	const char *s = ZSTR_VAL(new_value);
	size_t len = ZSTR_LEN(new_value);
	zend_long mode = 0;
	bool ok = len >= 1 && len <= 4;
	for (size_t i = 0; ok && i < len; i++) {
		ok = s[i] >= '0' && s[i] <= '7';
		mode = mode * 8 + (s[i] - '0');
	}
	/* World-writable files are refused by every reader (fail closed), and a
	 * file nobody may read is useless: refuse both here, where it is clear. */
	if (!ok || mode > 0777 || (mode & 0002) || !(mode & 0400)) {
		zend_error(E_WARNING, "upgrade.state_file_mode must be an octal file mode readable by its owner "
			"and not writable by others (like \"0640\"), \"%s\" given", s);
		return FAILURE;
	}
	*(zend_long *) ZEND_INI_GET_ADDR() = mode;
	return SUCCESS;
}

/* --- blocking the primary script ------------------------------------------ */

/* While the request is blocked, nothing is compiled: the primary script (and
 * any auto_prepend_file) gets no op_array, which php_execute_script() takes as
 * a failed require with nothing to report, so no site code runs. Opened
 * files, op_arrays and the VM are never touched, so nothing can leak.
 *
 * The hook is installed the first time a request is refused, not at MINIT:
 * by then every extension has finished its startup, opcache included, whose
 * compile_file answers from its cache without calling the next hook. Being
 * installed last makes this hook the outermost, so it sees every script. */
static zend_op_array *upg_compile_file(zend_file_handle *file_handle, int type)
{
	if (UNEXPECTED(UPG_G(state.req_blocked))) {
		return NULL;
	}
	return upg_orig_compile_file(file_handle, type);
}

static void upg_hook_compile(void)
{
	if (upg_compile_hooked) {
		return;
	}
#ifdef ZTS
	tsrm_mutex_lock(upg_hook_mutex);
	if (!upg_compile_hooked) {
#endif
		upg_orig_compile_file = zend_compile_file;
		zend_compile_file = upg_compile_file;
		upg_compile_hooked = true;
#ifdef ZTS
	}
	tsrm_mutex_unlock(upg_hook_mutex);
#endif
}

zend_result upg_state_minit(void)
{
	upg_is_web = sapi_module.name && strcmp(sapi_module.name, "cli") != 0
		&& strcmp(sapi_module.name, "phpdbg") != 0;
	/* From php.ini or -d, extensions start inside php_module_startup(); a
	 * pool's php_admin_value[extension] is loaded by the worker afterwards. */
	upg_per_pool = sapi_module.name && strcmp(sapi_module.name, "fpm-fcgi") == 0 && php_get_module_initialized();
	if (upg_per_pool) {
		upg_startup_rinit = true;
		/* The worker's stderr: php-fpm's log with catch_workers_output, the
		 * journal under systemd. PHP's own log gets it at the first request. */
		fprintf(stderr, "upgrade (pid %ld): refusing to run unprotected: %s; until then this worker fails closed "
			"(the UI upgrade lock is held, the guard is on)\n", (long) getpid(), UPG_PER_POOL_PROBLEM);
		fflush(stderr);
	}
#ifdef ZTS
	upg_hook_mutex = tsrm_mutex_alloc();
#endif
	return SUCCESS;
}

void upg_state_mshutdown(void)
{
	if (upg_compile_hooked && zend_compile_file == upg_compile_file) {
		zend_compile_file = upg_orig_compile_file;
		upg_compile_hooked = false;
	}
#ifdef ZTS
	tsrm_mutex_free(upg_hook_mutex);
#endif
}

void upg_state_block_request(void)
{
	UPG_G(state.req_blocked) = true;
	upg_hook_compile();
}

void upg_state_add_header(const char *line, size_t len)
{
	sapi_header_line ctr = {0};
	ctr.line = line;
	ctr.line_len = len;
	sapi_header_op(SAPI_HEADER_REPLACE, &ctr);
}

/* Answers 503 now and marks the request blocked. */
static void upg_respond_503(zend_long retry_after, bool html, const char *body, size_t len)
{
	char line[64];
	SG(sapi_headers).http_response_code = 503;
	int n = snprintf(line, sizeof(line), "Retry-After: " ZEND_LONG_FMT, retry_after);
	upg_state_add_header(line, (size_t) n);
	if (html) {
		upg_state_add_header(ZEND_STRL("Content-Type: text/html; charset=UTF-8"));
	} else {
		upg_state_add_header(ZEND_STRL("Content-Type: text/plain; charset=UTF-8"));
	}
	upg_state_add_header(ZEND_STRL("Cache-Control: no-store"));
	php_output_write(body, len);
	upg_state_block_request();
}

/* --- what the request is ------------------------------------------------- */

/* The URL path of the script (no query string). */
static size_t upg_request_path(const char **out)
{
	const char *uri = SG(request_info).request_uri;
	if (!uri) {
		*out = "";
		return 0;
	}
	const char *q = strchr(uri, '?');
	*out = uri;
	return q ? (size_t) (q - uri) : strlen(uri);
}

static bool upg_ends_with(const char *s, size_t len, const char *suffix, size_t slen)
{
	return len >= slen && memcmp(s + len - slen, suffix, slen) == 0;
}

/* Moodle's admin/index.php, for a site at the root or under a URL sub-path:
 * the script path ends with "/<admin>/index.php" (or "/<admin>/" where the
 * SAPI reports the URL rather than the script). */
static bool upg_is_admin_index(const char *admin)
{
	char suffix[300];
	const char *path;
	size_t plen = upg_request_path(&path);
	int n = snprintf(suffix, sizeof(suffix), "/%s/index.php", admin);
	if (n <= 0 || (size_t) n >= sizeof(suffix)) {
		return false;
	}
	if (upg_ends_with(path, plen, suffix, (size_t) n)) {
		return true;
	}
	const char *script = SG(request_info).path_translated;
	if (script && upg_ends_with(script, strlen(script), suffix, (size_t) n)) {
		return true;
	}
	/* "/<admin>/": the same suffix without "index.php" */
	return upg_ends_with(path, plen, suffix, (size_t) n - (sizeof("index.php") - 1));
}

static const char *const upg_confirm_keys[] = {"confirmupgrade", "confirmrelease", "confirmplugincheck"};

static bool upg_is_confirm_key(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(upg_confirm_keys) / sizeof(upg_confirm_keys[0]); i++) {
		if (strlen(upg_confirm_keys[i]) == len && memcmp(upg_confirm_keys[i], key, len) == 0) {
			return true;
		}
	}
	return false;
}

/* Would admin/index.php start an upgrade? Moodle reads these parameters with
 * optional_param(), from $_POST or $_GET; the raw query string is looked at
 * too, in case variables_order leaves $_GET out. */
static bool upg_has_confirm_param(void)
{
	int tracks[2] = {TRACK_VARS_GET, TRACK_VARS_POST};
	for (int t = 0; t < 2; t++) {
		zval *arr = &PG(http_globals)[tracks[t]];
		if (Z_TYPE_P(arr) != IS_ARRAY) {
			continue;
		}
		for (size_t i = 0; i < sizeof(upg_confirm_keys) / sizeof(upg_confirm_keys[0]); i++) {
			if (zend_hash_str_exists(Z_ARRVAL_P(arr), upg_confirm_keys[i], strlen(upg_confirm_keys[i]))) {
				return true;
			}
		}
	}
	const char *p = SG(request_info).query_string;
	while (p && *p) {
		size_t plen = strcspn(p, "&");
		size_t klen = strcspn(p, "=&");
		char key[64];
		if (klen > 0 && klen < sizeof(key)) {
			memcpy(key, p, klen);
			key[klen] = '\0';
			klen = php_url_decode(key, klen);
			key[klen] = '\0';
			klen = strcspn(key, "[");   /* confirmupgrade[]=1 is the same key to PHP */
			if (upg_is_confirm_key(key, klen)) {
				return true;
			}
		}
		p += plen;
		if (*p == '&') {
			p++;
		}
	}
	return false;
}

/* Static theme assets (upgrade.maintenance_allow) still pass during a
 * maintenance upgrade, so the maintenance page itself can be styled. */
static bool upg_path_allowed(const char *list)
{
	const char *path;
	size_t plen = upg_request_path(&path);
	while (list && *list) {
		size_t ilen = strcspn(list, ",");
		const char *item = list;
		size_t tlen = ilen;
		upg_trim_blanks(&item, &tlen);
		if (tlen > 0 && tlen <= plen && memcmp(path, item, tlen) == 0) {
			return true;
		}
		list += ilen;
		if (*list == ',') {
			list++;
		}
	}
	return false;
}

/* --- reading the file, at most once per recheck_ms ------------------------ */

uint64_t upg_state_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static bool upg_file_id_equal(const upg_file_id *a, const upg_file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size
		&& a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec
		&& a->ctime_sec == b->ctime_sec && a->ctime_nsec == b->ctime_nsec
		&& a->mode == b->mode;
}

static void upg_state_refresh(upg_state_globals *g, const char *file)
{
	uint64_t now = upg_state_monotonic_ns();
	bool same_path = g->status != UPG_FILE_UNKNOWN && strcmp(g->path, file) == 0;
	if (same_path && now - g->checked_ns < (uint64_t) g->recheck_ms * 1000000u) {
		return;   /* trust what was read: the common case, no system call */
	}
	g->checked_ns = now;
	if (!same_path) {
		size_t len = strlen(file);
		if (len >= sizeof(g->path)) {
			g->path[0] = '\0';
			g->status = UPG_FILE_BAD;
			snprintf(g->problem, sizeof(g->problem), "is a path too long");
			return;
		}
		memcpy(g->path, file, len + 1);
		g->status = UPG_FILE_UNKNOWN;
	}

	/* open() then fstat() on the descriptor: the open is what makes an NFS
	 * client ask the server (close-to-open), so what is decided here is at
	 * most one round trip old; the file is read only when its identity
	 * changed. */
	upg_file_id id;
	int st;
	char problem[UPG_STATE_PROBLEM_MAX];
	int fd = upg_state_open(file, &id, &st, problem, sizeof(problem));
	if (fd < 0) {
		g->status = st;
		memset(&g->id, 0, sizeof(g->id));   /* re-read once it is back or fixed */
		if (st == UPG_FILE_BAD) {
			memcpy(g->problem, problem, sizeof(g->problem));
		}
		return;
	}
	if ((g->status == UPG_FILE_OK || g->status == UPG_FILE_BAD) && g->id.ino != 0 && upg_file_id_equal(&id, &g->id)) {
		close(fd);   /* same file as last read: same verdict */
		return;
	}

	upg_state_read_result *res = emalloc(sizeof(*res));
	memset(&res->data, 0, sizeof(res->data));
	res->problem[0] = '\0';
	res->status = UPG_FILE_OK;
	res->id = id;
	upg_state_read_fd(fd, res);
	/* A file read and found bad keeps its identity too: same bytes, same verdict. */
	g->status = res->status;
	g->id = res->id;
	if (res->status == UPG_FILE_OK) {
		g->data = res->data;
	} else {
		memcpy(g->problem, res->problem, sizeof(g->problem));
	}
	efree(res);
}

/* The warning this request carries, if any: the reason for failing closed,
 * or who left an expired lock. Deterministic, so "warn once" can compare. */
static bool upg_state_warning(const upg_state_globals *g, char *out, size_t size)
{
	if (g->req_status == UPG_FILE_BAD && upg_per_pool) {
		snprintf(out, size, "upgrade: %s; failing closed: the UI upgrade lock is held", g->problem);
		return true;
	}
	if (g->req_status == UPG_FILE_BAD) {
		snprintf(out, size, "upgrade.state_file %s %s; failing closed: the UI upgrade lock is held",
			g->file, g->problem);
		return true;
	}
	if (g->req_status == UPG_FILE_OK && g->req_expired) {
		upg_state_expiry_message("upgrade.state_file", g->file, &g->data, out, size);
		return true;
	}
	if (g->req_status == UPG_FILE_MISSING && upg_is_web) {
		/* Not an error (nothing is running), but the fleet promise does not
		 * hold: an NFS client caches "no such file" until the folder's
		 * attributes expire, and open() does not revalidate that. */
		snprintf(out, size, "upgrade.state_file %s does not exist: read as \"nothing running\", but a lock "
			"created later may be invisible to this frontend for up to acdirmax (60 s by default) on NFS; "
			"create it unlocked with \"moodle-upgrade state init\"", g->file);
		return true;
	}
	return false;
}

/* At most one warning per distinct problem and worker: a broken file must
 * not flood the log with one line per request. */
static void upg_warn_once(upg_state_globals *g, const char *msg)
{
	if (strncmp(g->warned, msg, sizeof(g->warned) - 1) == 0) {
		return;
	}
	snprintf(g->warned, sizeof(g->warned), "%s", msg);
	php_error_docref(NULL, E_WARNING, "%s", msg);
}

/* --- the 503 pages -------------------------------------------------------- */

static void upg_refuse_guard(const upg_state_globals *g)
{
	static const char body[] = "503 Service Unavailable: the upgrade lock is held, "
		"so an upgrade cannot be started from the web now; try again later.\n";
	zend_long retry = 60;
	if (g->req_status == UPG_FILE_OK && g->data.locked && g->data.expires > 0) {
		retry = MAX(1, MIN(3600, g->data.expires - (zend_long) time(NULL)));
	}
	upg_respond_503(retry, false, body, sizeof(body) - 1);
}

/* The site's own maintenance page: upgrade.maintenance_page when set, else
 * Moodle's DATAROOT/climaintenance.html (what admin/cli/maintenance.php
 * --enable writes and lib/setup.php serves), the dataroot being the state
 * file's folder, or its parent when that folder is the command-line tool's
 * DATAROOT/moodle-upgrade. False when there is no path to try. */
static bool upg_maintenance_page_path(const upg_state_globals *g, char *out, size_t size)
{
	static const char tool_dir[] = "moodle-upgrade";
	static const char page[] = "climaintenance.html";
	if (g->maintenance_page && *g->maintenance_page) {
		int n = snprintf(out, size, "%s", g->maintenance_page);
		return n > 0 && (size_t) n < size;
	}
	const char *file = g->file;
	const char *slash = strrchr(file, '/');
	if (!slash) {
		return false;   /* a relative name: no folder to speak of */
	}
	size_t dlen = (size_t) (slash - file);
	const char *base = file;
	for (const char *p = file; p < slash; p++) {
		if (*p == '/') {
			base = p + 1;
		}
	}
	if ((size_t) (slash - base) == sizeof(tool_dir) - 1 && memcmp(base, tool_dir, sizeof(tool_dir) - 1) == 0
			&& base > file) {
		dlen = (size_t) (base - 1 - file);
	}
	int n = snprintf(out, size, "%.*s/%s", (int) dlen, file, page);
	return n > 0 && (size_t) n < size;
}

/* Reads the maintenance page into a new string: NULL when there is none
 * (quietly, when the file does not exist; with a warning naming the path and
 * the reason otherwise). Only ever called for a maintenance 503. */
static zend_string *upg_maintenance_page_read(upg_state_globals *g)
{
	char path[UPG_STATE_PATH_MAX];
	if (!upg_maintenance_page_path(g, path, sizeof(path))) {
		return NULL;
	}
	char why[200] = "";
	zend_string *page = NULL;
	/* O_NONBLOCK: a FIFO put there cannot hang the worker. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT) {
			snprintf(why, sizeof(why), "cannot be read: %s", strerror(errno));
		}
	} else {
		struct stat st;
		if (fstat(fd, &st) != 0) {
			snprintf(why, sizeof(why), "cannot be read: %s", strerror(errno));
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(why, sizeof(why), "is not a regular file");
		} else if (st.st_size > UPG_PAGE_MAX_SIZE) {
			snprintf(why, sizeof(why), "is larger than %d bytes", UPG_PAGE_MAX_SIZE);
		} else {
			page = zend_string_alloc((size_t) st.st_size, 0);
			size_t len = 0;
			while (len < (size_t) st.st_size) {
				ssize_t n = read(fd, ZSTR_VAL(page) + len, (size_t) st.st_size - len);
				if (n < 0 && errno == EINTR) {
					continue;
				}
				if (n < 0) {
					snprintf(why, sizeof(why), "cannot be read: %s", strerror(errno));
					zend_string_efree(page);
					page = NULL;
					break;
				}
				if (n == 0) {
					break;   /* shrank meanwhile: what was read is the page */
				}
				len += (size_t) n;
			}
			if (page) {
				ZSTR_LEN(page) = len;
				ZSTR_VAL(page)[len] = '\0';
			}
		}
		close(fd);
	}
	if (why[0]) {
		char msg[UPG_STATE_PATH_MAX + 300];
		snprintf(msg, sizeof(msg), "upgrade: maintenance page %s %s; serving the built-in page", path, why);
		upg_warn_once(g, msg);
	}
	return page;
}

static void upg_refuse_maintenance(upg_state_globals *g)
{
	zend_long now = (zend_long) time(NULL);
	/* At least 1 s; at most an hour, so a far-off or mistyped expected end
	 * does not keep clients and balancers away for days. */
	zend_long retry = g->data.expected_end > 0 ? MAX(1, MIN(3600, g->data.expected_end - now)) : 60;
	zend_string *site_page = upg_maintenance_page_read(g);
	if (site_page) {
		/* Served as it is, as Moodle's lib/setup.php serves it. */
		upg_respond_503(retry, true, ZSTR_VAL(site_page), ZSTR_LEN(site_page));
		zend_string_efree(site_page);
		return;
	}
	/* Moodle's own words (lang/en/error.php, 'upgraderunning'), so people and
	 * monitors that match Moodle's text recognise the page. */
	smart_str page = {0};
	smart_str_appends(&page, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>Site is being upgraded</title></head>\n<body>\n"
		"<p>Site is being upgraded, please retry later.");
	if (g->data.expected_end > now) {
		char end[40];
		upg_state_fmt_time(g->data.expected_end, end, sizeof(end));
		smart_str_appends(&page, " Expected back by ");
		smart_str_appends(&page, end);
		smart_str_appendc(&page, '.');
	}
	smart_str_appends(&page, "</p>\n");
	if (g->data.reason_len > 0) {
		zend_string *r = php_escape_html_entities((unsigned char *) g->data.reason, g->data.reason_len,
			0, ENT_QUOTES | ENT_SUBSTITUTE, "UTF-8");
		smart_str_appends(&page, "<p>");
		smart_str_append(&page, r);
		smart_str_appends(&page, "</p>\n");
		zend_string_release(r);
	}
	smart_str_appends(&page, "</body></html>\n");
	smart_str_0(&page);
	upg_respond_503(retry, true, ZSTR_VAL(page.s), ZSTR_LEN(page.s));
	smart_str_free(&page);
}

/* --- RINIT ---------------------------------------------------------------- */

void upg_state_rinit(void)
{
	upg_state_globals *g = &UPG_G(state);
	g->req_blocked = false;
	g->req_expired = false;

	if (UNEXPECTED(upg_per_pool)) {
		/* Nothing this worker was configured with can be trusted, the guard
		 * and the state file's path included: fail closed, guard on. */
		g->status = UPG_FILE_BAD;
		g->req_status = UPG_FILE_BAD;
		snprintf(g->problem, sizeof(g->problem), "%s", UPG_PER_POOL_PROBLEM);
		g->req_ui_locked = true;
		g->req_outageless = g->outageless;
		g->req_source = UPG_SOURCE_FILE;
		if (upg_is_admin_index(g->admin) && upg_has_confirm_param()) {
			upg_refuse_guard(g);
		}
		if (upg_startup_rinit) {
			upg_startup_rinit = false;   /* not a request: nothing to warn yet */
			return;
		}
		char msg[UPG_STATE_PATH_MAX + 2 * UPG_STATE_PROBLEM_MAX];
		if (upg_state_warning(g, msg, sizeof(msg))) {
			upg_warn_once(g, msg);
		}
		return;
	}

	/* The status answer: with upgrade.status_path set, one string compare
	 * per request; answered after this request's view is computed, since
	 * the view is what it reports. */
	const upg_status_globals *sg = &UPG_G(status);
	bool status_req = UNEXPECTED(sg->path_len > 0) && upg_is_web
		&& upg_status_requested(sg, SG(request_info).request_uri);

	const char *file = g->file;
	if (!file || !*file) {
		/* Hook off: nothing is read; only the INI overrides count. */
		g->req_status = UPG_FILE_UNKNOWN;
		g->req_ui_locked = g->ui_lock;
		g->req_outageless = g->outageless;
		g->req_source = g->ui_lock ? UPG_SOURCE_INI : UPG_SOURCE_NONE;
		if (UNEXPECTED(status_req) && upg_status_answer()) {
			return;
		}
		if (g->ui_lock && g->guard && upg_is_web && upg_is_admin_index(g->admin) && upg_has_confirm_param()) {
			upg_refuse_guard(g);
		}
		return;
	}

	upg_state_refresh(g, file);
	g->req_status = (uint8_t) g->status;

	bool locked = false;
	uint8_t upgrade = UPG_UPGRADE_NONE;
	if (g->status == UPG_FILE_OK) {
		g->req_expired = upg_state_expired(&g->data, (zend_long) time(NULL));
		locked = g->data.locked && !g->req_expired;
		upgrade = locked ? g->data.upgrade : UPG_UPGRADE_NONE;
	} else if (g->status == UPG_FILE_BAD) {
		locked = true;   /* fail closed */
	}
	g->req_ui_locked = g->ui_lock || locked;
	g->req_outageless = g->outageless || upgrade == UPG_UPGRADE_OUTAGELESS;
	g->req_source = g->ui_lock ? UPG_SOURCE_INI
		: (g->status == UPG_FILE_OK || g->status == UPG_FILE_BAD) ? UPG_SOURCE_FILE : UPG_SOURCE_NONE;

	/* The answer is JSON: the state warnings wait for this worker's next
	 * other request (with display_errors on they would break the JSON). */
	if (UNEXPECTED(status_req) && upg_status_answer()) {
		return;
	}

	if (upg_is_web && g->req_ui_locked) {
		if (upgrade == UPG_UPGRADE_MAINTENANCE) {
			if (!upg_path_allowed(g->maintenance_allow)) {
				upg_refuse_maintenance(g);
			}
		} else if (g->guard && upg_is_admin_index(g->admin) && upg_has_confirm_param()) {
			upg_refuse_guard(g);
		}
	}

	/* After the 503, if any: with display_errors on and no output buffer, a
	 * warning printed first would send a 200 status before the 503 is set. */
	if (UNEXPECTED(g->status == UPG_FILE_BAD || g->req_expired || (g->status == UPG_FILE_MISSING && upg_is_web))) {
		char msg[UPG_STATE_PATH_MAX + 2 * UPG_STATE_PROBLEM_MAX];
		if (upg_state_warning(g, msg, sizeof(msg))) {
			upg_warn_once(g, msg);
		}
	}
}

/* --- upgrade_state(), upgrade_ui_locked(), upgrade_outageless() ----------- */

PHP_FUNCTION(upgrade_state)
{
	ZEND_PARSE_PARAMETERS_NONE();
	upg_state_globals *g = &UPG_G(state);

	if (g->req_status == UPG_FILE_OK) {
		upg_state_to_array(return_value, &g->data, g->req_expired);
	} else {
		upg_state_data none;
		memset(&none, 0, sizeof(none));
		/* A bad file is taken as locked: that is what failing closed means. */
		none.locked = g->req_status == UPG_FILE_BAD;
		upg_state_to_array(return_value, &none, false);
	}
	add_assoc_bool(return_value, "ui_locked", g->req_ui_locked);
	add_assoc_bool(return_value, "outageless", g->req_outageless);
	static const char *const sources[] = {"none", "ini", "file"};
	add_assoc_string(return_value, "source", (char *) sources[g->req_source]);
	if (g->file && *g->file) {
		add_assoc_string(return_value, "state_file", g->file);
	} else {
		add_assoc_null(return_value, "state_file");
	}
	if (g->req_status == UPG_FILE_BAD) {
		add_assoc_string(return_value, "problem", g->problem);
	} else {
		add_assoc_null(return_value, "problem");
	}
	char msg[UPG_STATE_PATH_MAX + 2 * UPG_STATE_PROBLEM_MAX];
	if (upg_state_warning(g, msg, sizeof(msg))) {
		add_assoc_string(return_value, "warning", msg);
	} else {
		add_assoc_null(return_value, "warning");
	}
}

PHP_FUNCTION(upgrade_ui_locked)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_BOOL(UPG_G(state.req_ui_locked));
}

PHP_FUNCTION(upgrade_outageless)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_BOOL(UPG_G(state.req_outageless));
}

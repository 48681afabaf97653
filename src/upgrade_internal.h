/*
 * Declarations shared by the extension's source files (not installed).
 */
#ifndef UPGRADE_INTERNAL_H
#define UPGRADE_INTERNAL_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_upgrade.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

/* --- errors (src/errors.c) ------------------------------------------------ */

extern zend_class_entry *upgrade_ce_exception;

/* Throws UpgradeException with a printf-style message. */
void upg_throw(const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 1, 2);

/* PHP's empty() for a nullable string: null, "" and "0". */
/* Narrows [*s, *s + *len) to the item without its blanks (spaces, tabs):
 * one entry of a comma-separated setting. */
static inline void upg_trim_blanks(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) {
		(*len)--;
	}
}

static inline bool upg_str_is_empty(const zend_string *s)
{
	return !s || ZSTR_LEN(s) == 0 || (ZSTR_LEN(s) == 1 && ZSTR_VAL(s)[0] == '0');
}

/* --- SHA-1 (src/sha1.c) --------------------------------------------------- */

#define UPG_SHA1_LEN 20
#define UPG_SHA1_HEX 40

typedef struct upg_sha1 upg_sha1;   /* one reusable digest context */

zend_result upg_sha1_startup(void);
void upg_sha1_shutdown(void);
upg_sha1 *upg_sha1_new(void);
void upg_sha1_free(upg_sha1 *ctx);
void upg_sha1_init(upg_sha1 *ctx);
void upg_sha1_update(upg_sha1 *ctx, const void *data, size_t len);
void upg_sha1_final(upg_sha1 *ctx, unsigned char out[UPG_SHA1_LEN]);
/* One-shot digest, hex-encoded (lowercase, NUL-terminated). */
void upg_sha1_hex(upg_sha1 *ctx, const void *data, size_t len, char out[UPG_SHA1_HEX + 1]);
void upg_hex(const unsigned char *bin, size_t len, char *out);

/* --- options (src/options.c) ---------------------------------------------- */

/* How folder hashes are keyed: by absolute path (Moodle's own, the default)
 * or by component name (the same code at two paths hashes the same). */
typedef enum { UPG_KEYS_ABSOLUTE = 0, UPG_KEYS_COMPONENT } upg_keys;

typedef struct {
	zend_string *admin;      /* admin folder name, "admin" by default */
	zend_string *themedir;   /* $CFG->themedir, or NULL */
	upg_keys keys;
} upg_options;

/* Validates the $options array of argument number `arg`; throws on error. */
zend_result upg_options_parse(upg_options *opts, HashTable *options, uint32_t arg);
void upg_options_free(upg_options *opts);
/* Checks a path argument: not empty, no NUL byte. Throws ValueError. */
zend_result upg_check_path_arg(zend_string *path, uint32_t arg);
/* The (site root, $options) arguments every site function takes; on success
 * the caller frees `opts` with upg_options_free(). */
zend_result upg_site_args(zend_string *root, uint32_t rootarg, HashTable *options, uint32_t optarg, upg_options *opts);

/* --- discovery (src/discover.c) ------------------------------------------- */

typedef struct {
	zend_string *type;
	zend_string *name;
	zend_string *dir;
} upg_plugin;

typedef struct upg_prefetch upg_prefetch;

typedef struct {
	bool layout51;           /* true: 5.1+ (public/), false: 4.x / 5.0 */
	zend_string *root;
	zend_string *dirroot;
	HashTable *types;        /* type => absolute dir (zend_string), ordered */
	HashTable *subsystems;   /* name => true, only subsystems Moodle's isset() sees */
	upg_plugin *plugins;     /* ordered: types order, then name order */
	uint32_t nplugins, cplugins;
	HashTable *warnings;     /* list of ['path' => , 'reason' => ] */
	struct upg_prefetch *prefetch;   /* type folders listed ahead (discovery only) */
} upg_site;

/* Called as soon as the core folder and each plugin are known (in Moodle's
 * order), so reading and hashing files overlaps discovery. */
typedef struct {
	void (*core)(void *ctx, const upg_site *site);
	void (*plugin)(void *ctx, const upg_site *site, const upg_plugin *plugin);
	void *ctx;
	bool preread_versions;   /* list threads also read each candidate's version.php */
	bool preread_db;         /* ... and list and hash each candidate's db/ folder */
} upg_discover_hook;

typedef struct upg_vjob upg_vjob;
/* The version.php reading done ahead of time for this plugin, or NULL; the
 * caller owns it (calling thread, during discovery's hooks only). */
upg_vjob *upg_prefetch_claim(const upg_site *site, const upg_plugin *plugin);
typedef struct upg_dirjob upg_dirjob;
/* The same for the plugin's db/ folder. */
upg_dirjob *upg_prefetch_claim_db(const upg_site *site, const upg_plugin *plugin);

/* Frankenstyle name of a plugin: TYPE_NAME. */
static inline zend_string *upg_component_name(const upg_plugin *p)
{
	return zend_string_concat3(ZSTR_VAL(p->type), ZSTR_LEN(p->type), "_", 1, ZSTR_VAL(p->name), ZSTR_LEN(p->name));
}

zend_result upg_discover(upg_site *site, zend_string *root, const upg_options *opts, const upg_discover_hook *hook);
void upg_site_free(upg_site *site);
/* Adds a warning (path, reason) to the site's list. */
void upg_warn(HashTable *warnings, const char *path, size_t path_len, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 4, 5);

/* --- directory hashing (src/dirhash.c) ------------------------------------ */

/* sha1(serialize($map)) of a path => hash map. */
void upg_hash_map(HashTable *map, char out[UPG_SHA1_HEX + 1]);

/* --- component hash (src/component_hash.c) ------------------------------ */

zend_result upg_component_hash(zend_string *root, const upg_options *opts, char out[UPG_SHA1_HEX + 1]);

/* --- file system helpers (src/fsutil.c) ----------------------------------- */

bool upg_is_dir(const char *path);
bool upg_file_exists(const char *path);
/* Reads a whole file into an emalloc'd zend_string; NULL and errno on failure. */
zend_string *upg_read_file(const char *path);

#endif /* UPGRADE_INTERNAL_H */

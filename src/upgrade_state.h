/*
 * Shared upgrade state (issue 5): the state file on shared storage that the
 * CLI side writes atomically and every web frontend reads in RINIT.
 *
 *   src/state.c            file format, validation, atomic write
 *   src/state_hook.c       RINIT cache, guard and maintenance 503
 *   src/state_functions.c  the PHP functions
 *
 * Everything a worker keeps lives in fixed-size buffers inside the module
 * globals: nothing to allocate per request, nothing to free at GSHUTDOWN,
 * and each ZTS thread has its own copy.
 */
#ifndef UPGRADE_STATE_H
#define UPGRADE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "zend_ini.h"

#define UPG_STATE_FORMAT      2        /* the format version this code writes (and the newest it reads) */
#define UPG_STATE_FORMAT_MIN  1        /* the oldest it reads: format 1 has no versions_hash */
#define UPG_STATE_MAGIC       "upgrade-state"
#define UPG_STATE_MAX_SIZE    8192     /* larger files are refused as corrupt */
#define UPG_STATE_REASON_MAX  1024
#define UPG_STATE_NAME_MAX    255      /* host and user names */
#define UPG_STATE_PROBLEM_MAX 600
#define UPG_STATE_PATH_MAX    4096
#define UPG_PAGE_MAX_SIZE     (1024 * 1024)   /* a larger maintenance page is not served */

/* Which upgrade is running. */
enum {
	UPG_UPGRADE_NONE = 0,
	UPG_UPGRADE_OUTAGELESS = 1,
	UPG_UPGRADE_MAINTENANCE = 2
};

/* Where the effective UI lock came from (upgrade_state()['source']). */
enum {
	UPG_SOURCE_NONE = 0,
	UPG_SOURCE_INI = 1,
	UPG_SOURCE_FILE = 2
};

/* What the last look at the file found. */
enum {
	UPG_FILE_UNKNOWN = 0,   /* not looked yet (or the path changed) */
	UPG_FILE_MISSING,       /* no file: nothing running */
	UPG_FILE_OK,            /* valid state in `data` */
	UPG_FILE_BAD            /* unusable: fail closed, reason in `problem` */
};

/* The content of a state file. Strings may hold any byte (lengths kept). */
typedef struct {
	bool locked;
	uint8_t upgrade;               /* UPG_UPGRADE_* */
	zend_long since;               /* unix time the state was written */
	zend_long expires;             /* unix time the lock lapses, 0 = never */
	zend_long expected_end;        /* maintenance: when it should be over, 0 = unknown */
	zend_long pid;
	uint16_t host_len, user_len, reason_len;
	char host[UPG_STATE_NAME_MAX + 1];
	char user[UPG_STATE_NAME_MAX + 1];
	char reason[UPG_STATE_REASON_MAX + 1];
	/* The site's allversionshash recorded after its last upgrade: 40
	 * lowercase hex digits, or "" when not recorded (format 1: always). */
	char versions_hash[40 + 1];
	uint8_t format;                /* the file's format version (0: not read from a file) */
} upg_state_data;

/* What identifies one version of the file: any write (a rename) changes it. */
typedef struct {
	uint64_t dev, ino;
	int64_t size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
	uint32_t mode;
} upg_file_id;

typedef struct {
	/* INI (php_upgrade.c binds them) */
	char *file;                    /* upgrade.state_file */
	bool ui_lock;                  /* upgrade.ui_lock */
	bool outageless;               /* upgrade.outageless */
	zend_long recheck_ms;          /* upgrade.recheck_ms */
	bool guard;                    /* upgrade.guard */
	char *admin;                   /* upgrade.admin */
	char *maintenance_allow;       /* upgrade.maintenance_allow */
	char *maintenance_page;        /* upgrade.maintenance_page */
	zend_long file_mode;           /* upgrade.state_file_mode, parsed */

	/* Per worker: what was last read, kept across requests. */
	int status;                    /* UPG_FILE_* */
	uint64_t checked_ns;           /* monotonic time of the last open+fstat */
	upg_file_id id;                /* identity of what `data`/`problem` came from */
	upg_state_data data;
	char path[UPG_STATE_PATH_MAX]; /* the path the cache belongs to */
	char problem[UPG_STATE_PROBLEM_MAX];
	char warned[UPG_STATE_PROBLEM_MAX]; /* last warning given: warn once per change */

	/* Per request: computed in RINIT, constant until the next one. */
	bool req_ui_locked;
	bool req_outageless;
	bool req_expired;              /* the file's lock had lapsed */
	bool req_blocked;              /* this request was answered with a 503 */
	uint8_t req_source;            /* UPG_SOURCE_* */
	uint8_t req_status;            /* UPG_FILE_* seen by this request */
} upg_state_globals;

/* --- src/state.c ---------------------------------------------------------- */

/* Result of reading a state file now. */
typedef struct {
	int status;                    /* UPG_FILE_MISSING, UPG_FILE_OK or UPG_FILE_BAD */
	upg_file_id id;
	upg_state_data data;
	char problem[UPG_STATE_PROBLEM_MAX];
} upg_state_read_result;

/* Opens `path` and fstat()s the descriptor: returns the descriptor, with
 * *status UPG_FILE_OK and the identity in `id`, or -1 with MISSING or BAD
 * (and the problem). Never a stat() by name: on NFS only an open() asks the
 * server (close-to-open); a stat() may answer from the attribute cache. */
int upg_state_open(const char *path, upg_file_id *id, int *status, char *problem, size_t problem_size);
/* Reads and parses the file behind `fd` (from upg_state_open) into `res`
 * (whose status is UPG_FILE_OK), and closes `fd`. */
void upg_state_read_fd(int fd, upg_state_read_result *res);
/* upg_state_open, then upg_state_read_fd: the file's state now. */
void upg_state_load(const char *path, upg_state_read_result *res);
/* Parses a whole file's bytes; false and a reason when it is not valid. */
bool upg_state_parse(const char *buf, size_t len, upg_state_data *out, char *problem, size_t problem_size);
/* 40 lowercase hex digits (a SHA-1 as Moodle stores it). */
bool upg_is_sha1_hex(const char *s, size_t len);
/* Serialises `st` into the file format (with the checksum line). */
zend_string *upg_state_serialize(const upg_state_data *st);
/* Writes `st` atomically at `path`. `update`, when given, is called with the
 * current state (while writers are serialised) to build the new one; it
 * returns FAILURE after throwing. Throws UpgradeException on failure. */
typedef zend_result (*upg_state_update_fn)(const upg_state_read_result *cur, upg_state_data *next, void *arg);
zend_result upg_state_write(const char *path, zend_long mode, upg_state_update_fn update, void *arg, upg_state_data *written);
/* Fills host, pid and user with this process's identity. */
void upg_state_set_owner(upg_state_data *st);
bool upg_state_expired(const upg_state_data *st, zend_long now);
const char *upg_state_upgrade_name(uint8_t upgrade);
/* The file-part keys of upgrade_state()/upgrade_state_read(). */
void upg_state_to_array(zval *arr, const upg_state_data *st, bool expired);
/* Human-readable "user@host (pid N)" of who wrote a state. */
void upg_state_who(const upg_state_data *st, char *out, size_t size);
/* "2024-11-23 20:00:00 UTC" */
void upg_state_fmt_time(zend_long t, char *out, size_t size);
/* The warning for an expired lock: "<what> <path>: the lock left by ... expired at ...". */
void upg_state_expiry_message(const char *what, const char *path, const upg_state_data *st, char *out, size_t size);

/* --- src/state_hook.c ----------------------------------------------------- */

zend_result upg_state_minit(void);
void upg_state_mshutdown(void);
void upg_state_rinit(void);
/* CLOCK_MONOTONIC in nanoseconds: when the worker last looked at the file. */
uint64_t upg_state_monotonic_ns(void);
/* INI handler for upgrade.state_file_mode: an octal string, never o+w. */
ZEND_INI_MH(upg_ini_state_file_mode);
/* For the status answer (src/status.c): this request is answered here;
 * the primary script is never compiled. */
void upg_state_block_request(void);
void upg_state_add_header(const char *line, size_t len);

#endif /* UPGRADE_STATE_H */

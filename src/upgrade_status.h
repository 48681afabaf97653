/*
 * The status answer (issue 16): with upgrade.status_path set, a GET of that
 * path is answered by the request hook itself, before any site code, with
 * JSON saying what this worker sees (the lock, the state file, this
 * frontend's code identity) and whether it is ready (HTTP 200 or 503).
 *
 *   src/status.c   settings, the client check, the answer, upgrade_readiness()
 *
 * Settings are parsed once, when they are set, into fixed-size storage in the
 * module globals: a request for another path costs one string compare.
 */
#ifndef UPGRADE_STATUS_H
#define UPGRADE_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "zend_ini.h"

#define UPG_STATUS_ALLOW_MAX  32       /* upgrade.status_allow entries */

/* One entry of upgrade.status_allow: an IPv4 or IPv6 network. */
typedef struct {
	uint8_t family;                /* 4 or 6 */
	uint8_t prefix;                /* bits that must match */
	unsigned char addr[16];        /* network address (4 bytes used for IPv4) */
} upg_cidr;

typedef struct {
	/* INI (php_upgrade.c binds them) */
	char *path;                    /* upgrade.status_path: "" = off */
	size_t path_len;               /* its length, 0 when off or invalid */
	char *allow;                   /* upgrade.status_allow as given */
	char *site_root;               /* upgrade.site_root: "" = from DOCUMENT_ROOT */

	/* upgrade.status_allow, parsed when set */
	upg_cidr cidrs[UPG_STATUS_ALLOW_MAX];
	uint8_t ncidrs;
	bool allow_bad;                /* malformed: everybody is refused */

	/* Per worker */
	char collision[4096];          /* the colliding file last warned about */
} upg_status_globals;

ZEND_INI_MH(upg_ini_status_path);
ZEND_INI_MH(upg_ini_status_allow);

/* Is this request for the status path? Only the path (request URI up to
 * '?') counts. The hot path of every request when the feature is on. */
static inline bool upg_status_requested(const upg_status_globals *s, const char *uri)
{
	/* The first two bytes inline: most paths differ there ("/index.php"). */
	return uri && uri[0] == '/' && (s->path_len == 1 || uri[1] == s->path[1])
		&& strncmp(uri, s->path, s->path_len) == 0 && (uri[s->path_len] == '\0' || uri[s->path_len] == '?');
}

/* Answers the status request (src/status.c); false when it must not be
 * answered here (the path is a real file of the site: served as usual). */
bool upg_status_answer(void);

#endif /* UPGRADE_STATUS_H */

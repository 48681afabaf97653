/*
 * upgrade: outageless Moodle upgrades, in C.
 * Public header: module entry, version and the module globals accessor.
 */
#ifndef PHP_UPGRADE_H
#define PHP_UPGRADE_H

extern zend_module_entry upgrade_module_entry;
#define phpext_upgrade_ptr &upgrade_module_entry

#define PHP_UPGRADE_VERSION "0.1.0"

#ifdef ZTS
# include "TSRM.h"
#endif

#include "upgrade_state.h"      /* upg_state_globals: shared upgrade state (src/state*.c) */
#include "upgrade_cache.h"      /* upg_cache_globals: per-process cache of repeat checks (src/cache.c) */
#include "upgrade_status.h"     /* upg_status_globals: the status answer (src/status.c) */

ZEND_BEGIN_MODULE_GLOBALS(upgrade)
	zend_long threads;          /* upgrade.threads: worker threads for hashing (0 = auto) */
	upg_cache_globals cache;    /* upgrade.cache: what repeat checks need not read again */
	upg_state_globals state;    /* upgrade.state_file and friends, the per-worker cache, this request's view */
	upg_status_globals status;  /* upgrade.status_path, status_allow, site_root */
ZEND_END_MODULE_GLOBALS(upgrade)

ZEND_EXTERN_MODULE_GLOBALS(upgrade)

/* The one accessor for module globals, ZTS and NTS alike. */
#define UPG_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(upgrade, v)

#if defined(ZTS) && defined(COMPILE_DL_UPGRADE)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_UPGRADE_H */

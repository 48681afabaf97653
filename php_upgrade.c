/*
 * upgrade: outageless Moodle upgrades, in C.
 * Module entry, INI settings, MINIT/MSHUTDOWN, RINIT. Nothing else lives here:
 * each concern has its own file under src/.
 */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"
#include "ext/spl/spl_exceptions.h"

#include "php_upgrade.h"
#include "src/upgrade_internal.h"
#include "src/upgrade_pool.h"
#include "upgrade_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(upgrade)

PHP_INI_BEGIN()
	/* System-wide: the thread count is a property of the host, not of a script
	 * (0 = automatic, see src/pool.c). */
	STD_PHP_INI_ENTRY("upgrade.threads", "0", PHP_INI_SYSTEM, OnUpdateLong, threads,
		zend_upgrade_globals, upgrade_globals)

	/* The per-process cache (src/cache.c). Turning it off is always safe, so
	 * a script may do it (tests, a suspicious admin); its size is the host's. */
	STD_PHP_INI_BOOLEAN("upgrade.cache", "1", PHP_INI_ALL, OnUpdateBool, cache.enabled,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.cache_entries", "100000", PHP_INI_SYSTEM, OnUpdateLongGEZero, cache.max_entries,
		zend_upgrade_globals, upgrade_globals)
	/* Like opcache.revalidate_freq: trade freshness for speed, per host. */
	STD_PHP_INI_ENTRY("upgrade.cache_revalidate_ms", "0", PHP_INI_SYSTEM, OnUpdateLongGEZero, cache.revalidate_ms,
		zend_upgrade_globals, upgrade_globals)
	/* Shared upgrade state (src/state_hook.c). All PHP_INI_SYSTEM: a script
	 * (ini_set) or a .user.ini must not be able to lift its own lock or
	 * guard; php.ini, -d and a pool's php_admin_value still set them. */
	STD_PHP_INI_ENTRY("upgrade.state_file", "", PHP_INI_SYSTEM, OnUpdateString, state.file,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_BOOLEAN("upgrade.ui_lock", "0", PHP_INI_SYSTEM, OnUpdateBool, state.ui_lock,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_BOOLEAN("upgrade.outageless", "0", PHP_INI_SYSTEM, OnUpdateBool, state.outageless,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.recheck_ms", "1000", PHP_INI_SYSTEM, OnUpdateLongGEZero, state.recheck_ms,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_BOOLEAN("upgrade.guard", "0", PHP_INI_SYSTEM, OnUpdateBool, state.guard,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.admin", "admin", PHP_INI_SYSTEM, OnUpdateStringUnempty, state.admin,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.maintenance_allow",
		"/theme/image.php,/theme/styles.php,/theme/font.php,/theme/javascript.php,/theme/yui_combo.php,"
		"/lib/javascript.php,/lib/requirejs.php",
		PHP_INI_SYSTEM, OnUpdateString, state.maintenance_allow, zend_upgrade_globals, upgrade_globals)
	/* The page of the maintenance 503; empty = the dataroot's climaintenance.html
	 * next to the state file (see upg_maintenance_page_path()). */
	STD_PHP_INI_ENTRY("upgrade.maintenance_page", "", PHP_INI_SYSTEM, OnUpdateString, state.maintenance_page,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.state_file_mode", "0640", PHP_INI_SYSTEM, upg_ini_state_file_mode, state.file_mode,
		zend_upgrade_globals, upgrade_globals)
	/* The status answer (src/status.c). System-wide like the rest: a script
	 * must not open the answer to other clients. status_allow is parsed
	 * once here, so a request pays nothing for it. */
	STD_PHP_INI_ENTRY("upgrade.status_path", "", PHP_INI_SYSTEM, upg_ini_status_path, status.path,
		zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.status_allow", "127.0.0.0/8,::1/128", PHP_INI_SYSTEM, upg_ini_status_allow,
		status.allow, zend_upgrade_globals, upgrade_globals)
	STD_PHP_INI_ENTRY("upgrade.site_root", "", PHP_INI_SYSTEM, OnUpdateString, status.site_root,
		zend_upgrade_globals, upgrade_globals)
PHP_INI_END()

static PHP_GINIT_FUNCTION(upgrade)
{
#if defined(COMPILE_DL_UPGRADE) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(upgrade_globals, 0, sizeof(*upgrade_globals));
}

static PHP_GSHUTDOWN_FUNCTION(upgrade)
{
	upg_cache_gshutdown(&upgrade_globals->cache);
}

static PHP_MINIT_FUNCTION(upgrade)
{
	REGISTER_INI_ENTRIES();
	if (upg_sha1_startup() == FAILURE) {
		php_error_docref(NULL, E_CORE_WARNING, "upgrade: OpenSSL has no SHA-1 digest");
		return FAILURE;
	}
	upgrade_ce_exception = register_class_UpgradeException(spl_ce_RuntimeException);
	upg_pool_minit();
	return upg_state_minit();
}

static PHP_MSHUTDOWN_FUNCTION(upgrade)
{
	upg_pool_mshutdown();
	upg_state_mshutdown();
	upg_sha1_shutdown();
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_RINIT_FUNCTION(upgrade)
{
	(void) type;
	(void) module_number;
#if defined(COMPILE_DL_UPGRADE) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	upg_state_rinit();
	return SUCCESS;
}

static PHP_MINFO_FUNCTION(upgrade)
{
	php_info_print_table_start();
	php_info_print_table_row(2, "upgrade support", "enabled");
	php_info_print_table_row(2, "version", PHP_UPGRADE_VERSION);
	php_info_print_table_end();
	DISPLAY_INI_ENTRIES();
}

zend_module_entry upgrade_module_entry = {
	STANDARD_MODULE_HEADER,
	"upgrade",
	ext_functions,
	PHP_MINIT(upgrade),
	PHP_MSHUTDOWN(upgrade),
	PHP_RINIT(upgrade),
	NULL,
	PHP_MINFO(upgrade),
	PHP_UPGRADE_VERSION,
	PHP_MODULE_GLOBALS(upgrade),
	PHP_GINIT(upgrade),
	PHP_GSHUTDOWN(upgrade),
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_UPGRADE
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(upgrade)
#endif

/*
 * UpgradeException: environment failures (missing site, unreadable or
 * malformed files). Caller mistakes use the engine's TypeError/ValueError.
 */
#include "upgrade_internal.h"

zend_class_entry *upgrade_ce_exception;

void upg_throw(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	zend_string *msg = zend_vstrpprintf(0, format, args);
	va_end(args);
	zend_throw_exception(upgrade_ce_exception, ZSTR_VAL(msg), 0);
	zend_string_release(msg);
}

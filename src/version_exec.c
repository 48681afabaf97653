/*
 * The exact fallback for version files the static reader cannot prove: run
 * the file in a fresh function scope, as core_component does, with output
 * discarded and Moodle's constants defined. A file that throws (ParseError,
 * Error) or exits becomes an UpgradeException naming the file, never a dead
 * process.
 */
#include "upgrade_versions.h"

#include "php_output.h"
#include "zend_interfaces.h"

/* Evaluated as one expression (zend_eval_stringl() wraps it in a return).
 * The runners are closures so the file sees exactly Moodle's scope: a plugin
 * file sees $plugin and $module (the same object), core's sees $version. */
static const char upg_runner_code[] =
	"(static function () { foreach (['MOODLE_INTERNAL' => true, 'MATURITY_ALPHA' => 50, 'MATURITY_BETA' => 100,"
	" 'MATURITY_RC' => 150, 'MATURITY_STABLE' => 200, 'ANY_VERSION' => 'any'] as $__n => $__v) {"
	" if (!defined($__n)) { define($__n, $__v); } }"
	" return [static function () { $plugin = new \\stdClass(); $plugin->version = null;"
	" $module = $plugin; include func_get_arg(0); return $plugin->version; },"
	" static function () { $version = null; require func_get_arg(0); return $version; }]; })()";

static zend_result upg_runner(bool core, zval *closure)
{
	zval runners;
	if (zend_eval_stringl((char *) upg_runner_code, sizeof(upg_runner_code) - 1, &runners,
			"upgrade version runner") == FAILURE || Z_TYPE(runners) != IS_ARRAY) {
		zval_ptr_dtor(&runners);
		if (!EG(exception)) {
			upg_throw("Cannot set up the version file runner");
		}
		return FAILURE;
	}
	ZVAL_COPY(closure, zend_hash_index_find(Z_ARRVAL(runners), core ? 1 : 0));
	zval_ptr_dtor(&runners);
	return SUCCESS;
}

zend_result upg_version_exec(zend_string *file, bool core, zval *value)
{
	zval closure, arg;
	ZVAL_UNDEF(value);
	if (upg_runner(core, &closure) == FAILURE) {
		return FAILURE;
	}
	ZVAL_STR_COPY(&arg, file);

	php_output_start_default();
	zend_result rc = call_user_function(NULL, NULL, &closure, value, 1, &arg);
	php_output_discard();
	zval_ptr_dtor(&arg);
	zval_ptr_dtor(&closure);

	if (EG(exception)) {
		zend_object *ex = EG(exception);
		zval_ptr_dtor(value);
		ZVAL_UNDEF(value);
		if (zend_is_unwind_exit(ex)) {
			/* exit()/die() in a version file: Moodle's process would end here. */
			zend_clear_exception();
			upg_throw("Executing %s: the file called exit()", ZSTR_VAL(file));
			return FAILURE;
		}
		GC_ADDREF(ex);
		zend_clear_exception();
		zval rv1, rv2;
		zval *msg = zend_read_property_ex(ex->ce, ex, ZSTR_KNOWN(ZEND_STR_MESSAGE), 1, &rv1);
		zval *line = zend_read_property_ex(ex->ce, ex, ZSTR_KNOWN(ZEND_STR_LINE), 1, &rv2);
		zend_string *m = zval_get_string(msg);
		upg_throw("Executing %s failed: %s: %s on line " ZEND_LONG_FMT,
			ZSTR_VAL(file), ZSTR_VAL(ex->ce->name), ZSTR_VAL(m), zval_get_long(line));
		zend_string_release(m);
		zend_exception_set_previous(EG(exception), ex);
		return FAILURE;
	}
	if (rc == FAILURE || Z_ISUNDEF_P(value)) {
		upg_throw("Executing %s failed", ZSTR_VAL(file));
		return FAILURE;
	}
	return SUCCESS;
}

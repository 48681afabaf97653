/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 6bd249552af5b5822d3a859e8e3a58ebdcebfcd9 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_discover, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_directory_hashes, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, directories, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_component_hash, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_is_maintenance_required, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, storedcomponenthash, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_lock, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, meta, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, ttl, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, state_file, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_unlock, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, state_file, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_heartbeat, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, ttl, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, state_file, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_state_read, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, state_file, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_state, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_ui_locked, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_upgrade_outageless arginfo_upgrade_ui_locked

#define arginfo_upgrade_settings arginfo_upgrade_state

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_record_versions_hash, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, versionshash, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, state_file, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_readiness, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, state_file, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_upgrade_versions arginfo_upgrade_discover

#define arginfo_upgrade_version_sources arginfo_upgrade_discover

#define arginfo_upgrade_versions_hash arginfo_upgrade_component_hash

#define arginfo_upgrade_hashes arginfo_upgrade_discover

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_is_pending, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, storedversionshash, IS_STRING, 1)
	ZEND_ARG_TYPE_MASK(0, storedcoreversion, MAY_BE_STRING|MAY_BE_DOUBLE|MAY_BE_LONG|MAY_BE_NULL, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_upgrade_snapshot arginfo_upgrade_discover

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_diff, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, snapshot, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_upgrade_cache_info arginfo_upgrade_state

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_cache_clear, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_cache_save, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, file, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_upgrade_cache_load arginfo_upgrade_cache_save


ZEND_FUNCTION(upgrade_discover);
ZEND_FUNCTION(upgrade_directory_hashes);
ZEND_FUNCTION(upgrade_component_hash);
ZEND_FUNCTION(upgrade_is_maintenance_required);
ZEND_FUNCTION(upgrade_lock);
ZEND_FUNCTION(upgrade_unlock);
ZEND_FUNCTION(upgrade_heartbeat);
ZEND_FUNCTION(upgrade_state_read);
ZEND_FUNCTION(upgrade_state);
ZEND_FUNCTION(upgrade_ui_locked);
ZEND_FUNCTION(upgrade_outageless);
ZEND_FUNCTION(upgrade_settings);
ZEND_FUNCTION(upgrade_record_versions_hash);
ZEND_FUNCTION(upgrade_readiness);
ZEND_FUNCTION(upgrade_versions);
ZEND_FUNCTION(upgrade_version_sources);
ZEND_FUNCTION(upgrade_versions_hash);
ZEND_FUNCTION(upgrade_hashes);
ZEND_FUNCTION(upgrade_is_pending);
ZEND_FUNCTION(upgrade_snapshot);
ZEND_FUNCTION(upgrade_diff);
ZEND_FUNCTION(upgrade_cache_info);
ZEND_FUNCTION(upgrade_cache_clear);
ZEND_FUNCTION(upgrade_cache_save);
ZEND_FUNCTION(upgrade_cache_load);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(upgrade_discover, arginfo_upgrade_discover)
	ZEND_FE(upgrade_directory_hashes, arginfo_upgrade_directory_hashes)
	ZEND_FE(upgrade_component_hash, arginfo_upgrade_component_hash)
	ZEND_FE(upgrade_is_maintenance_required, arginfo_upgrade_is_maintenance_required)
	ZEND_FE(upgrade_lock, arginfo_upgrade_lock)
	ZEND_FE(upgrade_unlock, arginfo_upgrade_unlock)
	ZEND_FE(upgrade_heartbeat, arginfo_upgrade_heartbeat)
	ZEND_FE(upgrade_state_read, arginfo_upgrade_state_read)
	ZEND_FE(upgrade_state, arginfo_upgrade_state)
	ZEND_FE(upgrade_ui_locked, arginfo_upgrade_ui_locked)
	ZEND_FE(upgrade_outageless, arginfo_upgrade_outageless)
	ZEND_FE(upgrade_settings, arginfo_upgrade_settings)
	ZEND_FE(upgrade_record_versions_hash, arginfo_upgrade_record_versions_hash)
	ZEND_FE(upgrade_readiness, arginfo_upgrade_readiness)
	ZEND_FE(upgrade_versions, arginfo_upgrade_versions)
	ZEND_FE(upgrade_version_sources, arginfo_upgrade_version_sources)
	ZEND_FE(upgrade_versions_hash, arginfo_upgrade_versions_hash)
	ZEND_FE(upgrade_hashes, arginfo_upgrade_hashes)
	ZEND_FE(upgrade_is_pending, arginfo_upgrade_is_pending)
	ZEND_FE(upgrade_snapshot, arginfo_upgrade_snapshot)
	ZEND_FE(upgrade_diff, arginfo_upgrade_diff)
	ZEND_FE(upgrade_cache_info, arginfo_upgrade_cache_info)
	ZEND_FE(upgrade_cache_clear, arginfo_upgrade_cache_clear)
	ZEND_FE(upgrade_cache_save, arginfo_upgrade_cache_save)
	ZEND_FE(upgrade_cache_load, arginfo_upgrade_cache_load)
	ZEND_FE_END
};


static const zend_function_entry class_UpgradeException_methods[] = {
	ZEND_FE_END
};

static zend_class_entry *register_class_UpgradeException(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "UpgradeException", class_UpgradeException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

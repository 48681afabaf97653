/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 86268b211b1be2c8d4b0fccc70caa5ef2b2a1cd7 */

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

#define arginfo_upgrade_versions arginfo_upgrade_discover

#define arginfo_upgrade_version_sources arginfo_upgrade_discover

#define arginfo_upgrade_versions_hash arginfo_upgrade_component_hash

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_upgrade_is_pending, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, storedversionshash, IS_STRING, 1)
	ZEND_ARG_TYPE_MASK(0, storedcoreversion, MAY_BE_STRING|MAY_BE_DOUBLE|MAY_BE_LONG|MAY_BE_NULL, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()


ZEND_FUNCTION(upgrade_discover);
ZEND_FUNCTION(upgrade_directory_hashes);
ZEND_FUNCTION(upgrade_component_hash);
ZEND_FUNCTION(upgrade_is_maintenance_required);
ZEND_FUNCTION(upgrade_versions);
ZEND_FUNCTION(upgrade_version_sources);
ZEND_FUNCTION(upgrade_versions_hash);
ZEND_FUNCTION(upgrade_is_pending);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(upgrade_discover, arginfo_upgrade_discover)
	ZEND_FE(upgrade_directory_hashes, arginfo_upgrade_directory_hashes)
	ZEND_FE(upgrade_component_hash, arginfo_upgrade_component_hash)
	ZEND_FE(upgrade_is_maintenance_required, arginfo_upgrade_is_maintenance_required)
	ZEND_FE(upgrade_versions, arginfo_upgrade_versions)
	ZEND_FE(upgrade_version_sources, arginfo_upgrade_version_sources)
	ZEND_FE(upgrade_versions_hash, arginfo_upgrade_versions_hash)
	ZEND_FE(upgrade_is_pending, arginfo_upgrade_is_pending)
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

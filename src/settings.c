/*
 * upgrade_settings(): the upgrade.* settings this process runs with, read
 * from the module globals at run time.
 *
 * Why not ini_get(): opcache's optimiser replaces ini_get('<literal>') of a
 * PHP_INI_SYSTEM setting with the value it has when the script is compiled,
 * and php-fpm pools of one master share compiled scripts, so a tree served by
 * two pools with different upgrade.* values reads whichever pool compiled it
 * first. A call into the extension is never folded.
 */
#include "upgrade_internal.h"
#include "upgrade_state.h"

PHP_FUNCTION(upgrade_settings)
{
	ZEND_PARSE_PARAMETERS_NONE();
	const upg_state_globals *s = &UPG_G(state);
	const upg_cache_globals *c = &UPG_G(cache);
	char mode[8];
	snprintf(mode, sizeof(mode), "%04o", (unsigned) s->file_mode);

	const upg_status_globals *st = &UPG_G(status);
	array_init_size(return_value, 16);
	add_assoc_string(return_value, "upgrade.state_file", s->file ? s->file : "");
	add_assoc_bool(return_value, "upgrade.ui_lock", s->ui_lock);
	add_assoc_bool(return_value, "upgrade.outageless", s->outageless);
	add_assoc_long(return_value, "upgrade.recheck_ms", s->recheck_ms);
	add_assoc_bool(return_value, "upgrade.guard", s->guard);
	add_assoc_string(return_value, "upgrade.admin", s->admin ? s->admin : "");
	add_assoc_string(return_value, "upgrade.maintenance_allow", s->maintenance_allow ? s->maintenance_allow : "");
	add_assoc_string(return_value, "upgrade.maintenance_page", s->maintenance_page ? s->maintenance_page : "");
	add_assoc_string(return_value, "upgrade.state_file_mode", mode);
	add_assoc_string(return_value, "upgrade.status_path", st->path_len ? st->path : "");
	add_assoc_string(return_value, "upgrade.status_allow", st->allow ? st->allow : "");
	add_assoc_string(return_value, "upgrade.site_root", st->site_root ? st->site_root : "");
	add_assoc_long(return_value, "upgrade.threads", UPG_G(threads));
	add_assoc_bool(return_value, "upgrade.cache", c->enabled);
	add_assoc_long(return_value, "upgrade.cache_entries", c->max_entries);
	add_assoc_long(return_value, "upgrade.cache_revalidate_ms", c->revalidate_ms);
}

<?php
// tests/integrate: the one namespaced class admin/cli/upgrade.php uses.

namespace core\session;

class manager
{
    public static function set_user($user) {}
}

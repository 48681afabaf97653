<?php
// tests/integrate: the config.php an integrated admin/cli/upgrade.php reads,
// with stand-ins for the Moodle libraries it requires (this folder is its
// $CFG->libdir, and upgradeextlib.php here is the tree's copy). Scenario from
// the environment: STUB_ROOT, STUB_DATA, STUB_RECORD (calls written there as
// JSON), STUB_PENDING (1: moodle_needs_upgrading() says yes), STUB_NEWER
// (1: the code's version is above the database's), STUB_SAMEHASH (1: the
// stored component hash is the code's).

define('MOODLE_INTERNAL', true);
define('MATURITY_STABLE', 200);   // lib/setuplib.php's, for version.php
unset($CFG);
global $CFG, $SESSION;
$CFG = new stdClass();
$SESSION = new stdClass();
$root = getenv('STUB_ROOT');
$CFG->root = $root;
$CFG->dirroot = is_file("$root/public/version.php") ? "$root/public" : $root;
$CFG->libdir = __DIR__;
$CFG->dataroot = getenv('STUB_DATA');
$CFG->directorypermissions = 02777;
$CFG->admin = 'admin';
$CFG->lang = 'en';
require "$CFG->dirroot/version.php";
$CFG->version = getenv('STUB_NEWER') === '1' ? $version - 1 : $version;
$CFG->release = $release;
$CFG->branch = $branch;
$CFG->allcomponenthash = getenv('STUB_SAMEHASH') === '1'
    ? (function_exists('upgrade_component_hash') && is_file(__DIR__ . '/upgradeextlib.php')
        ? upgrade_component_hash($root)       // what the integrated script computes
        : 'moodle-component-hash')            // what core_component's stand-in answers
    : 'another-hash';
unset($version, $release, $branch, $maturity);

// $DB: the one value the integration reads, the allversionshash Moodle
// stored at the end of the upgrade (STUB_VERSIONSHASH), the read recorded.
final class stub_database
{
    public function get_field($table, $field, array $conditions)
    {
        stub_record("get_field($table, " . implode(', ', $conditions) . ')');
        return $conditions === ['name' => 'allversionshash'] ? (getenv('STUB_VERSIONSHASH') ?: str_repeat('5e', 20)) : false;
    }
}
global $DB;
$DB = new stub_database();

<?php
// tests/integrate: stand-ins for the Moodle functions admin/cli/upgrade.php
// calls. Each call that matters is recorded with the state file's lock as
// it is at that moment: "outageless", "maintenance", "free" or "none" (no
// state file support).

defined('MOODLE_INTERNAL') || die();
const ENV_SELECT_RELEASE = 2;
const DEBUG_DEVELOPER = 32767;

$GLOBALS['stub_calls'] = [];
register_shutdown_function(function () {
    $GLOBALS['stub_calls'][] = 'exit, state ' . stub_state();
    file_put_contents(getenv('STUB_RECORD'), json_encode($GLOBALS['stub_calls'], JSON_UNESCAPED_SLASHES) . "\n");
});

function stub_state(): string
{
    if (!function_exists('upgradeext_state_file') || upgradeext_state_file() === null) {
        return 'none';
    }
    $file = upgradeext_state_file();
    if (!file_exists($file)) {
        return 'free';
    }
    $s = upgrade_state_read($file);
    return empty($s['locked']) ? 'free' : (string) $s['upgrade'];
}

function stub_record(string $what): void
{
    $GLOBALS['stub_calls'][] = $what . ', state ' . stub_state();
}

function cli_get_params(array $longoptions, ?array $shortmapping = null): array
{
    $options = $longoptions;
    $unknown = [];
    foreach (array_slice($_SERVER['argv'], 1) as $arg) {
        if (!preg_match('/^--([a-z-]+)(?:=(.*))?$/', $arg, $m) || !array_key_exists($m[1], $longoptions)) {
            $unknown[] = $arg;
            continue;
        }
        $options[$m[1]] = isset($m[2]) ? !in_array(strtolower($m[2]), ['0', 'false', 'no', 'off'], true) : true;
    }
    return [$options, $unknown];
}

function cli_error($text, $errorcode = 1)
{
    stub_record("cli_error($errorcode)");
    exit($errorcode);
}

function cli_writeln($text, $stream = STDOUT) {}
function cli_heading($string, $return = false) {}
function cli_problem($text) {}
function cli_separator($return = false) {}
function cli_input($prompt, $default = '', ?array $options = null, $casesensitive = false) { return 'y'; }
function get_string($identifier, $component = '', $a = null) { return $identifier; }
function get_docs_url($path = null) { return ''; }
function html_to_text($html) { return $html; }
function normalize_version($version) { return $version; }
function check_moodle_environment($version, $envselect) { return [true, []]; }
function environment_get_errors($results) { return []; }
function upgrade_stale_php_files_present() { return false; }
function get_admin() { return null; }
function admin_apply_default_settings($node = null, $unconditional = true) { return []; }

function set_config($name, $value, $plugin = null)
{
    if ($name === 'outagelessupgrade') {
        stub_record("set_config($name, " . var_export((bool) $value, true) . ')');
    }
}

function moodle_needs_upgrading($checkupgradeflag = true)
{
    return getenv('STUB_PENDING') === '1';
}

function upgrade_core($version, $verbose) { stub_record('upgrade_core'); }
function upgrade_noncore($verbose) { stub_record('upgrade_noncore'); }
function upgrade_themes() { stub_record('upgrade_themes'); }
function debugging($message = '', $level = 0) { stub_record("debugging($message)"); }

class core_component
{
    public static function get_all_component_hash()
    {
        stub_record('core_component::get_all_component_hash');
        return 'moodle-component-hash';
    }
}

class core_plugin_manager
{
    public static function instance() { return new self(); }
    public function all_plugins_ok($version, &$failed = [], $branch = null) { return true; }
}

class cache_helper
{
    public static function purge_all($usewriter = false) {}
}

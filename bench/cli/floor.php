<?php
// The least a PHP process can do to answer from a Moodle site's database, for
// bench/cli/moodle: read config.php as Moodle's scripts do when they want the
// configuration only (ABORT_AFTER_CONFIG), connect as config.php says, one
// query. No hashing, no decision.
//
//   php bench/cli/floor.php SITEROOT
define('CLI_SCRIPT', true);
define('ABORT_AFTER_CONFIG', true);
require $argv[1] . '/config.php';
$port = $CFG->dboptions['dbport'] ?? '';
$pdo = new PDO("pgsql:host=$CFG->dbhost;" . ($port ? "port=$port;" : '') . "dbname=$CFG->dbname;gssencmode=disable",
    $CFG->dbuser, $CFG->dbpass, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_EMULATE_PREPARES => true]);
$pdo->query("SELECT name, value FROM {$CFG->prefix}config WHERE name IN ('version', 'allversionshash', 'allcomponenthash')")->fetchAll();

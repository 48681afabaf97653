<?php  // Moodle configuration file of the sample site (not Moodle code).

// The shape Moodle's installer writes. Only the database settings differ: they
// come from the environment (with the usual defaults), so that the README and
// the tests can point the sample site at any server. A real site writes them in.

unset($CFG);
global $CFG;
$CFG = new stdClass();

$CFG->dbtype    = getenv('MOODLE_DBTYPE') ?: 'pgsql';
$CFG->dblibrary = 'native';
$CFG->dbhost    = getenv('MOODLE_DBHOST') ?: 'localhost';
$CFG->dbname    = getenv('MOODLE_DBNAME') ?: 'moodle';
$CFG->dbuser    = getenv('MOODLE_DBUSER') ?: 'moodle';
$CFG->dbpass    = getenv('MOODLE_DBPASS') ?: '';
$CFG->prefix    = getenv('MOODLE_PREFIX') ?: 'mdl_';
$CFG->dboptions = [
    'dbpersist' => 0,
    'dbport' => getenv('MOODLE_DBPORT') ?: '',
    'dbsocket' => '',
];

$CFG->wwwroot   = 'http://localhost/sample';
$CFG->dataroot  = getenv('MOODLE_DATAROOT') ?: '/var/lib/moodle-sample-data';
$CFG->admin     = 'admin';

$CFG->directorypermissions = 02777;

require_once(__DIR__ . '/lib/setup.php');

// There is no closing PHP tag in this file, as in Moodle's.

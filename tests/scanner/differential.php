<?php
/*
 * Differential test: the static version.php scanner against PHP itself.
 *
 *   php differential.php [--cli PATH] [--extra DIR]... [--seed N] [--keep] [--verbose]
 *
 * Deterministically generates a few thousand version.php variants, runs
 * scan_cli on them (plugin and core mode, batched), then includes every
 * file in a function scope like Moodle does. For each file the scanner
 * calls static, the include must succeed without any error, warning,
 * notice or deprecation, and the value must be === to what the scanner's
 * output means. Exits 1 on any mismatch. --extra adds every file of DIR
 * (e.g. a fuzzing corpus) as category "extra"; --seed picks another
 * deterministic set of variants.
 *
 * Internal: "--worker LIST MODE START" includes the files of LIST from
 * index START and prints one result line per file; a fatal error or exit()
 * ends the worker, which the parent restarts after the culprit.
 */

const MATURITY_ALPHA = 50;
const MATURITY_BETA = 100;
const MATURITY_RC = 150;
const MATURITY_STABLE = 200;
const ANY_VERSION = 'any';
const MOODLE_INTERNAL = true;

/* ---- worker: PHP's own answer ---------------------------------------- */

function include_plugin($__file)
{
    $plugin = new stdClass();
    $plugin->version = null;
    $module = $plugin;
    include $__file;
    return $plugin->version;
}

function include_core($__file)
{
    $version = null;
    include $__file;
    return $version;
}

function worker(string $list, string $mode, int $start): void
{
    /* display_errors/log_errors are off from the command line */
    error_reporting(E_ALL);
    $files = file($list, FILE_IGNORE_NEW_LINES);
    $GLOBALS['vs_current'] = null;
    register_shutdown_function(function () {
        if ($GLOBALS['vs_current'] === null) {
            return;
        }
        while (ob_get_level()) {
            ob_end_clean();
        }
        $e = error_get_last();
        $msg = $e ? $e['message'] : 'exit';
        echo $GLOBALS['vs_current'], "\tDIED\t", bin2hex(substr($msg, 0, 200)), "\n";
    });
    set_error_handler(function ($no, $str, $file, $line) {
        throw new ErrorException($str, 0, $no, $file, $line);
    });
    for ($i = $start, $n = count($files); $i < $n; $i++) {
        $GLOBALS['vs_current'] = $i;
        error_clear_last();
        ob_start();
        try {
            $v = $mode === 'core' ? include_core($files[$i]) : include_plugin($files[$i]);
            $status = 'OK';
            $data = serialize($v);
        } catch (Throwable $e) {
            $status = 'THROW';
            $data = get_class($e) . ': ' . $e->getMessage();
        }
        ob_end_clean();
        /* compile warnings bypass the error handler */
        if ($status === 'OK' && ($e = error_get_last()) !== null) {
            $status = 'WARN';
            $data = $e['message'];
        }
        $GLOBALS['vs_current'] = null;
        echo $i, "\t", $status, "\t", bin2hex($data), "\n";
    }
}

/* ---- deterministic generator ------------------------------------------ */

final class Rng
{
    private int $s;
    public function __construct(int $seed) { $this->s = $seed & 0x7fffffff; }
    public function int(int $n): int
    {
        $this->s = ($this->s * 1103515245 + 12345) & 0x7fffffff;
        return ($this->s >> 4) % $n;
    }
    public function pick(array $a) { return $a[$this->int(count($a))]; }
    public function chance(int $percent): bool { return $this->int(100) < $percent; }
}

const VALID_INTS = ['0', '1', '7', '2025100600', '2024100700', '2011120500', '9223372036854775807',
    '9223372036854775808', '99999999999999999999', '0x7FFFFFFFFFFFFFFF', '0x8000000000000000', '0XFF',
    '0xdead_beef', '0x1F', '0777', '0o17', '0O17', '0o1_7', '00', '0_7', '0b1010', '0B1', '0b1_0',
    '1_000_000', '2025_10_06_00', '01777777777777777777777', '02000000000000000000000', '0o777777777777777777777',
    '0b111111111111111111111111111111111111111111111111111111111111111', '1000000000000000000', '999999999999999999'];
const INVALID_INTS = ['08', '0_8', '09', '1__0', '1_', '0x', '0x_1', '0b', '0b2', '0o', '0o8', '0o_1', '1abc',
    '0xG', '1_e5', '0B_1', '0X', '0_', '00_', '1_0_'];
const VALID_FLOATS = ['1.5', '.5', '1.', '1e3', '1E3', '1e-3', '1E+3', '1.5e3', '.5e3', '1.e3', '1_0.5', '1.5_5',
    '1e1_0', '2025100600.02', '2024100700.00', '2024042200.05', '09.5', '0_8.5', '08e1', '1e308', '1e309', '0.0',
    '1.7976931348623157e308', '4.9e-324', '123456789012345678901234567890.5', '0.1', '00.0', '0e0', '.0'];
const INVALID_FLOATS = ['1_.5', '1._5', '1e_5', '1e', '1.5e', '1.5e+', '1..5', '1.5.5', '.5_', '1e5.5',
    '1.5_', '1e+_5', '1E', '.5e', '1.5x'];
const STRINGS = ["'abc'", "'it\\'s'", "'a\\\\b'", "'a\\nb'", "''", "'\$plugin->version = 9;'", '"abc"', '"a\\tb"',
    '"\\x41\\x4"', '"\\101\\7\\0"', '"\\400"', '"\\377"', '"\\e\\v\\f\\r\\n"', '"\\$x"', '"$x"', '"{$x}"', '"${x}"',
    '"$ x"', '"$1"', '"{ $x}"', '"\\u{41}"', '"\\u0041"', '"\\q\\\'"', '"\\X41"', "'multi\nline'", "\"multi\nline\"",
    "b'abc'", 'b"x"', "'\xc3\xa9\x00z'", '"\\"quoted\\""', '"a\\\\"', "'\\\\'", "'\\'", '"\\"', "'?>'", '"?>"',
    '"/* no */"', "'// no'", '"#"', '"\\x"', '"\\xZ"', '"\\8"', '"\\18"', '"{"', '"}"', '"$"', '"{$"', '"a$"',
    '"\\{$x}"', '"$$"', "'\r\n'", "\"\\\r\n\"", '"4.5+ (Build: 20241011)"', "'2024100700'", "'1.0'"];
const KEYWORDS = ['null', 'NULL', 'Null', 'true', 'TRUE', 'false', 'False', 'nulll', 'MATURITY_STABLE',
    'ANY_VERSION', 'PHP_INT_MAX', '\\true', 'true()', 'maturity_stable', 'MATURITY_ALPHA'];
const OTHER_EXPRS = ['1 + 1', '(1)', '-(1)', '+1', '- 1', '-/*c*/1', "-\n1", '--1', '- -1', '-"5"', '-true', '-null',
    '1 . ""', '[1]', 'array()', "<<<EOT\nx\nEOT", "<<<'EOT'\nx\nEOT", 'time()', 'new stdClass', '$x', '@1',
    '(int)"5"', '1 ?: 2', '`x`', '1 2', '1,2', '- - 1', '-0', '-0.0', '-.5', '-0x1F', '-9223372036854775808',
    '-9223372036854775807', '-1e309', '- 0b11', '1 | 2', 'MATURITY_BETA | 1', '[1, 2][0]', '"abc"[0]',
    '1 # c', '1 // c', '1 /* c */'];

function literal_pool(): array
{
    return array_merge(VALID_INTS, INVALID_INTS, VALID_FLOATS, INVALID_FLOATS, STRINGS, KEYWORDS, OTHER_EXPRS);
}

const LICENSE = "// This file is part of Moodle - http://moodle.org/\n//\n// Moodle is free software: you can redistribute it and/or modify\n// it under the terms of the GNU General Public License as published by\n// the Free Software Foundation, either version 3 of the License, or\n// (at your option) any later version.\n";

const GUARDS = [
    "defined('MOODLE_INTERNAL') || die();",
    "defined('MOODLE_INTERNAL') || die;",
    "defined('MOODLE_INTERNAL') or die();",
    "defined(\"MOODLE_INTERNAL\") || exit;",
    "defined('MOODLE_INTERNAL') || die('Direct access to this script is forbidden.');",
    "defined( 'MOODLE_INTERNAL' ) || die( );",
    "DEFINED('MOODLE_INTERNAL') OR DIE;",
    "defined('MOODLE_INTERNAL') /* x */ || /* y */ die() /* z */;",
    "defined('MOODLE_INTERNAL') || exit(1);",
    "defined('MOODLE_INTERNAL') || die(\"x\" . 'y');",
    "if (!defined('MOODLE_INTERNAL')) {\n    die('Direct access to this script is forbidden.');\n}",
    "defined('MOODLE_INTERNAL') || die() ?>\n<?php",
    "defined('MOODLE_INTERNAL_X') || die();",
];

function realistic_plugin(Rng $r): string
{
    $nl = "\n";
    $s = $r->pick(['', '', '', "\xEF\xBB\xBF", "#!/usr/bin/env php\n", "<!-- html -->\n"]);
    $s .= '<?php' . $r->pick(["\n", "\n", " ", "\t", "\r\n"]);
    $s .= $r->pick([LICENSE . "\n", '', "/**\n * Version details.\n *\n * @package    mod_x\n * @copyright  2024 Someone\n */\n\n",
        "# hash comment\n", "/* one */ /** two */\n"]);
    if ($r->chance(90)) {
        $s .= $r->pick(GUARDS) . "\n\n";
    }
    $obj = $r->chance(85) ? '$plugin' : '$module';
    $ver = $r->chance(70) ? $r->pick(['2025100600', '2024100700', '2011120500', '2024042200.05', '2025100600.02'])
        : $r->pick(array_merge(VALID_INTS, VALID_FLOATS, ["'2024100700'", 'null', '-1']));
    $sp = fn() => $r->pick([' ', '  ', '   ', "\t", '']);
    $cm = fn() => $r->pick(['', '', '', '        // YYYYMMDDXX.', ' # version', ' /* c */', " // Requires this Moodle version. ?>\n<?php"]);
    $props = [
        "{$obj}->version" . $sp() . '=' . $sp() . $ver . ';' . $cm(),
        "{$obj}->requires" . $sp() . '=' . $sp() . $r->pick(['2024100700', '2022041900.00', "'2022041900'"]) . ';' . $cm(),
        "{$obj}->component" . $sp() . '=' . $sp() . $r->pick(["'mod_x'", '"block_y"', "'local_z'"]) . ';' . $cm(),
        "{$obj}->maturity" . $sp() . '=' . $sp() . $r->pick(['MATURITY_STABLE', 'MATURITY_BETA', 'MATURITY_ALPHA', 'MATURITY_RC']) . ';',
        "{$obj}->release" . $sp() . '=' . $sp() . $r->pick(["'1.2 (Build: 2024)'", '"v4.5-r1"', "'3.1'", "'2.0.1+'"]) . ';' . $cm(),
        "{$obj}->dependencies = " . $r->pick(["['mod_forum' => 2024100700, 'x' => ANY_VERSION]",
            "array(\n    'mod_forum' => 2024100700,\n    'block_z' => ANY_VERSION,\n)", '[]', 'array()',
            "['mod_book' => ANY_VERSION,]"]) . ';',
        "{$obj}->supported = " . $r->pick(['[401, 405]', '[400, 400]', 'array(39, 311)']) . ';',
        "{$obj}->incompatible = " . $r->pick(['311', '[311]']) . ';',
        "{$obj}->cron = " . $r->pick(['0', '60', '24 * 3600']) . ';',
    ];
    $chosen = [$props[0]];
    foreach (array_slice($props, 1) as $p) {
        if ($r->chance(50)) {
            $chosen[] = $p;
        }
    }
    /* version usually first, sometimes elsewhere */
    for ($i = count($chosen) - 1; $i > 0; $i--) {
        if ($r->chance(30)) {
            $j = $r->int($i + 1);
            [$chosen[$i], $chosen[$j]] = [$chosen[$j], $chosen[$i]];
        }
    }
    $s .= implode($nl, $chosen) . $nl;
    $s .= $r->pick(['', '', '', "?>\n", '?>', "?>\ntrailing html\n", "\n// end\n"]);
    if ($r->chance(15)) {
        $s = str_replace("\n", "\r\n", $s);
    }
    return $s;
}

function realistic_core(Rng $r): string
{
    $ver = $r->chance(70) ? $r->pick(['2024100700.00', '2024100701.05', '2025041400']) : $r->pick(array_merge(VALID_INTS, VALID_FLOATS));
    $s = "<?php\n" . LICENSE . "\n/**\n * MOODLE VERSION INFORMATION\n */\n\n";
    $s .= $r->pick(GUARDS) . "\n\n";
    $s .= "\$version  = $ver;              // 20241007      = branching date YYYYMMDD - do not modify!\n";
    $s .= "                                        //         RR    = release increments - 00 in DEV branches.\n";
    $s .= "\$release  = '4.5+ (Build: 20241011)'; // Human-friendly version name\n";
    $s .= "\$branch   = '405';                     // This version's branch.\n";
    $s .= "\$maturity = " . $r->pick(['MATURITY_STABLE', 'MATURITY_BETA']) . ";             // This version's maturity level.\n";
    if ($r->chance(20)) {
        $s .= "\$version = " . $r->pick(VALID_INTS) . ";\n";
    }
    if ($r->chance(15)) {
        $s = str_replace("\n", "\r\n", $s);
    }
    return $s;
}

/* Snippets placed before or after the version assignment. */
const SNIPPETS = [
    // harmless
    "// \$plugin->version = 9;", "# \$plugin->version = 9;", "/* \$plugin->version = 9; */",
    "/** @var int \$plugin->version = 9 */", "\$s = '\$plugin->version = 9;';", "\$s = \"\\\$plugin->version = 9;\";",
    "\$s = <<<'EOT'\n\$plugin->version = 9;\nEOT;", "\$s = <<<'EOT'\n    \$plugin->version = 9;\n    EOT;",
    "\$s = <<<EOT\nno dollar here\nEOT;", "\$s = <<<\"EOT\"\n  x\n  EOT;", "\$s = <<<'EOT'\nEOT;",
    "\$s = <<<'EOT'\nEOTX \$plugin->version = 9;\n EOT;", "\$s = <<<'EOT'\n\t\tx\n\t\tEOT . 'y';",
    "\$s = <<<'EOT'\r\nx\r\nEOT;", "?>\n\$plugin->version = 9;\n<?php", "?>\r\n<?php ", "?><?php ",
    "// comment ?> \$plugin->version = 9; <?php", "# comment ?>\n<?php", ";", ";;",
    "\$plugin->other = ['a' => [1, 2.5, 'x', true, null, MATURITY_RC], 3 => ANY_VERSION];",
    "\$x = 1 + 2 * 3 - 4 . 'a' . (5 | 6);", "\$plugin->name = 'Plugin' . ' ' . \"name\";",
    "\$module->cron = 0;", "\$y = array('x' => array());", "\$plugin->Version = 5;", "\$plugin->versions = 5;",
    "\$plugin -> requires = 1;", "\$plugin->class = 1;", "\$plugin->/* c */version2 = 1;",
    "/* multi\n line \$plugin->version = 9;\n*/", "/**/", "/***/", "// ?\n", "#?\n", "//?>\n<?php",
    // must fall back
    "\$plugin->version = time();", "\$plugin->version += 1;", "\$plugin->version++;", "++\$plugin->version;",
    "\$plugin = new stdClass();", "\$module = \$plugin;", "\$x = &\$plugin;", "unset(\$plugin->version);",
    "if (true) { \$plugin->version = 9; }", "if (false): endif;", "\$plugin->version = true ? 9 : 8;",
    "return;", "return 5;", "__halt_compiler();", "function vs_f_NAME() {}", "class VS_C_NAME {}",
    "echo 'x';", "print 'x';", "require_once(__DIR__ . '/nonexistent.php');", "@include 'nonexistent.php';",
    "\$\$x = 1;", "\${'plugin'}->version = 9;", "\$plugin->{'version'} = 9;", "\$plugin?->x;", "\$y = Foo::BAR;",
    "\$y = `true`;", "list(\$a) = [1];", "[\$a] = [1];", "extract(['plugin' => 1]);", "#[Attribute]",
    "namespace Foo;", "use Foo\\Bar;", "declare(strict_types=1);", "goto end; end:", "\$plugin->version .= '';",
    "\$plugin->version = \$plugin->requires;", "\$plugin->version = \"\$x\";", "\$plugin->version = <<<EOT\n9\nEOT;",
    "\$plugin->version = 'x' . 'y';", "\$plugin->version = 2025100600 + 1;", "\$plugin->version = (9);",
    "\$a = 'abc' + 1;", "\$a = [1] . 'x';", "\$a = 1.5 | 1;", "\$a = [1.5 => 1];", "\$a = [[1] => 1];",
    "\$a = [1,,2];", "\$a = [,];", "\$a = -'x';", "\$a = UNDEFINED_X;", "\$a = \$b;", "\$this->x = 1;",
    "\$GLOBALS['x'] = 1;", "\$_SERVER['x'] = 1;", "\$x = 1", "\$x = (1;", "\$x = 1);", "\$x = [1;",
    "\$x = 'unterminated;", "\$x = \"unterminated;", "/* unterminated", "\$s = <<<'EOT'\nunterminated\n",
    "\$s = <<<'EOT'\n x\n  EOT;", "\$s = <<<'EOT'\n \tEOT;", "<?php", "?>\n<?= 1 ?>\n<?php", "?>\n<? ?>\n<?php",
    "?>\n<?xml version=\"1.0\"?>\n<?php", "\$x = 08;", "\$x = 1_;", "\$x = \"\\u{zz}\";", "\$x = \"\\400\";",
    "{ }", "\$x = 1 <=> 2;", "\$x = !1;", "\$x = ~1;", "\$x = 1 ** 2;", "\$x = 1 / 2;", "\$x = 1 % 2;",
    "\$x = 1 && 2;", "\$x = 1 and 2;", "\$x = 1 or 2;", "\$x = null ?? 1;", "\$x = (string) 1;", "\$x = \\PHP_VERSION;",
    "\$x = __LINE__;", "\$x = __FILE__;", "\$x = fn() => 1;", "\$x = function () {};", "\$x = match(1) { 1 => 2 };",
    "\$x = print 1;", "\$x = clone \$plugin;", "\$x = yield 1;", "\$x = isset(\$y);", "\$x = empty(\$y);",
    "\$x = static fn() => 1;", "\$x = b'x';", "\$x = B\"x\";", "\$x = 1\x00;", "\$x = \x01;", "\\defined('X');",
    "\$plugin->version = 1 ?>",
];

function with_version(Rng $r, string $snippet, bool $before): string
{
    $s = "<?php\ndefined('MOODLE_INTERNAL') || die();\n";
    $v = '$plugin->version = ' . $r->pick(['2025100600', '2024100700.01', "'x'"]) . ";\n";
    $sn = str_replace('NAME', (string) $r->int(1000000000), $snippet) . "\n";
    return $s . ($before ? $sn . $v : $v . $sn);
}

/* Contexts in which a literal is used as a non-target (inert) value. */
const CONTEXTS = ['$plugin->version = L;', '$version = L;', '$plugin->version = -L;', '$version = -L;',
    '$plugin->x = L;', '$plugin->x = [L => 1];', '$plugin->x = [L];', '$x = L . \'a\';', '$x = L + 1;',
    '$x = -L;', '$x = L | 1;', '$x = L * 2;', '$x = array(\'k\' => L, L);', '$x = (L);',
    "defined('MOODLE_INTERNAL') || die(L);", '$x = [L] + [L];'];

function random_atom(Rng $r, int $depth): string
{
    if ($depth > 0 && $r->chance(25)) {
        $n = $r->int(4);
        $items = [];
        for ($i = 0; $i < $n; $i++) {
            $val = random_expr($r, $depth - 1);
            $items[] = $r->chance(50) ? random_expr($r, $depth - 1) . ' => ' . $val : $val;
        }
        $body = implode(', ', $items) . ($n && $r->chance(20) ? ',' : '');
        return $r->chance(50) ? "[$body]" : "array($body)";
    }
    return $r->pick(['1', '0', '-1', '42', '9223372036854775807', '9223372036854775808', '0x7FFFFFFFFFFFFFFF',
        '1.5', '2.0', '0.0', '1e308', "'5'", "'5.5'", "'abc'", "''", "' 5'", "'5 '", "'5abc'", '"x"', 'true',
        'false', 'null', 'TRUE', 'Null', 'MATURITY_STABLE', 'MATURITY_ALPHA', 'ANY_VERSION', '[]', 'array()',
        '0777', '0b11', '.5', "<<<'EOT'\nnow\nEOT\n", "<<<EOT\nhere\nEOT\n"]);
}

function random_expr(Rng $r, int $depth): string
{
    if ($depth <= 0 || $r->chance(35)) {
        return random_atom($r, $depth);
    }
    switch ($r->int(4)) {
        case 0:
            return $r->pick(['-', '+', '- ']) . random_expr($r, $depth - 1);
        case 1:
            return '(' . random_expr($r, $depth - 1) . ')';
        default:
            return random_expr($r, $depth - 1) . ' ' . $r->pick(['.', '+', '-', '*', '|']) . ' ' . random_expr($r, $depth - 1);
    }
}

function random_heredoc(Rng $r): string
{
    $label = $r->pick(['EOT', 'END', 'X', '_a1', "\xc3\xa9"]);
    $open = $r->pick(["<<<$label", "<<<'$label'", "<<<\"$label\"", "<<< $label", "<<<\t'$label'"]);
    $ind = $r->pick(['', ' ', '  ', "\t", "\t\t", '    ']);
    $nl = $r->pick(["\n", "\n", "\r\n", "\r"]);
    $lines = [];
    $n = $r->int(4);
    for ($i = 0; $i < $n; $i++) {
        $lines[] = $r->pick([$ind, $ind . ' ', '', ' ', "\t"]) . $r->pick(['text', '$plugin->version = 9;',
            $label . 'X', $label . '_', 'x ' . $label, '', '?>', '/*', "'", '"', '{$x}', '\\n', $label . '1;']);
    }
    if ($r->chance(20)) {
        $lines[] = $ind . substr($label, 0, -1) ?: 'Y';
    }
    $close = $ind . $label . $r->pick([';', ';', ' ;', ', 1];', ' . "x";', 'X;', ';']);
    $pre = str_ends_with($close, ', 1];') ? '[' : '';
    $body = implode($nl, array_merge([$open], $lines, [$close]));
    return "<?php\n\$s = $pre$body\n\$plugin->version = 3;\n";
}

function mutate(Rng $r, string $s): string
{
    $chars = [';', "'", '"', '$', '(', ')', '[', ']', '{', '}', '<', '>', '?', '-', '/', '*', '#', "\n", '\\', '=',
        '.', ' ', '0', '_', 'x', 'e', '&', '|', ',', "\r", "\x00", 'a'];
    $k = 1 + $r->int(3);
    for ($i = 0; $i < $k && $s !== ''; $i++) {
        $pos = $r->int(strlen($s));
        switch ($r->int(4)) {
            case 0:
                $s = substr($s, 0, $pos) . substr($s, $pos + 1);
                break;
            case 1:
                $s = substr($s, 0, $pos) . $r->pick($chars) . substr($s, $pos);
                break;
            case 2:
                $s = substr($s, 0, $pos) . $r->pick($chars) . substr($s, $pos + 1);
                break;
            default:
                $s = substr($s, 0, $pos) . $s[$pos] . substr($s, $pos);
        }
    }
    return $s;
}

/* Token-level soup: accepted statement shapes, then tokens dropped,
   duplicated, swapped or replaced, joined by random separators. */
function soup(Rng $r): string
{
    $lit = fn() => $r->pick(array_merge(VALID_INTS, VALID_FLOATS, ["'x'", '"y"', 'null', 'TRUE', 'false']));
    $templates = [
        fn() => ['$plugin', '->', 'version', '=', $lit(), ';'],
        fn() => ['$module', '->', 'version', '=', '-', $r->pick(VALID_INTS), ';'],
        fn() => ['$plugin', '->', $r->pick(['requires', 'x', 'class', 'Version']), '=', random_expr($r, 2), ';'],
        fn() => ['$version', '=', $lit(), ';'],
        fn() => ['$' . $r->pick(['x', 'release', 'plugin', 'this', 'y']), '=', random_expr($r, 2), ';'],
        fn() => ['defined', '(', "'MOODLE_INTERNAL'", ')', $r->pick(['||', 'or', '|', 'OR']), $r->pick(['die', 'exit']), '(', ')', ';'],
        fn() => ['if', '(', '!', 'defined', '(', '"MOODLE_INTERNAL"', ')', ')', '{', 'die', ';', '}'],
        fn() => ['?>', "
<p>", '<?php', "
"],
        fn() => [';'],
    ];
    $vocab = ['$plugin', '$module', '$version', '->', 'version', '=', '==', '=>', ';', ',', '(', ')', '[', ']', '{',
        '}', '.', '+', '-', '*', '|', '||', '!', '?>', '<?php ', 'array', 'defined', 'die', 'if', 'else', '1', '0x1',
        '1.5', "'s'", '"d"', 'null', 'MATURITY_STABLE', 'ANY_VERSION', '$x', '&', '@', '::', '#', '//', '/*', '*/'];
    $toks = [];
    $n = 1 + $r->int(5);
    for ($i = 0; $i < $n; $i++) {
        $toks = array_merge($toks, $r->pick($templates)());
    }
    $m = $r->int(3);
    for ($i = 0; $i < $m && $toks; $i++) {
        $k = $r->int(count($toks));
        switch ($r->int(4)) {
            case 0: array_splice($toks, $k, 1); break;
            case 1: array_splice($toks, $k, 0, [$toks[$k]]); break;
            case 2: array_splice($toks, $k, 1, [$r->pick($vocab)]); break;
            default:
                if ($k + 1 < count($toks)) {
                    [$toks[$k], $toks[$k + 1]] = [$toks[$k + 1], $toks[$k]];
                }
        }
    }
    $out = '<?php' . $r->pick(["\n", ' ', "\r\n"]);
    foreach ($toks as $t) {
        $out .= $t . $r->pick([' ', ' ', ' ', '', "\n", "\t", '/**/', "#c\n", "//c\n", "\r\n"]);
    }
    return $out;
}

function generate(int $seed): array
{
    $r = new Rng($seed);
    $out = [];
    for ($i = 0; $i < 700; $i++) {
        $out[] = ['realistic-plugin', realistic_plugin($r)];
    }
    for ($i = 0; $i < 200; $i++) {
        $out[] = ['realistic-core', realistic_core($r)];
    }
    foreach (literal_pool() as $lit) {
        foreach (CONTEXTS as $ctx) {
            $out[] = ['literal', "<?php\n" . str_replace('L', $lit, $ctx) . "\n"];
        }
    }
    foreach (SNIPPETS as $sn) {
        $out[] = ['snippet', with_version($r, $sn, true)];
        $out[] = ['snippet', with_version($r, $sn, false)];
        $out[] = ['snippet', str_replace("\n", "\r\n", with_version($r, $sn, $r->chance(50)))];
    }
    for ($i = 0; $i < 600; $i++) {
        $e = random_expr($r, 3);
        $out[] = ['inert', "<?php\n" . $r->pick(['$plugin->x = ', '$x = ', '$plugin->dependencies = ']) . $e . ";\n\$plugin->version = 1;\n"];
    }
    for ($i = 0; $i < 300; $i++) {
        $out[] = ['heredoc', random_heredoc($r)];
    }
    for ($i = 0; $i < 1500; $i++) {
        $out[] = ['soup', soup($r)];
    }
    $n = count($out);
    for ($i = 0; $i < 1200; $i++) {
        [$cat, $src] = $out[$r->int($n)];
        $out[] = ['mutation', mutate($r, $src)];
    }
    return $out;
}

/* ---- driver ------------------------------------------------------------ */

function run_scanner(string $cli, string $list, bool $core): array
{
    $cmd = escapeshellarg($cli) . ($core ? ' -c' : '') . ' -b < ' . escapeshellarg($list);
    exec($cmd, $lines, $rc);
    if ($rc !== 0) {
        fwrite(STDERR, "scan_cli failed ($rc)\n");
        exit(2);
    }
    $res = [];
    foreach ($lines as $line) {
        [$kind, $neg, $lit, $str, $lineno, $reason] = explode("\t", $line, 6);
        $res[] = ['kind' => $kind, 'neg' => $neg === '1', 'lit' => $lit === '-' ? '' : hex2bin($lit),
            'str' => $str === '-' ? '' : hex2bin($str), 'line' => (int) $lineno, 'reason' => $reason];
    }
    return $res;
}

function run_php(string $list, string $mode, int $count): array
{
    $res = [];
    $start = 0;
    while ($start < $count) {
        /* files from --extra are arbitrary code: keep them on a short leash */
        $cmd = escapeshellarg(PHP_BINARY) . ' -n -d display_errors=0 -d log_errors=0 -d short_open_tag=0 '
            . '-d error_reporting=-1 -d memory_limit=256M -d max_execution_time=10 '
            . '-d disable_functions=' . DISABLED . ' ' . escapeshellarg(__FILE__) . ' --worker '
            . escapeshellarg($list) . ' ' . $mode . ' ' . $start . ' 2>/dev/null';
        $lines = [];
        exec($cmd, $lines);
        $last = $start - 1;
        foreach ($lines as $line) {
            $parts = explode("\t", $line, 3);
            if (count($parts) !== 3 || !ctype_digit($parts[0])) {
                continue;
            }
            $i = (int) $parts[0];
            $res[$i] = ['status' => $parts[1], 'data' => hex2bin($parts[2])];
            $last = max($last, $i);
        }
        if ($last < $start) {
            /* the worker died without a word: blame the first file */
            $res[$start] = ['status' => 'DIED', 'data' => 'no output'];
            $last = $start;
        }
        $start = $last + 1;
    }
    return $res;
}

const DISABLED = 'exec,system,passthru,shell_exec,proc_open,popen,pcntl_exec,mail,unlink,rmdir,mkdir,rename,copy,'
    . 'file_put_contents,fopen,fwrite,touch,chmod,chown,symlink,link,tempnam,tmpfile,sleep,usleep,set_time_limit,'
    . 'ini_set,putenv,header,setcookie,curl_init,fsockopen,stream_socket_client';

function expected_value(array $s)
{
    switch ($s['kind']) {
        case 'UNSET':
        case 'NULL':
            return null;
        case 'TRUE':
            return true;
        case 'FALSE':
            return false;
        case 'STRING':
            return $s['str'];
        case 'INT':
        case 'FLOAT':
            $v = eval('return ' . $s['lit'] . ';');
            if ($s['kind'] === 'FLOAT' && !is_float($v)) {
                throw new LogicException('FLOAT literal is not a float');
            }
            if (!is_int($v) && !is_float($v)) {
                throw new LogicException('INT literal is not a number');
            }
            return $s['neg'] ? -$v : $v;
    }
    throw new LogicException('unknown kind ' . $s['kind']);
}

function main(array $argv): int
{
    $cli = __DIR__ . '/scan_cli';
    $keep = false;
    $verbose = false;
    $extra = [];
    $seed = 20251006;
    for ($i = 1; $i < count($argv); $i++) {
        if ($argv[$i] === '--cli') {
            $cli = $argv[++$i];
        } elseif ($argv[$i] === '--extra' && isset($argv[$i + 1])) {
            $extra[] = $argv[++$i];
        } elseif ($argv[$i] === '--seed' && isset($argv[$i + 1])) {
            $seed = (int) $argv[++$i];
        } elseif ($argv[$i] === '--keep') {
            $keep = true;
        } elseif ($argv[$i] === '--verbose') {
            $verbose = true;
        } else {
            fwrite(STDERR, "usage: php differential.php [--cli PATH] [--extra DIR]... [--seed N] [--keep] [--verbose]\n");
            return 2;
        }
    }
    if (!is_executable($cli)) {
        fwrite(STDERR, "scan_cli not found at $cli (build it first)\n");
        return 2;
    }
    $dir = sys_get_temp_dir() . '/vs-diff-' . getmypid();
    @mkdir($dir, 0700, true);
    $cases = generate($seed);
    foreach ($extra as $d) {
        if (!is_dir($d)) {
            fwrite(STDERR, "differential: extra folder $d is missing\n");
            return 2;
        }
        $names = scandir($d) ?: [];
        sort($names, SORT_STRING);
        foreach ($names as $name) {
            if (is_file("$d/$name")) {
                $cases[] = ['extra', file_get_contents("$d/$name")];
            }
        }
    }
    $paths = [];
    foreach ($cases as $i => [$cat, $src]) {
        $paths[$i] = sprintf('%s/%05d.php', $dir, $i);
        file_put_contents($paths[$i], $src);
    }
    $list = "$dir/list.txt";
    file_put_contents($list, implode("\n", $paths) . "\n");

    $total = count($cases);
    $mismatches = 0;
    $stats = [];
    $reasons = [];
    foreach (['plugin', 'core'] as $mode) {
        $scan = run_scanner($cli, $list, $mode === 'core');
        if (count($scan) !== $total) {
            fwrite(STDERR, "scan_cli returned " . count($scan) . " results for $total files\n");
            return 2;
        }
        $php = $phpres[$mode] = run_php($list, $mode, $total);
        foreach ($cases as $i => [$cat, $src]) {
            $s = $scan[$i];
            $p = $php[$i] ?? ['status' => 'MISSING', 'data' => ''];
            $key = "$mode/$cat";
            $stats[$key] ??= ['files' => 0, 'static' => 0, 'fallback' => 0, 'php_ok' => 0];
            $stats[$key]['files']++;
            if ($p['status'] === 'OK') {
                $stats[$key]['php_ok']++;
            }
            if ($s['kind'] === 'FALLBACK') {
                $stats[$key]['fallback']++;
                $reasons[$s['reason']] = ($reasons[$s['reason']] ?? 0) + 1;
                if ($verbose && $p['status'] === 'OK') {
                    echo "note: $mode/$cat fallback on PHP-valid {$paths[$i]}: {$s['reason']} (line {$s['line']})\n";
                }
                continue;
            }
            $stats[$key]['static']++;
            $why = null;
            if ($p['status'] !== 'OK') {
                $why = "scanner says {$s['kind']} but PHP gives {$p['status']}: {$p['data']}";
            } else {
                try {
                    $want = expected_value($s);
                    $got = unserialize($p['data']);
                    if (!($want === $got && serialize($want) === serialize($got))) {
                        $why = 'value ' . var_export($want, true) . ' (scanner) !== ' . var_export($got, true) . ' (PHP)';
                    }
                } catch (Throwable $e) {
                    $why = 'cannot evaluate scanner literal: ' . $e->getMessage();
                }
            }
            if ($why !== null) {
                $mismatches++;
                $keep = true;
                echo "MISMATCH [$mode/$cat] {$paths[$i]}: $why\n";
            }
        }
    }

    if (getenv('UPGRADE_SO') !== false && !extension_loaded('upgrade')) {
        // tests/scanner/check asks for the extension's half too: never skip it silently.
        fwrite(STDERR, 'the extension ' . getenv('UPGRADE_SO') . " is not loaded (run scripts/build.sh)\n");
        return 2;
    }
    if (extension_loaded('upgrade')) {
        $mismatches += extension_check($dir, $cases, $paths, $phpres);
        $keep = $keep || $mismatches > 0;
    }

    ksort($stats);
    printf("%-26s %6s %6s %8s %7s %7s\n", 'mode/category', 'files', 'static', 'fallback', 'php-ok', 'static%');
    $sum = ['files' => 0, 'static' => 0, 'fallback' => 0, 'php_ok' => 0];
    foreach ($stats as $key => $st) {
        printf("%-26s %6d %6d %8d %7d %6.1f%%\n", $key, $st['files'], $st['static'], $st['fallback'], $st['php_ok'],
            100 * $st['static'] / max(1, $st['files']));
        foreach ($sum as $k => $_) {
            $sum[$k] += $st[$k];
        }
    }
    printf("%-26s %6d %6d %8d %7d %6.1f%%\n", 'total (both modes)', $sum['files'], $sum['static'], $sum['fallback'],
        $sum['php_ok'], 100 * $sum['static'] / max(1, $sum['files']));
    if ($verbose) {
        arsort($reasons);
        foreach ($reasons as $reason => $n) {
            printf("  %6d  %s\n", $n, $reason);
        }
    }
    if (!$keep) {
        foreach ($paths as $p) {
            @unlink($p);
        }
        @unlink($list);
        @rmdir($dir);
    } else {
        echo "files kept in $dir\n";
    }
    printf("%d files, %d checks, %d static, %d fallback, %d mismatches\n", $total, $sum['files'], $sum['static'],
        $sum['fallback'], $mismatches);
    return $mismatches ? 1 : 0;
}

/* ---- the extension end to end ------------------------------------------ */

/*
 * With the extension loaded, the same files go through upgrade_versions()
 * (static reader plus exact fallback), each in a tiny 5.1 site, in worker
 * processes restarted like PHP's own (a compile-time fatal kills them, as it
 * kills Moodle). A value must be === PHP's; a file PHP throws on must make
 * the extension throw UpgradeException. The realistic files also go through
 * one big site together, to check order and the threaded reader at scale.
 */
function extension_site(string $root): void
{
    @mkdir("$root/lib", 0777, true);
    @mkdir("$root/public/local/xx", 0777, true);
    file_put_contents("$root/lib/components.json", '{"plugintypes": {"local": "public/local"}, "subsystems": {}}');
    file_put_contents("$root/public/version.php", "<?php\n\$version = 1;\n");
}

function ext_worker(string $list, string $mode, int $start): void
{
    $files = file($list, FILE_IGNORE_NEW_LINES);
    $root = dirname($list) . "/ext-$mode";   /* made by the parent: mkdir is disabled here */
    $target = $mode === 'core' ? "$root/public/version.php" : "$root/public/local/xx/version.php";
    for ($i = $start, $n = count($files); $i < $n; $i++) {
        copy($files[$i], $target);
        try {
            $v = @upgrade_versions($root);
            $line = "OK\t" . bin2hex(serialize($mode === 'core' ? $v['core'] : $v['local_xx']));
        } catch (UpgradeException $e) {
            $line = "THROW\t" . bin2hex($e->getMessage());
        }
        echo $i, "\t", $line, "\n";
    }
}

function run_ext(string $list, string $mode, int $count): array
{
    $res = [];
    $start = 0;
    while ($start < $count) {
        $cmd = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg(EXTENSION) . ' -d display_errors=0'
            . ' -d log_errors=0 -d short_open_tag=0 -d memory_limit=256M -d max_execution_time=10'
            . ' -d disable_functions=' . DISABLED_EXT . ' ' . escapeshellarg(__FILE__) . ' --ext-worker '
            . escapeshellarg($list) . ' ' . $mode . ' ' . $start . ' 2>/dev/null';
        $lines = [];
        exec($cmd, $lines);
        $last = $start - 1;
        foreach ($lines as $line) {
            $parts = explode("\t", $line, 3);
            if (count($parts) === 3 && ctype_digit($parts[0])) {
                $res[(int) $parts[0]] = ['status' => $parts[1], 'data' => hex2bin($parts[2])];
                $last = max($last, (int) $parts[0]);
            }
        }
        if ($last < $start) {
            $res[$start] = ['status' => 'DIED', 'data' => ''];
            $last = $start;
        }
        $start = $last + 1;
    }
    return $res;
}

/* The worker needs copy(); everything else that touches the system stays off. */
const DISABLED_EXT = 'exec,system,passthru,shell_exec,proc_open,popen,pcntl_exec,mail,unlink,rmdir,mkdir,rename,'
    . 'file_put_contents,fopen,fwrite,touch,chmod,chown,symlink,link,tempnam,tmpfile,sleep,usleep,set_time_limit,'
    . 'ini_set,putenv,header,setcookie,curl_init,fsockopen,stream_socket_client';

function extension_check(string $dir, array $cases, array $paths, array $phpres): int
{
    $bad = 0;
    $list = "$dir/list.txt";
    $counts = ['value' => 0, 'throw' => 0];
    foreach (['plugin', 'core'] as $mode) {
        extension_site("$dir/ext-$mode");
        $ext = run_ext($list, $mode, count($cases));
        foreach ($cases as $i => $_) {
            $p = $phpres[$mode][$i] ?? null;
            $e = $ext[$i] ?? ['status' => 'MISSING', 'data' => ''];
            if ($p === null || $p['status'] === 'WARN' || $p['status'] === 'DIED'
                    || str_contains($cases[$i][1], 'time(')   /* a clock is not a fixture */
                    || ($p['status'] === 'THROW' && str_starts_with($p['data'], 'ErrorException: '))) {
                continue;   /* no value to compare: a compile warning, a fatal, or a converted warning */
            }
            if ($p['status'] === 'OK') {
                $counts['value']++;
                if ($e['status'] !== 'OK' || $e['data'] !== $p['data']) {
                    echo "EXT MISMATCH [$mode] {$paths[$i]}: extension {$e['status']} ",
                        $e['status'] === 'OK' ? var_export(unserialize($e['data']), true) : $e['data'],
                        " / PHP ", var_export(unserialize($p['data']), true), "\n";
                    $bad++;
                }
            } else {
                $counts['throw']++;
                if ($e['status'] !== 'THROW') {
                    echo "EXT MISMATCH [$mode] {$paths[$i]}: PHP throws ({$p['data']}), the extension gave {$e['status']}\n";
                    $bad++;
                }
            }
        }
    }

    /* The realistic plugin files together, as the local plugins of one site. */
    $root = "$dir/big";
    extension_site($root);
    $expect = ['core' => 1];
    foreach ($cases as $i => [$cat, $_]) {
        $p = $phpres['plugin'][$i] ?? null;
        if ($cat === 'realistic-plugin' && $p !== null && $p['status'] === 'OK') {
            $name = sprintf('v%05d', $i);
            @mkdir("$root/public/local/$name", 0777, true);
            copy($paths[$i], "$root/public/local/$name/version.php");
            $expect["local_$name"] = unserialize($p['data']);
        }
    }
    @rmdir("$root/public/local/xx");
    $got = upgrade_versions($root);
    if (serialize($got) !== serialize($expect)) {
        echo "EXT MISMATCH [big site] the map of ", count($expect), " components differs\n";
        $bad++;
    }
    printf("extension: %d values and %d exceptions compared one file at a time, %d plugins in one site; %d mismatches\n",
        $counts['value'], $counts['throw'], count($expect) - 1, $bad);
    return $bad;
}

/* constants above are defined at run time, so dispatch last *//* constants above are defined at run time, so dispatch last */
define('EXTENSION', getenv('UPGRADE_SO') ?: dirname(__DIR__, 2) . '/modules/upgrade.so');
if (($argv[1] ?? '') === '--ext-worker') {
    ext_worker($argv[2], $argv[3], (int) $argv[4]);
    exit(0);
}
if (($argv[1] ?? '') === '--worker') {
    worker($argv[2], $argv[3], (int) $argv[4]);
    exit(0);
}
exit(main($argv));

/*
 * Unit tests for src/version_scan.c (no PHP needed).
 * Prints "N passed, N failed" last and exits non-zero on failure.
 */
#include "version_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLUGIN 0
#define CORE   1

#define G  "defined('MOODLE_INTERNAL') || die();\n"
#define PV "<?php\n" G "$plugin->version = "

typedef struct {
	int core;
	const char *src;
	size_t src_len;           /* 0: strlen(src) */
	upg_vs_kind kind;
	int negative;
	const char *text;         /* lit (INT/FLOAT/NULL/TRUE/FALSE) or decoded str (STRING) */
	size_t text_len;          /* 0: strlen(text) */
	const char *reason;       /* FALLBACK: expected reason (substring), or NULL */
} tcase;

#define OK(src, kind, text)        { PLUGIN, src, 0, kind, 0, text, 0, NULL }
#define OKN(src, kind, text)       { PLUGIN, src, 0, kind, 1, text, 0, NULL }
#define CORE_OK(src, kind, text)   { CORE, src, 0, kind, 0, text, 0, NULL }
#define FB(src, reason)            { PLUGIN, src, 0, UPG_VS_FALLBACK, 0, NULL, 0, reason }
#define CORE_FB(src, reason)       { CORE, src, 0, UPG_VS_FALLBACK, 0, NULL, 0, reason }

static const tcase cases[] = {
	/* --- plain, realistic ------------------------------------------------ */
	OK(PV "2025100600;\n", UPG_VS_INT, "2025100600"),
	OK("<?php\n// This file is part of Moodle\n/**\n * Version.\n * @package mod_x\n */\n\n"
	   "defined('MOODLE_INTERNAL') || die();\n\n"
	   "$plugin->version   = 2025100600;        // YYYYMMDDXX.\n"
	   "$plugin->requires  = 2024100700;\n"
	   "$plugin->component = 'mod_x';\n"
	   "$plugin->maturity  = MATURITY_STABLE;\n"
	   "$plugin->release   = '1.2 (Build: 2024)';\n"
	   "$plugin->dependencies = ['mod_forum' => 2024100700, 'x' => ANY_VERSION];\n"
	   "$plugin->supported = [401, 405];\n",
	   UPG_VS_INT, "2025100600"),
	OK("<?php\n$module->version = 2011;\n$module->requires = 2010;\n", UPG_VS_INT, "2011"),
	OK("<?php\n$plugin->version = 1;\n$module->version = 2;\n", UPG_VS_INT, "2"),
	OK("<?php\n$module->version = 1;\n$plugin->version = 3;\n$plugin->version = 4;\n", UPG_VS_INT, "4"),
	OK("<?php\n$plugin->component = 'x';\n", UPG_VS_UNSET, NULL),
	OK("", UPG_VS_UNSET, NULL),
	OK("just html, no php", UPG_VS_UNSET, NULL),
	OK("<?php", UPG_VS_UNSET, NULL),
	OK("<?php\n", UPG_VS_UNSET, NULL),
	CORE_OK("<?php\n" G "$version  = 2024100700.00;   // comment\n$release  = '4.5+ (Build: 20241011)';\n"
		"$branch   = '405';\n$maturity = MATURITY_STABLE;\n", UPG_VS_FLOAT, "2024100700.00"),
	CORE_OK("<?php\n$release = '1';\n", UPG_VS_UNSET, NULL),
	CORE_OK("<?php\n$version = 1;\n$version = 'x';\n", UPG_VS_STRING, "x"),
	/* plugin mode: $version is just another variable */
	OK("<?php\n$version = time();\n", UPG_VS_FALLBACK, NULL),
	OK("<?php\n$version = 5;\n$plugin->version = 6;\n", UPG_VS_INT, "6"),

	/* --- guard variants ---------------------------------------------------- */
	OK("<?php\ndefined('MOODLE_INTERNAL') or die;\n$plugin->version = 1;", UPG_VS_INT, "1"),
	OK("<?php\ndefined(\"MOODLE_INTERNAL\") || exit;\n$plugin->version = 1;", UPG_VS_INT, "1"),
	OK("<?php\nDEFINED ( 'MOODLE_INTERNAL' ) /* c */ OR /* d */ Die ( ) ;\n$plugin->version = 1;", UPG_VS_INT, "1"),
	OK("<?php\ndefined('MOODLE_INTERNAL') || die('Direct access to this script is forbidden.');\n$plugin->version = 1;",
	   UPG_VS_INT, "1"),
	OK("<?php\ndefined('MOODLE_INTERNAL') || exit(1) ?>\n<?php $plugin->version = 1;", UPG_VS_INT, "1"),
	FB("<?php\ndefined('MOODLE_X') || die();\n$plugin->version = 1;", "unknown guard"),
	OK("<?php\nif (!defined('MOODLE_INTERNAL')) {\n    die('Direct access to this script is forbidden.');\n}\n"
	   "$plugin->version = 1;", UPG_VS_INT, "1"),
	OK("<?php\nIF ( ! defined ( \"MOODLE_INTERNAL\" ) ) exit;\n$plugin->version = 1;", UPG_VS_INT, "1"),
	FB("<?php\nif (defined('MOODLE_INTERNAL')) { die(); }\n$plugin->version = 1;", "conditional"),
	FB("<?php\nif (!defined('MOODLE_INTERNAL')) { die(); } else { }\n$plugin->version = 1;", "conditional"),
	FB("<?php\nif (!defined('MOODLE_INTERNAL')) { $plugin->version = 2; }\n", "unknown guard"),
	FB("<?php\nif (!defined('MOODLE_INTERNAL')) { die(); \n$plugin->version = 1;", "conditional"),
	FB("<?php\nif (!defined('X')) { die(); }\n", "unknown guard"),
	FB("<?php\ndefined('MOODLE_INTERNAL') || die(foo());\n", "function call"),
	FB("<?php\ndefined('MOODLE_INTERNAL') && die();\n", "reference or bitwise and"),

	/* --- integer literal forms -------------------------------------------- */
	OK(PV "0x1F;", UPG_VS_INT, "0x1F"),
	OK(PV "0X1f;", UPG_VS_INT, "0X1f"),
	OK(PV "0777;", UPG_VS_INT, "0777"),
	OK(PV "0o17;", UPG_VS_INT, "0o17"),
	OK(PV "0O1_7;", UPG_VS_INT, "0O1_7"),
	OK(PV "0b1010;", UPG_VS_INT, "0b1010"),
	OK(PV "1_000_000;", UPG_VS_INT, "1_000_000"),
	OK(PV "0_7;", UPG_VS_INT, "0_7"),
	OK(PV "9223372036854775808;", UPG_VS_INT, "9223372036854775808"),
	OKN(PV "-5;", UPG_VS_INT, "5"),
	OKN(PV "- /* c */ 0x10 ;", UPG_VS_INT, "0x10"),
	FB(PV "08;", "invalid numeric literal"),
	FB(PV "0_8;", "invalid numeric literal"),
	FB(PV "1__0;", "invalid numeric literal"),
	FB(PV "1_;", "invalid numeric literal"),
	FB(PV "0x;", "invalid numeric literal"),
	FB(PV "0x_1;", "invalid numeric literal"),
	FB(PV "0b2;", "invalid numeric literal"),
	FB(PV "0o8;", "invalid numeric literal"),
	FB(PV "1abc;", "invalid numeric literal"),
	FB(PV "--5;", "increment/decrement"),
	FB(PV "- -5;", "version is not a literal"),
	FB(PV "+5;", "version is not a literal"),
	FB(PV "5 + 1;", "version is not a literal"),
	FB(PV "(5);", "version is not a literal"),

	/* --- float literal forms ---------------------------------------------- */
	OK(PV "1.5;", UPG_VS_FLOAT, "1.5"),
	OK(PV ".5;", UPG_VS_FLOAT, ".5"),
	OK(PV "1.;", UPG_VS_FLOAT, "1."),
	OK(PV "1e5;", UPG_VS_FLOAT, "1e5"),
	OK(PV "1E-5;", UPG_VS_FLOAT, "1E-5"),
	OK(PV "1.5e+3;", UPG_VS_FLOAT, "1.5e+3"),
	OK(PV "1_0.5;", UPG_VS_FLOAT, "1_0.5"),
	OK(PV "1.e3;", UPG_VS_FLOAT, "1.e3"),
	OK(PV "09.5;", UPG_VS_FLOAT, "09.5"),
	OK(PV "2025100600.02;", UPG_VS_FLOAT, "2025100600.02"),
	OKN(PV "-2.5;", UPG_VS_FLOAT, "2.5"),
	FB(PV "1_.5;", "invalid numeric literal"),
	FB(PV "1._5;", "invalid numeric literal"),
	FB(PV "1e_5;", "invalid numeric literal"),
	FB(PV "1e;", "invalid numeric literal"),
	FB(PV "1.5.5;", "version is not a literal"),

	/* --- strings ------------------------------------------------------------ */
	OK(PV "'2025';", UPG_VS_STRING, "2025"),
	OK(PV "'it\\'s \\\\ \\n';", UPG_VS_STRING, "it's \\ \\n"),
	OK(PV "\"a\\tb\\n\\x41\\101\\e\\$\\\"\\q\\u0041\";", UPG_VS_STRING, "a\tb\nAA\x1b$\"\\q\\u0041"),
	OK(PV "\"\\400\";", UPG_VS_FALLBACK, NULL),
	OK(PV "\"\\0\";", UPG_VS_STRING, ""),   /* compared with text_len below */
	OK(PV "'$plugin->version = 9;';", UPG_VS_STRING, "$plugin->version = 9;"),
	OK(PV "\"$ {x} $1\";", UPG_VS_STRING, "$ {x} $1"),
	FB(PV "\"v$x\";", "string interpolation"),
	FB(PV "\"v{$x}\";", "string interpolation"),
	FB(PV "\"v${x}\";", "string interpolation"),
	FB(PV "\"\\u{41}\";", "\\u{} escape"),
	FB(PV "'abc", "unterminated string"),
	FB(PV "\"abc", "unterminated string"),

	/* --- keywords ------------------------------------------------------------ */
	OK(PV "NULL;", UPG_VS_NULL, "NULL"),
	OK(PV "True;", UPG_VS_TRUE, "True"),
	OK(PV "false;", UPG_VS_FALSE, "false"),
	FB(PV "MATURITY_STABLE;", "version is not a literal"),
	FB(PV "FOO;", "version is not a literal"),
	FB(PV "time();", "function call"),
	FB(PV "Foo::BAR;", "static access"),

	/* --- comments, tags, whitespace ---------------------------------------- */
	/* "?>" ends a line comment: what follows is inline HTML */
	OK("<?php\n// $plugin->version = 9; ?>\n$plugin->version = 1;\n", UPG_VS_UNSET, NULL),
	OK("<?php\n// $plugin->version = 9; ?>\n<?php $plugin->version = 1;\n", UPG_VS_INT, "1"),
	OK("<?php\n# a ?> inline $plugin->version = 9; <?php\n$plugin->version = 2;", UPG_VS_INT, "2"),
	OK("<?php\n/* $plugin->version = 9; ?> */ $plugin->version = 3;", UPG_VS_INT, "3"),
	OK("<?php\n/** doc */\n$plugin /* a */ -> /* b */ version /* c */ = /* d */ 4 /* e */ ;", UPG_VS_INT, "4"),
	OK("\xEF\xBB\xBF<?php\r\ndefined('MOODLE_INTERNAL') || die();\r\n$plugin->version = 5;\r\n", UPG_VS_INT, "5"),
	OK("<html><?PHP $plugin->version = 6 ?>\n</html>", UPG_VS_INT, "6"),
	OK("<?php\t$plugin->version=7?>", UPG_VS_INT, "7"),
	OK("<?php\n$plugin->version = 8;\n?>\ntrailing <b>html</b>\n", UPG_VS_INT, "8"),
	FB("<?php\n#[Attr]\n$plugin->version = 1;", "attribute"),
	FB("<?php\n/* never closed\n$plugin->version = 1;", "unterminated comment"),
	FB("<?= 1 ?><?php $plugin->version = 1;", "echo open tag"),
	FB("<? $plugin->version = 1;", "short open tag"),
	FB("<?phpx $plugin->version = 1;", "short open tag"),
	FB("<?php\n$plugin->version = 1;\n<?php\n", "comparison"),

	/* --- heredoc / nowdoc ---------------------------------------------------- */
	OK("<?php\n$plugin->description = <<<'EOT'\n$plugin->version = 9;\nEOT;\n$plugin->version = 1;", UPG_VS_INT, "1"),
	OK("<?php\n$x = <<<EOT\n  plain text\n  EOTX\n  EOT;\n$plugin->version = 2;", UPG_VS_INT, "2"),
	OK("<?php\n$x = <<< \"EOT\"\r\nEOT;\r\n$plugin->version = 3;", UPG_VS_INT, "3"),
	FB("<?php\n$x = <<<EOT\n$plugin->version = 9;\nEOT;\n", "heredoc with interpolation"),
	FB(PV "<<<'EOT'\n5\nEOT;\n", "heredoc version"),
	FB("<?php\n$x = <<<'EOT'\n a\n  EOT;\n", "invalid heredoc body indentation"),
	FB("<?php\n$x = <<<'EOT'\n\t a\n \tEOT;\n", "mixes tabs and spaces"),
	FB("<?php\n$x = <<<'EOT'\nabc\n", "unterminated heredoc"),
	FB("<?php\n$x = <<<'EOT'\nabc\nEOT", "unterminated heredoc"),

	/* --- inert values of other properties / variables ------------------------ */
	OK("<?php\n$plugin->x = array('a' => [1, 2,], \"b\" => Array(), 3 => -1.5, MATURITY_RC => null);\n"
	   "$plugin->version = 1;", UPG_VS_INT, "1"),
	OK("<?php\n$plugin->x = ('a' . 1 + 2) . (MATURITY_BETA | 1) . -(3 * 2) . true;\n$plugin->version = 1;",
	   UPG_VS_INT, "1"),
	OK("<?php\n$plugin->x = [1] + ['a' => 2];\n$plugin->version = 1;", UPG_VS_INT, "1"),
	FB("<?php\n$plugin->x = 'abc' + 1;\n", "unsafe operand types"),
	FB("<?php\n$plugin->x = [1] . 'x';\n", "unsafe operand types"),
	FB("<?php\n$plugin->x = 1.5 | 1;\n", "unsafe operand types"),
	FB("<?php\n$plugin->x = [1.5 => 1];\n", "unsafe array key"),
	FB("<?php\n$plugin->x = [[] => 1];\n", "unsafe array key"),
	FB("<?php\n$plugin->x = [1,,2];\n", "empty array element"),
	FB("<?php\n$plugin->x = [,];\n", "empty array element"),
	FB("<?php\n$plugin->x = [1, 2][0];\n", "unsupported expression"),
	FB("<?php\n$plugin->x = 1 2;\n", "unsupported expression"),
	FB("<?php\n$plugin->x = (1;\n", "unbalanced parentheses"),
	FB("<?php\n$plugin->x = UNKNOWN_CONST;\n", "unknown constant"),
	FB("<?php\n$plugin->x = maturity_stable;\n", "unknown constant"),
	FB("<?php\n$plugin->x = $y;\n", "variable in expression"),
	FB("<?php\n$plugin->x = new stdClass();\n", "new"),
	FB("<?php\n$plugin->x = `ls`;\n", "shell command"),
	FB("<?php\n$plugin->x = (int) '5';\n", "unknown constant"),
	FB("<?php\n$plugin->x = 1 ?? 2;\n", "conditional"),
	FB("<?php\n$plugin->x = true ? 1 : 2;\n", "conditional"),
	FB("<?php\n$plugin->x = [...$a];\n", "spread operator"),

	/* --- statements that force a fallback ------------------------------------ */
	FB("<?php\n$plugin->version = 1;\n$plugin->version += 1;\n", "compound assignment"),
	FB("<?php\n$plugin->version = 1;\n$plugin->version++;\n", "increment/decrement"),
	FB("<?php\n$plugin = new stdClass();\n$plugin->version = 1;\n", "reassigns $plugin"),
	FB("<?php\n$module = null;\n", "reassigns $module"),
	FB("<?php\n$x = &$y;\n", "reference or bitwise and"),
	FB("<?php\nunset($plugin->version);\n", "unset"),
	FB("<?php\nif (true) { $plugin->version = 1; }\n", "conditional"),
	FB("<?php\nforeach ([1] as $v) {}\n", "loop"),
	FB("<?php\n$plugin->version = 1;\nreturn;\n", "return"),
	FB("<?php\n$plugin->version = 1;\n__halt_compiler();\n$plugin->version = 2;", "__halt_compiler"),
	FB("<?php\nfunction f() {}\n", "function declaration"),
	FB("<?php\nnamespace foo;\n", "namespace"),
	FB("<?php\necho 'x';\n", "output"),
	FB("<?php\nrequire(__DIR__ . '/x.php');\n", "include"),
	FB("<?php\nfoo();\n", "function call"),
	FB("<?php\nFoo::bar();\n", "static access"),
	FB("<?php\n$$x = 1;\n", "variable variable"),
	FB("<?php\n${'plugin'}->version = 1;\n", "variable variable"),
	FB("<?php\n$plugin->{'version'} = 1;\n", "block"),
	FB("<?php\n$plugin?->version = 1;\n", "nullsafe operator"),
	FB("<?php\n$plugin->version[] = 1;\n", "unsupported property operation"),
	FB("<?php\n$plugin->version->x = 1;\n", "unsupported property operation"),
	FB("<?php\n$plugin->version = 1\n", "unexpected end of file"),
	FB("<?php\n$this = 1;\n", "special variable"),
	FB("<?php\n$GLOBALS = [];\n", "special variable"),
	FB("<?php\n$_SERVER = [];\n", "special variable"),
	FB("<?php\n$other->version = 1;\n", "unsupported variable operation"),
	FB("<?php\nlist($a) = [1];\n", "list()"),
	FB("<?php\n$a == 1;\n", "comparison"),
	FB("<?php\n@$x = 1;\n", "error suppression"),
	FB("<?php\n\\defined('MOODLE_INTERNAL') || die();\n", "namespaced name"),
	FB("<?php\n$x = 1;\x01", "unexpected character"),
	{ PLUGIN, "<?php\n$x = 'a\0b';\0", 18, UPG_VS_FALLBACK, 0, NULL, 0, "unexpected character" },
	CORE_FB("<?php\n$plugin->version = 1;\n", "uses $plugin in core mode"),
	CORE_FB("<?php\n$module->version = 1;\n", "uses $module in core mode"),
	CORE_FB("<?php\n$version = 2024 + 1;\n", "version is not a literal"),
	CORE_FB("<?php\n$version = <<<'X'\n1\nX;\n", "heredoc version"),
};

static int test_no_sentinel(void)
{
	/* buffer without terminator: a file cut right after the literal */
	const char *src = "<?php $plugin->version = 12";
	const char *src2 = "<?php $plugin->version = 1?>";
	size_t n = strlen(src), n2 = strlen(src2);
	char *buf = malloc(n), *buf2 = malloc(n2), *scratch = malloc(n2);
	upg_vs_result r;
	int ok;
	memcpy(buf, src, n);
	upg_version_scan(buf, n, 0, scratch, &r);
	ok = r.kind == UPG_VS_FALLBACK;
	/* terminated by "?>" at the very end */
	memcpy(buf2, src2, n2);
	upg_version_scan(buf2, n2, 0, scratch, &r);
	ok = ok && r.kind == UPG_VS_INT && r.lit_len == 1 && r.lit[0] == '1';
	free(buf);
	free(buf2);
	free(scratch);
	return ok;
}

static int test_lines(void)
{
	const char *src = "<?php\r\n\r\n$plugin->version = 1;\r$x = foo();\n";
	char scratch[64];
	upg_vs_result r;
	upg_version_scan(src, strlen(src), 0, scratch, &r);
	if (r.kind != UPG_VS_FALLBACK || r.line != 4 || strcmp(r.reason, "function call") != 0) {
		return 0;
	}
	src = "<?php\n\n\n$plugin->version = 1;\n";
	upg_version_scan(src, strlen(src), 0, scratch, &r);
	return r.kind == UPG_VS_INT && r.line == 4;
}

static int test_scratch_and_nul(void)
{
	/* a NUL byte inside a string literal is ordinary content */
	static const char src[] = "<?php $plugin->version = \"a\\0b\0c\";";
	char scratch[sizeof(src)];
	upg_vs_result r;
	upg_version_scan(src, sizeof(src) - 1, 0, scratch, &r);
	if (r.kind != UPG_VS_STRING || r.str_len != 5 || memcmp(r.str, "a\0b\0c", 5) != 0 || r.str != scratch) {
		return 0;
	}
	/* no escapes: the value points into the buffer */
	upg_version_scan("<?php $plugin->version = 'abc';", 31, 0, scratch, &r);
	return r.kind == UPG_VS_STRING && r.str_len == 3 && memcmp(r.str, "abc", 3) == 0 && r.str != scratch;
}

static int test_deep_nesting(void)
{
	/* recursion is bounded: 100000 '(' must not crash */
	size_t n = 100000, i;
	char *buf = malloc(n + 16), *scratch = malloc(n + 16);
	upg_vs_result r;
	int ok;
	memcpy(buf, "<?php $x = ", 11);
	for (i = 0; i < n; i++) {
		buf[11 + i] = (i & 1) ? '[' : '(';
	}
	upg_version_scan(buf, n + 11, 0, scratch, &r);
	ok = r.kind == UPG_VS_FALLBACK && strcmp(r.reason, "expression too deep") == 0;
	free(buf);
	free(scratch);
	return ok;
}

int main(void)
{
	size_t i, ncases = sizeof(cases) / sizeof(cases[0]);
	int passed = 0, failed = 0;
	char *scratch = malloc(1 << 16);

	for (i = 0; i < ncases; i++) {
		const tcase *c = &cases[i];
		size_t len = c->src_len ? c->src_len : strlen(c->src);
		upg_vs_result r;
		int ok;
		upg_vs_kind k = upg_version_scan(c->src, len, c->core, scratch, &r);

		ok = k == r.kind && r.kind == c->kind;
		if (ok && c->kind == UPG_VS_FALLBACK) {
			ok = r.reason != NULL && r.line >= 1 && (c->reason == NULL || strstr(r.reason, c->reason) != NULL);
		} else if (ok && c->kind == UPG_VS_STRING) {
			size_t tl = c->text_len ? c->text_len : strlen(c->text);
			if (strcmp(c->text, "") == 0 && strstr(c->src, "\\0")) {
				tl = 1;   /* "\0" decodes to one NUL byte */
				ok = r.str_len == 1 && r.str[0] == '\0';
			} else {
				ok = r.str_len == tl && memcmp(r.str, c->text, tl) == 0;
			}
			ok = ok && !r.negative;
		} else if (ok && c->kind != UPG_VS_UNSET) {
			size_t tl = strlen(c->text);
			ok = r.lit_len == tl && memcmp(r.lit, c->text, tl) == 0 && r.negative == c->negative;
		}
		if (ok) {
			passed++;
		} else {
			failed++;
			printf("FAIL case %zu (%s): %s\n  got kind=%d neg=%d lit=%.*s str=%.*s reason=%s line=%zu\n",
				i, c->core ? "core" : "plugin", c->src, (int) r.kind, r.negative,
				(int) (r.lit ? r.lit_len : 0), r.lit ? r.lit : "",
				(int) (r.str ? r.str_len : 0), r.str ? r.str : "",
				r.reason ? r.reason : "-", r.line);
		}
	}

#define EXTRA(fn) do { if (fn()) { passed++; } else { failed++; printf("FAIL %s\n", #fn); } } while (0)
	EXTRA(test_no_sentinel);
	EXTRA(test_lines);
	EXTRA(test_scratch_and_nul);
	EXTRA(test_deep_nesting);

	free(scratch);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

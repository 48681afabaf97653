/*
 * Static reader for Moodle version.php files (see version_scan.h).
 *
 * re2c input: the generated version_scan.c is committed. Regenerate with
 *   cd src && re2c -W --no-generation-date --no-version -o version_scan.c version_scan.re
 *
 * Design: a PHP 8.2 tokeniser (re2c, plus small hand-written loops for
 * comments, heredocs and inline HTML) feeds a tiny recursive-descent parser
 * that accepts only a whitelist of statement shapes. The first token that is
 * not whitelisted ends the scan with FALLBACK, so the tokeniser only has to
 * be exact for the constructs we accept; for everything else it only has to
 * notice that it is something else.
 *
 * Bounds: re2c's generic API is used with a YYPEEK that returns 0 at the
 * limit, and the "eof rule" tells a real NUL byte from the end, so no
 * sentinel or padding is needed past buf + len.
 */
#include "version_scan.h"

#include <stdint.h>
#include <string.h>

typedef unsigned char uc;

/* Label characters, exactly as PHP's lexer defines them. */
#define IS_LABEL_START(c) \
	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || (c) == '_' || (c) >= 0x80)
#define IS_LABEL_CHAR(c) (IS_LABEL_START(c) || ((c) >= '0' && (c) <= '9'))

/* Inert expressions nest through (), [] and unary ops; cap the recursion. */
#define VS_MAX_DEPTH 64

enum {
	TK_EOF, TK_BAD,          /* TK_BAD: something we never accept; reason set */
	TK_SEMI, TK_CLOSE_TAG, TK_COMMA, TK_LPAREN, TK_RPAREN, TK_LBRACKET, TK_RBRACKET,
	TK_ASSIGN, TK_DOUBLE_ARROW, TK_OBJ_OP, TK_DOT, TK_PLUS, TK_MINUS, TK_STAR,
	TK_PIPE, TK_BOOL_OR, TK_NOT, TK_LBRACE, TK_RBRACE,  /* the last three: if-guard only */
	TK_LABEL, TK_VARIABLE, TK_INT, TK_FLOAT,
	TK_SQ_STRING, TK_DQ_STRING,  /* complete, valid, no interpolation */
	TK_DOC                       /* nowdoc, or heredoc without $ or \ in it */
};

typedef struct {
	int type;
	const uc *s, *e;         /* token text [s, e) */
	const char *reason;      /* TK_BAD: why it is not accepted; else what it is if misplaced */
} vs_token;

typedef struct {
	const uc *cur, *lim, *mar;
	int html;                /* 1 while outside <?php ... ?> */
	int plain_lines;         /* the file has no \r and no "?>": a line comment ends at \n */
} vs_lexer;

/* ---- small helpers ----------------------------------------------------- */

static int ci_eq(const uc *s, size_t n, const char *kw)
{
	size_t i;
	for (i = 0; i < n; i++) {
		uc c = s[i];
		if (c >= 'A' && c <= 'Z') {
			c = (uc) (c + ('a' - 'A'));
		}
		if (kw[i] == '\0' || c != (uc) kw[i]) {
			return 0;
		}
	}
	return kw[n] == '\0';
}

static int cs_eq(const uc *s, size_t n, const char *kw)
{
	return strlen(kw) == n && memcmp(s, kw, n) == 0;
}

static int tok_ci(const vs_token *t, const char *kw)
{
	return t->type == TK_LABEL && ci_eq(t->s, (size_t) (t->e - t->s), kw);
}

static int is_hex(uc c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_val(uc c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/*
 * Double-quoted string body [s, e) (without the quotes), following
 * zend_scan_escape_string(). With out == NULL it only validates. Returns a
 * reason when PHP would interpolate, warn or possibly fail.
 */
static const char *dq_decode(const uc *s, const uc *e, char *out, size_t *out_len)
{
	size_t n = 0;
	while (s < e) {
		uc c = *s++;
		if (c == '$') {
			/* "$name" and "${" interpolate; a lone $ is literal */
			if (s < e && (IS_LABEL_START(*s) || *s == '{')) {
				return "string interpolation";
			}
		} else if (c == '{') {
			if (s < e && *s == '$') {
				return "string interpolation";
			}
		} else if (c == '\\' && s < e) {
			uc x = *s++;
			switch (x) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'v': c = '\v'; break;
			case 'e': c = 0x1b; break;
			case 'f': c = '\f'; break;
			case '\\': case '$': case '"': c = x; break;
			case 'u':
				if (s < e && *s == '{') {
					return "\\u{} escape";
				}
				goto keep;
			case 'x': case 'X':
				if (s < e && is_hex(*s)) {
					int v = hex_val(*s++);
					if (s < e && is_hex(*s)) {
						v = v * 16 + hex_val(*s++);
					}
					c = (uc) v;
					break;
				}
				goto keep;
			default:
				if (x >= '0' && x <= '7') {
					int v = x - '0', digits = 1;
					while (digits < 3 && s < e && *s >= '0' && *s <= '7') {
						v = v * 8 + (*s++ - '0');
						digits++;
					}
					if (v > 0xFF) {
						/* PHP emits "Octal escape sequence overflow" */
						return "octal escape overflow";
					}
					c = (uc) v;
					break;
				}
			keep:
				/* unknown escape: backslash stays */
				if (out) {
					out[n] = '\\';
				}
				n++;
				c = x;
				break;
			}
		}
		if (out) {
			out[n] = (char) c;
		}
		n++;
	}
	if (out_len) {
		*out_len = n;
	}
	return NULL;
}

/* Single-quoted body [s, e): only \\ and \' are escapes. */
static size_t sq_decode(const uc *s, const uc *e, char *out)
{
	size_t n = 0;
	while (s < e) {
		if (*s == '\\' && s + 1 < e && (s[1] == '\\' || s[1] == '\'')) {
			s++;
		}
		out[n++] = (char) *s++;
	}
	return n;
}

/* ---- inline HTML and open tags ----------------------------------------- */

/*
 * Skips inline HTML (output only) up to and including "<?php" + one
 * whitespace/newline, or "<?php" at EOF. Returns 1 when PHP code follows,
 * 0 when *t was filled (EOF, or an open tag we do not accept).
 */
static int skip_html(vs_lexer *L, vs_token *t)
{
	const uc *p = L->cur;
	for (;;) {
		const uc *q = memchr(p, '<', (size_t) (L->lim - p));
		if (q == NULL) {
			L->cur = L->lim;
			t->type = TK_EOF;
			t->s = t->e = L->lim;
			return 0;
		}
		if (q + 1 < L->lim && q[1] == '?') {
			t->s = q;
			if (L->lim - q >= 5 && ci_eq(q + 2, 3, "php")) {
				const uc *r = q + 5;
				if (r == L->lim) {               /* "<?php" at EOF (PHP 8) */
					L->cur = r;
					L->html = 0;
					return 1;
				}
				if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
					r += (*r == '\r' && r + 1 < L->lim && r[1] == '\n') ? 2 : 1;
					L->cur = r;
					L->html = 0;
					return 1;
				}
			}
			/* "<?=" always, "<?" and "<?phpX" depend on short_open_tag */
			t->type = TK_BAD;
			t->e = q + 2;
			t->reason = (q + 2 < L->lim && q[2] == '=') ? "echo open tag" : "short open tag";
			L->cur = q + 2;
			return 0;
		}
		p = q + 1;
	}
}

/* ---- heredoc / nowdoc -------------------------------------------------- */

/*
 * Called after "<<<LABEL" + newline, with L->cur at the body. Finds the
 * closing label the way PHP 7.3+ does (a line starting with optional
 * spaces/tabs, then the label, not followed by a label char, with at least
 * one byte after it) and validates the body indentation like
 * strip_multiline_string_indentation(). Fills *t.
 */
static void scan_doc(vs_lexer *L, vs_token *t, const uc *label, size_t llen, int nowdoc)
{
	const uc *body = L->cur, *line = body, *q, *p, *end;
	size_t indent;
	int spaces = 0, tabs = 0;

	for (;;) {
		spaces = tabs = 0;
		for (q = line; q < L->lim && (*q == ' ' || *q == '\t'); q++) {
			if (*q == ' ') {
				spaces = 1;
			} else {
				tabs = 1;
			}
		}
		if (q < L->lim && (size_t) (L->lim - q) > llen && memcmp(q, label, llen) == 0
				&& !IS_LABEL_CHAR(q[llen])) {
			break;
		}
		/* not the closing line: go to the next one */
		while (q < L->lim && *q != '\n' && *q != '\r') {
			q++;
		}
		if (q == L->lim) {
			t->type = TK_BAD;
			t->reason = "unterminated heredoc";
			t->e = L->cur = L->lim;
			return;
		}
		q += (*q == '\r' && q + 1 < L->lim && q[1] == '\n') ? 2 : 1;
		line = q;
	}
	L->cur = q + llen;
	t->e = L->cur;
	if (spaces && tabs) {
		t->type = TK_BAD;
		t->reason = "heredoc indentation mixes tabs and spaces";
		return;
	}
	indent = (size_t) (q - line);
	/* body is [body, end): the newline before the closing line is not part of it */
	end = line;
	if (end > body) {
		end -= (end - body >= 2 && end[-2] == '\r' && end[-1] == '\n') ? 2 : 1;
	}
	if (!nowdoc) {
		/* heredoc: accept only when nothing in it could interpolate or escape */
		for (p = body; p < end; p++) {
			if (*p == '$' || *p == '\\') {
				t->type = TK_BAD;
				t->reason = "heredoc with interpolation or escapes";
				return;
			}
		}
	}
	if (indent > 0 && line > body) {
		/* every body line needs `indent` leading chars of the closing kind;
		   a line may be shorter only if it is all such whitespace */
		p = body;
		for (;;) {
			size_t k;
			for (k = 0; k < indent; k++, p++) {
				if (p == end || *p == '\n' || *p == '\r') {
					break;
				}
				if (*p != (spaces ? ' ' : '\t')) {
					t->type = TK_BAD;
					t->reason = "invalid heredoc body indentation";
					return;
				}
			}
			while (p < end && *p != '\n' && *p != '\r') {
				p++;
			}
			if (p >= end) {
				break;
			}
			p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
		}
	}
	t->type = TK_DOC;
}

/* ---- the tokeniser ----------------------------------------------------- */

static void num_token(vs_lexer *L, vs_token *t, int type)
{
	/* "1abc", "1_", "0x", "1e": PHP lexes a label right after -> parse error */
	if (L->cur < L->lim && IS_LABEL_CHAR(*L->cur)) {
		t->type = TK_BAD;
		t->reason = "invalid numeric literal";
	} else {
		t->type = type;
	}
	t->e = L->cur;
}

static void lex(vs_lexer *L, vs_token *t)
{
	const uc *s;
	t->reason = NULL;
again:
	if (L->html && !skip_html(L, t)) {
		return;
	}
	s = L->cur;
	t->s = s;

#define TOK(ty) do { t->type = (ty); t->e = L->cur; return; } while (0)
#define BAD(why) do { t->type = TK_BAD; t->reason = (why); t->e = L->cur; return; } while (0)

	/*!re2c
	re2c:api = custom;
	re2c:api:style = free-form;
	re2c:define:YYCTYPE = "uc";
	re2c:define:YYPEEK = "(L->cur < L->lim ? *L->cur : 0)";
	re2c:define:YYSKIP = "++L->cur;";
	re2c:define:YYBACKUP = "L->mar = L->cur;";
	re2c:define:YYRESTORE = "L->cur = L->mar;";
	re2c:define:YYLESSTHAN = "(L->cur >= L->lim)";
	re2c:yyfill:enable = 0;
	re2c:eof = 0;
	re2c:indent:top = 1;

	LABEL   = [a-zA-Z_\x80-\xff] [a-zA-Z0-9_\x80-\xff]*;
	LNUM    = [0-9]+ ("_" [0-9]+)*;
	DNUM    = (LNUM? "." LNUM) | (LNUM "." LNUM?);
	EXPNUM  = (LNUM | DNUM) [eE] [+-]? LNUM;
	HNUM    = "0" [xX] [0-9a-fA-F]+ ("_" [0-9a-fA-F]+)*;
	BNUM    = "0" [bB] [01]+ ("_" [01]+)*;
	ONUM    = "0" [oO] [0-7]+ ("_" [0-7]+)*;
	NEWLINE = "\r" | "\n" | "\r\n";

	$ { TOK(TK_EOF); }

	[ \t\r\n]+ { goto again; }

	// "#[" opens an attribute since PHP 8; a plain "#" is a comment
	"#[" { BAD("attribute"); }
	"#" | "//" {
		/* a line comment ends before a newline or before "?>" (memchr: most
		   of a version file is its licence header) */
		const uc *end = memchr(L->cur, '\n', (size_t) (L->lim - L->cur));
		end = end ? end : L->lim;
		if (L->plain_lines) {
			L->cur = end;
			goto again;
		}
		const uc *cr = memchr(L->cur, '\r', (size_t) (end - L->cur));
		end = cr ? cr : end;
		for (const uc *q = L->cur; (q = memchr(q, '?', (size_t) (end - q))) != NULL; q++) {
			if (q + 1 < L->lim && q[1] == '>') {
				end = q;
				break;
			}
		}
		L->cur = end;
		goto again;
	}
	"/*" {
		for (const uc *q = L->cur; (q = memchr(q, '*', (size_t) (L->lim - q))) != NULL; q++) {
			if (q + 1 < L->lim && q[1] == '/') {
				L->cur = q + 2;
				goto again;
			}
		}
		BAD("unterminated comment");
	}

	// "?>" is a ';' and swallows one newline; inline HTML follows
	"?>" NEWLINE? { L->html = 1; TOK(TK_CLOSE_TAG); }

	"'" ([^'\\] | "\\" [^])* "'" { TOK(TK_SQ_STRING); }
	"'" { BAD("unterminated string"); }
	["] ([^"\\] | "\\" [^])* ["] {
		const char *why = dq_decode(s + 1, L->cur - 1, NULL, NULL);
		if (why) {
			BAD(why);
		}
		TOK(TK_DQ_STRING);
	}
	["] { BAD("unterminated string"); }

	"<<<" [ \t]* (LABEL | ['] LABEL ['] | ["] LABEL ["]) NEWLINE {
		const uc *l = s + 3, *le;
		int nowdoc = 0;
		while (*l == ' ' || *l == '\t') {
			l++;
		}
		if (*l == '\'' || *l == '"') {
			nowdoc = *l == '\'';
			l++;
		}
		for (le = l; IS_LABEL_CHAR(*le); le++) {
		}
		scan_doc(L, t, l, (size_t) (le - l), nowdoc);
		return;
	}

	LNUM {
		/* a leading 0 means octal: 8 and 9 are a parse error (also "0_8") */
		if (*s == '0') {
			const uc *p;
			for (p = s; p < L->cur; p++) {
				if (*p == '8' || *p == '9') {
					BAD("invalid numeric literal");
				}
			}
		}
		num_token(L, t, TK_INT);
		return;
	}
	HNUM | BNUM | ONUM { num_token(L, t, TK_INT); return; }
	DNUM | EXPNUM      { num_token(L, t, TK_FLOAT); return; }

	"$" LABEL { TOK(TK_VARIABLE); }
	"$"       { BAD("variable variable"); }
	LABEL     { TOK(TK_LABEL); }

	";"  { TOK(TK_SEMI); }
	","  { TOK(TK_COMMA); }
	"("  { TOK(TK_LPAREN); }
	")"  { TOK(TK_RPAREN); }
	"["  { TOK(TK_LBRACKET); }
	"]"  { TOK(TK_RBRACKET); }
	"="  { TOK(TK_ASSIGN); }
	"=>" { TOK(TK_DOUBLE_ARROW); }
	"->" { TOK(TK_OBJ_OP); }
	"."  { TOK(TK_DOT); }
	"+"  { TOK(TK_PLUS); }
	"-"  { TOK(TK_MINUS); }
	"*"  { TOK(TK_STAR); }
	"|"  { TOK(TK_PIPE); }
	"||" { TOK(TK_BOOL_OR); }
	"!"  { t->reason = "operator"; TOK(TK_NOT); }
	"{"  { t->reason = "block"; TOK(TK_LBRACE); }
	"}"  { t->reason = "block"; TOK(TK_RBRACE); }

	// Everything below is never accepted. The rules exist so that the
	// accepted single-char operators are never a prefix of a longer token.
	"+=" | "-=" | "*=" | "/=" | ".=" | "%=" | "**=" | "&=" | "|=" | "^="
		| "<<=" | ">>=" | "??=" { BAD("compound assignment"); }
	"++" | "--"  { BAD("increment/decrement"); }
	"?->"        { BAD("nullsafe operator"); }
	"::"         { BAD("static access"); }
	"..."        { BAD("spread operator"); }
	"&" | "&&"   { BAD("reference or bitwise and"); }
	"`"          { BAD("shell command"); }
	"@"          { BAD("error suppression"); }
	"\\"         { BAD("namespaced name"); }
	"?" | "??" | ":" { BAD("conditional"); }
	"==" | "===" | "!=" | "!==" | "<>" | "<" | ">" | "<=" | ">=" | "<=>"
		{ BAD("comparison"); }
	"**" | "/" | "%" | "^" | "~" | "<<" | ">>" { BAD("operator"); }
	* { BAD("unexpected character"); }
	*/

#undef TOK
#undef BAD
}

/* ---- the parser -------------------------------------------------------- */

/* Possible PHP types of an inert expression (a set). */
enum { VT_INT = 1, VT_FLOAT = 2, VT_STR = 4, VT_BOOL = 8, VT_NULL = 16, VT_ARR = 32 };
#define VT_NUMERIC (VT_INT | VT_FLOAT | VT_BOOL | VT_NULL)
#define VT_INTLIKE (VT_INT | VT_BOOL | VT_NULL)
#define VT_SCALAR  (VT_INT | VT_FLOAT | VT_STR | VT_BOOL | VT_NULL)

typedef struct {
	int types;
	int small;               /* an int far from overflow (safe array key) */
} vs_val;

typedef struct {
	upg_vs_kind kind;
	int negative;
	const uc *lit, *lit_end;
	char *str;
	size_t str_len;
	const uc *at;            /* start of the statement */
} vs_target;

typedef struct {
	vs_lexer L;
	vs_token la;
	int has_la;
	int core;
	int depth;
	char *scratch;
	const char *reason;      /* first failure */
	const uc *where;
} vs_parser;

static void next(vs_parser *P, vs_token *t)
{
	if (P->has_la) {
		*t = P->la;
		P->has_la = 0;
	} else {
		lex(&P->L, t);
	}
}

static const vs_token *peek(vs_parser *P)
{
	if (!P->has_la) {
		lex(&P->L, &P->la);
		P->has_la = 1;
	}
	return &P->la;
}

static int fail(vs_parser *P, const vs_token *t, const char *reason)
{
	if (P->reason == NULL) {
		P->reason = reason;
		P->where = t->s;
	}
	return -1;
}

/* Keywords (case-insensitive) with a specific reason; anything else in
   statement or value position is a call, a static access or a constant. */
static const struct { const char *kw, *reason; } vs_keywords[] = {
	{"if", "conditional"}, {"else", "conditional"}, {"elseif", "conditional"},
	{"switch", "conditional"}, {"match", "conditional"}, {"case", "conditional"},
	{"while", "loop"}, {"do", "loop"}, {"for", "loop"}, {"foreach", "loop"},
	{"function", "function declaration"}, {"fn", "function declaration"},
	{"class", "class declaration"}, {"interface", "class declaration"},
	{"trait", "class declaration"}, {"enum", "class declaration"},
	{"abstract", "class declaration"}, {"final", "class declaration"},
	{"readonly", "class declaration"},
	{"namespace", "namespace"}, {"use", "use"}, {"declare", "declare"},
	{"const", "constant declaration"},
	{"echo", "output"}, {"print", "output"},
	{"include", "include"}, {"include_once", "include"},
	{"require", "include"}, {"require_once", "include"},
	{"return", "return"}, {"goto", "goto"}, {"unset", "unset"},
	{"global", "global"}, {"static", "static"},
	{"__halt_compiler", "__halt_compiler"},
	{"list", "list()"}, {"eval", "eval"}, {"extract", "extract"},
	{"die", "exit"}, {"exit", "exit"},
	{"new", "new"}, {"clone", "clone"}, {"throw", "throw"}, {"try", "try"},
	{"yield", "yield"}, {"isset", "isset"}, {"empty", "empty"},
	{"instanceof", "operator"}, {"and", "operator"}, {"or", "operator"},
	{"xor", "operator"},
};

static int fail_label(vs_parser *P, const vs_token *t, const char *otherwise)
{
	size_t i, n = (size_t) (t->e - t->s);
	const vs_token *nx;
	for (i = 0; i < sizeof(vs_keywords) / sizeof(vs_keywords[0]); i++) {
		if (ci_eq(t->s, n, vs_keywords[i].kw)) {
			return fail(P, t, vs_keywords[i].reason);
		}
	}
	nx = peek(P);
	if (nx->type == TK_LPAREN) {
		return fail(P, t, "function call");
	}
	if (nx->type == TK_BAD && nx->e - nx->s == 2 && nx->s[0] == ':' && nx->s[1] == ':') {
		return fail(P, t, "static access");
	}
	return fail(P, t, otherwise);
}

/* A token in the wrong place: prefer the token's own reason. */
static int unexpected(vs_parser *P, const vs_token *t, const char *otherwise)
{
	if (t->reason != NULL) {
		return fail(P, t, t->reason);
	}
	if (t->type == TK_LABEL) {
		return fail_label(P, t, otherwise);
	}
	if (t->type == TK_VARIABLE) {
		return fail(P, t, "variable in expression");
	}
	if (t->type == TK_EOF) {
		return fail(P, t, "unexpected end of file");
	}
	return fail(P, t, otherwise);
}

static int expect_end(vs_parser *P)
{
	vs_token t;
	next(P, &t);
	if (t.type == TK_SEMI || t.type == TK_CLOSE_TAG) {
		return 0;
	}
	return unexpected(P, &t, "unsupported expression");
}

/* An int literal that cannot overflow to float (counts digits, generously). */
static int int_is_small(const vs_token *t)
{
	const uc *p = t->s;
	size_t digits = 0, max = 18;
	if (p[0] == '0' && t->e - p > 1) {
		switch (p[1] | 0x20) {
		case 'x': max = 15; p += 2; break;
		case 'b': max = 62; p += 2; break;
		case 'o': max = 20; p += 2; break;
		default:  max = 20; break;   /* leading-0 octal */
		}
	}
	for (; p < t->e; p++) {
		digits += *p != '_';
	}
	return digits <= max;
}

static int expr(vs_parser *P, int minprec, vs_val *v);

static int array_body(vs_parser *P, int close)
{
	vs_token t;
	vs_val k, val;
	if (peek(P)->type == close) {
		next(P, &t);
		return 0;
	}
	for (;;) {
		if (peek(P)->type == TK_COMMA) {
			next(P, &t);
			return fail(P, &t, "empty array element");   /* compile error */
		}
		if (expr(P, 0, &k)) {
			return -1;
		}
		if (peek(P)->type == TK_DOUBLE_ARROW) {
			next(P, &t);
			/* floats, bools, null and arrays as keys warn or throw */
			if (!(k.types == VT_STR || (k.types == VT_INT && k.small))) {
				return fail(P, &t, "unsafe array key");
			}
			if (expr(P, 0, &val)) {
				return -1;
			}
		}
		next(P, &t);
		if (t.type == close) {
			return 0;
		}
		if (t.type != TK_COMMA) {
			return unexpected(P, &t, "malformed array");
		}
		if (peek(P)->type == close) {     /* trailing comma */
			next(P, &t);
			return 0;
		}
	}
}

static int primary(vs_parser *P, vs_val *v)
{
	vs_token t;
	size_t n;
	next(P, &t);
	n = (size_t) (t.e - t.s);
	v->small = 0;
	switch (t.type) {
	case TK_INT:
		v->small = int_is_small(&t);
		v->types = v->small ? VT_INT : (VT_INT | VT_FLOAT);
		return 0;
	case TK_FLOAT:
		v->types = VT_FLOAT;
		return 0;
	case TK_SQ_STRING: case TK_DQ_STRING: case TK_DOC:
		v->types = VT_STR;
		return 0;
	case TK_LPAREN:
		if (expr(P, 0, v)) {
			return -1;
		}
		next(P, &t);
		return t.type == TK_RPAREN ? 0 : unexpected(P, &t, "unbalanced parentheses");
	case TK_LBRACKET:
		v->types = VT_ARR;
		return array_body(P, TK_RBRACKET);
	case TK_LABEL:
		if (ci_eq(t.s, n, "array")) {
			vs_token lp;
			next(P, &lp);
			if (lp.type != TK_LPAREN) {
				return unexpected(P, &lp, "array keyword");
			}
			v->types = VT_ARR;
			return array_body(P, TK_RPAREN);
		}
		if (ci_eq(t.s, n, "true") || ci_eq(t.s, n, "false")) {
			v->types = VT_BOOL;
			return 0;
		}
		if (ci_eq(t.s, n, "null")) {
			v->types = VT_NULL;
			return 0;
		}
		/* constants Moodle defines before reading version.php */
		if (cs_eq(t.s, n, "MATURITY_ALPHA") || cs_eq(t.s, n, "MATURITY_BETA")
				|| cs_eq(t.s, n, "MATURITY_RC") || cs_eq(t.s, n, "MATURITY_STABLE")) {
			v->types = VT_INT;
			v->small = 1;
			return 0;
		}
		if (cs_eq(t.s, n, "ANY_VERSION")) {
			v->types = VT_STR;
			return 0;
		}
		return fail_label(P, &t, "unknown constant");
	default:
		return unexpected(P, &t, "unsupported expression");
	}
}

static int unary(vs_parser *P, vs_val *v)
{
	int type = peek(P)->type;
	if (++P->depth > VS_MAX_DEPTH) {
		return fail(P, peek(P), "expression too deep");
	}
	if (type == TK_MINUS || type == TK_PLUS) {
		vs_token t;
		next(P, &t);
		if (unary(P, v)) {
			return -1;
		}
		if (v->types & ~VT_NUMERIC) {
			return fail(P, &t, "unsafe operand types");
		}
		if (!(v->types == VT_INT && v->small)) {
			v->types = VT_INT | VT_FLOAT;
			v->small = 0;
		}
	} else if (primary(P, v)) {
		return -1;
	}
	P->depth--;
	return 0;
}

/* PHP 8 precedence, higher binds tighter; all left-associative. */
static int binop_prec(int type)
{
	switch (type) {
	case TK_PIPE:  return 1;
	case TK_DOT:   return 2;
	case TK_PLUS: case TK_MINUS: return 3;
	case TK_STAR:  return 4;
	default:       return 0;
	}
}

/*
 * Type rules chosen so that evaluation can never throw, warn or emit a
 * deprecation (e.g. 'abc' + 1 throws TypeError, [1] . 'x' warns, 1.5 | 1 is
 * deprecated). Arithmetic may overflow to float: that is harmless.
 */
static int binop(vs_parser *P, const vs_token *op, vs_val *l, const vs_val *r)
{
	int a = l->types, b = r->types;
	l->small = 0;
	switch (op->type) {
	case TK_DOT:
		if (!(a & ~VT_SCALAR) && !(b & ~VT_SCALAR)) {
			l->types = VT_STR;
			return 0;
		}
		break;
	case TK_PLUS:
		if (a == VT_ARR && b == VT_ARR) {
			return 0;
		}
		/* fall through */
	case TK_MINUS: case TK_STAR:
		if (!(a & ~VT_NUMERIC) && !(b & ~VT_NUMERIC)) {
			l->types = VT_INT | VT_FLOAT;
			return 0;
		}
		break;
	case TK_PIPE:
		if (!(a & ~VT_INTLIKE) && !(b & ~VT_INTLIKE)) {
			l->types = VT_INT;
			return 0;
		}
		if (a == VT_STR && b == VT_STR) {
			return 0;
		}
		break;
	}
	return fail(P, op, "unsafe operand types");
}

static int expr(vs_parser *P, int minprec, vs_val *v)
{
	if (unary(P, v)) {
		return -1;
	}
	for (;;) {
		vs_token op;
		vs_val r;
		int prec = binop_prec(peek(P)->type);
		if (prec == 0 || prec < minprec) {
			return 0;
		}
		next(P, &op);
		if (expr(P, prec + 1, &r) || binop(P, &op, v, &r)) {
			return -1;
		}
	}
}

/* The value of the target: one literal, optionally a negated number. */
static int target_value(vs_parser *P, vs_target *tg, const uc *at)
{
	vs_token t;
	vs_target c;
	size_t n;

	memset(&c, 0, sizeof(c));
	c.at = at;
	next(P, &t);
	if (t.type == TK_MINUS) {
		c.negative = 1;
		next(P, &t);
		if (t.type != TK_INT && t.type != TK_FLOAT) {
			return unexpected(P, &t, "version is not a literal");
		}
	}
	n = (size_t) (t.e - t.s);
	c.lit = t.s;
	c.lit_end = t.e;
	switch (t.type) {
	case TK_INT:
		c.kind = UPG_VS_INT;
		break;
	case TK_FLOAT:
		c.kind = UPG_VS_FLOAT;
		break;
	case TK_SQ_STRING:
	case TK_DQ_STRING:
		c.kind = UPG_VS_STRING;
		if (memchr(t.s + 1, '\\', n - 2) == NULL) {
			/* nothing to decode: the value is the text between the quotes */
			c.str = (char *) (uintptr_t) (t.s + 1);
			c.str_len = n - 2;
		} else if (P->scratch == NULL) {
			return fail(P, &t, "no scratch buffer");
		} else {
			c.str = P->scratch;
			if (t.type == TK_SQ_STRING) {
				c.str_len = sq_decode(t.s + 1, t.e - 1, P->scratch);
			} else {
				dq_decode(t.s + 1, t.e - 1, P->scratch, &c.str_len);
			}
		}
		break;
	case TK_DOC:
		return fail(P, &t, "heredoc version");
	case TK_LABEL:
		if (ci_eq(t.s, n, "null")) {
			c.kind = UPG_VS_NULL;
		} else if (ci_eq(t.s, n, "true")) {
			c.kind = UPG_VS_TRUE;
		} else if (ci_eq(t.s, n, "false")) {
			c.kind = UPG_VS_FALSE;
		} else {
			return fail_label(P, &t, "version is not a literal");
		}
		break;
	default:
		return unexpected(P, &t, "version is not a literal");
	}
	next(P, &t);
	if (t.type != TK_SEMI && t.type != TK_CLOSE_TAG) {
		return unexpected(P, &t, "version is not a literal");
	}
	*tg = c;   /* last assignment wins */
	return 0;
}

static int inert_statement(vs_parser *P)
{
	vs_val v;
	return expr(P, 0, &v) ? -1 : expect_end(P);
}

/* $plugin->NAME = ..., $module->NAME = ..., $NAME = ... */
static int stmt_variable(vs_parser *P, const vs_token *var, vs_target *tg)
{
	const uc *name = var->s + 1;
	size_t n = (size_t) (var->e - name);
	vs_token t;
	int is_plugin = cs_eq(name, n, "plugin");

	if (is_plugin || cs_eq(name, n, "module")) {
		if (P->core) {
			return fail(P, var, is_plugin ? "uses $plugin in core mode" : "uses $module in core mode");
		}
		next(P, &t);
		if (t.type == TK_ASSIGN) {
			return fail(P, &t, is_plugin ? "reassigns $plugin" : "reassigns $module");
		}
		if (t.type != TK_OBJ_OP) {
			return unexpected(P, &t, is_plugin ? "unsupported use of $plugin" : "unsupported use of $module");
		}
		next(P, &t);
		if (t.type != TK_LABEL) {
			return unexpected(P, &t, "dynamic property name");
		}
		{
			int is_version = cs_eq(t.s, (size_t) (t.e - t.s), "version");
			next(P, &t);
			if (t.type != TK_ASSIGN) {
				return unexpected(P, &t, "unsupported property operation");
			}
			return is_version ? target_value(P, tg, var->s) : inert_statement(P);
		}
	}
	/* $this and $GLOBALS cannot be assigned; superglobals are shared state */
	if (cs_eq(name, n, "this") || cs_eq(name, n, "GLOBALS") || cs_eq(name, n, "_GET")
			|| cs_eq(name, n, "_POST") || cs_eq(name, n, "_COOKIE") || cs_eq(name, n, "_FILES")
			|| cs_eq(name, n, "_SERVER") || cs_eq(name, n, "_ENV") || cs_eq(name, n, "_REQUEST")
			|| cs_eq(name, n, "_SESSION")) {
		return fail(P, var, "assigns a special variable");
	}
	next(P, &t);
	if (t.type != TK_ASSIGN) {
		return unexpected(P, &t, "unsupported variable operation");
	}
	if (P->core && cs_eq(name, n, "version")) {
		return target_value(P, tg, var->s);
	}
	return inert_statement(P);
}

/* ('MOODLE_INTERNAL') after "defined" */
static int guard_defined_args(vs_parser *P)
{
	vs_token t;
	next(P, &t);
	if (t.type != TK_LPAREN) {
		return unexpected(P, &t, "unsupported use of defined()");
	}
	next(P, &t);
	if (!((t.type == TK_SQ_STRING || t.type == TK_DQ_STRING)
			&& cs_eq(t.s + 1, (size_t) (t.e - t.s - 2), "MOODLE_INTERNAL"))) {
		return unexpected(P, &t, "unknown guard");
	}
	next(P, &t);
	return t.type == TK_RPAREN ? 0 : unexpected(P, &t, "unknown guard");
}

/* die / exit, optionally with (), or (expr), then the end of the statement */
static int guard_die(vs_parser *P)
{
	vs_token t;
	next(P, &t);
	if (!tok_ci(&t, "die") && !tok_ci(&t, "exit")) {
		return fail(P, &t, t.type == TK_BAD ? t.reason : "unknown guard");
	}
	if (peek(P)->type == TK_LPAREN) {
		next(P, &t);
		if (peek(P)->type != TK_RPAREN) {
			/* never evaluated (MOODLE_INTERNAL is defined) but must compile */
			vs_val v;
			if (expr(P, 0, &v)) {
				return -1;
			}
		}
		next(P, &t);
		if (t.type != TK_RPAREN) {
			return unexpected(P, &t, "unbalanced parentheses");
		}
	}
	return expect_end(P);
}

/* defined('MOODLE_INTERNAL') || die(); and its usual spellings */
static int stmt_guard(vs_parser *P)
{
	vs_token t;
	if (guard_defined_args(P)) {
		return -1;
	}
	next(P, &t);
	if (t.type != TK_BOOL_OR && !tok_ci(&t, "or")) {
		return unexpected(P, &t, "unknown guard");
	}
	return guard_die(P);
}

/*
 * if (!defined('MOODLE_INTERNAL')) { die(...); }  (braces optional).
 * The body never runs since MOODLE_INTERNAL is defined. Any other "if" is
 * a conditional: FALLBACK.
 */
static int stmt_if_guard(vs_parser *P, const vs_token *if_tok)
{
	vs_token t;
	int braces;
	next(P, &t);
	if (t.type != TK_LPAREN) {
		return unexpected(P, &t, "conditional");
	}
	next(P, &t);
	if (t.type != TK_NOT) {
		return fail(P, if_tok, "conditional");
	}
	next(P, &t);
	if (!tok_ci(&t, "defined")) {
		return fail(P, if_tok, "conditional");
	}
	if (guard_defined_args(P)) {
		return -1;
	}
	next(P, &t);
	if (t.type != TK_RPAREN) {
		return fail(P, if_tok, "conditional");
	}
	braces = peek(P)->type == TK_LBRACE;
	if (braces) {
		next(P, &t);
	}
	if (guard_die(P)) {
		return -1;
	}
	if (braces) {
		next(P, &t);
		if (t.type != TK_RBRACE) {
			return fail(P, if_tok, "conditional");
		}
	}
	/* an "else" would follow as its own statement and be rejected there */
	return 0;
}

static int has_close_tag(const uc *b, size_t len)
{
	for (const uc *q = b; (q = memchr(q, '?', len - (size_t) (q - b))) != NULL; q++) {
		if ((size_t) (q - b) + 1 < len && q[1] == '>') {
			return 1;
		}
	}
	return 0;
}

static size_t line_of(const uc *buf, const uc *pos)
{
	size_t line = 1;
	const uc *p;
	if (memchr(buf, '\r', (size_t) (pos - buf)) == NULL) {
		/* the usual file: only \n, counted with memchr (this runs for every file) */
		for (p = buf; (p = memchr(p, '\n', (size_t) (pos - p))) != NULL; p++) {
			line++;
		}
		return line;
	}
	for (p = buf; p < pos; p++) {
		/* PHP counts \n, \r\n and a lone \r as one line break each */
		if (*p == '\n' || (*p == '\r' && !(p + 1 < pos && p[1] == '\n'))) {
			line++;
		}
	}
	return line;
}

upg_vs_kind upg_version_scan(const char *buf, size_t len, int core_mode, char *scratch, upg_vs_result *out)
{
	vs_parser P;
	vs_target tg;
	vs_token t;
	const uc *b = (const uc *) buf;

	memset(out, 0, sizeof(*out));
	memset(&P, 0, sizeof(P));
	memset(&tg, 0, sizeof(tg));
	if (b == NULL) {
		b = (const uc *) "";
		len = 0;
	}
	P.L.cur = b;
	P.L.lim = b + len;
	P.L.html = 1;              /* a PHP file starts as inline HTML */
	P.L.plain_lines = memchr(b, '\r', len) == NULL && !has_close_tag(b, len);
	P.core = core_mode != 0;
	P.scratch = scratch;
	tg.kind = UPG_VS_UNSET;

	for (;;) {
		P.depth = 0;
		next(&P, &t);
		if (t.type == TK_EOF) {
			break;
		}
		if (t.type == TK_SEMI || t.type == TK_CLOSE_TAG) {
			continue;
		}
		if (t.type == TK_VARIABLE) {
			if (stmt_variable(&P, &t, &tg)) {
				break;
			}
		} else if (tok_ci(&t, "defined")) {
			if (stmt_guard(&P)) {
				break;
			}
		} else if (tok_ci(&t, "if")) {
			if (stmt_if_guard(&P, &t)) {
				break;
			}
		} else {
			unexpected(&P, &t, "unsupported statement");
			break;
		}
	}

	if (P.reason) {
		out->kind = UPG_VS_FALLBACK;
		out->reason = P.reason;
		out->line = line_of(b, P.where);
		return out->kind;
	}
	out->kind = tg.kind;
	if (tg.kind != UPG_VS_UNSET) {
		out->negative = tg.negative;
		out->lit = (const char *) tg.lit;
		out->lit_len = (size_t) (tg.lit_end - tg.lit);
		out->str = tg.str;
		out->str_len = tg.str_len;
		out->line = line_of(b, tg.at);
	}
	return out->kind;
}

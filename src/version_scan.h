/*
 * Static reader for Moodle version.php files.
 *
 * Decides, without running PHP, whether the value the file leaves in the
 * target variable is provably a literal:
 *   plugin mode (core_mode == 0): $plugin->version (and $module->version,
 *                                 the same object in Moodle);
 *   core mode   (core_mode != 0): $version.
 * Anything it cannot prove gives UPG_VS_FALLBACK with a reason; the caller
 * must then execute the file.
 *
 * Buffer contract:
 *   - The scanner reads only the bytes [buf, buf + len). No NUL terminator,
 *     sentinel or padding is needed (buffers straight from read() are fine);
 *     NUL bytes inside the buffer are ordinary input.
 *   - scratch must point to at least `len` writable bytes (it may be NULL
 *     when len == 0). It is used only for decoded string values.
 *   - lit/str in the result point into buf or scratch: keep both alive while
 *     the result is used. When str points into buf it must not be written.
 *
 * Thread safety: no global or static mutable state; the function is
 * reentrant and may run concurrently on different buffers.
 *
 * Pure C99, no PHP headers, no allocation; recursion depth is bounded.
 */
#ifndef UPG_VERSION_SCAN_H
#define UPG_VERSION_SCAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	UPG_VS_FALLBACK = 0, /* not provable: caller must execute the file */
	UPG_VS_UNSET,        /* provably never assigned: value stays null */
	UPG_VS_INT,          /* lit/lit_len: raw integer literal text as written (e.g. "0x1F", "1_000", "017", "0o17", "0b101"), without sign */
	UPG_VS_FLOAT,        /* lit/lit_len: raw float literal as written (e.g. "1.5", "1e3", ".5", "1_0.5"), without sign */
	UPG_VS_STRING,       /* str/str_len: the decoded string bytes (the PHP value) */
	UPG_VS_NULL, UPG_VS_TRUE, UPG_VS_FALSE
} upg_vs_kind;

/*
 * Notes on kinds:
 *   UPG_VS_INT means "integer literal syntax, validated like PHP 8.2's lexer".
 *   The value may still overflow to float under PHP's rules (e.g.
 *   9223372036854775808, 0x8000000000000000): convert lit with the engine.
 *   For STRING, lit/lit_len hold the raw quoted token; for NULL/TRUE/FALSE
 *   the keyword as written. For UNSET and FALLBACK lit and str are NULL,
 *   and for UNSET line is 0.
 *   A FALLBACK may also mean the file does not compile, throws, warns or
 *   exits when included: executing it is the only way to reproduce that.
 */
typedef struct {
	upg_vs_kind kind;
	int negative;            /* a single leading unary minus on an INT or FLOAT literal */
	const char *lit; size_t lit_len;   /* points into the caller's buffer */
	char *str; size_t str_len;         /* for STRING: decoded value. Points into the buffer when no decoding was needed, otherwise into `scratch` */
	const char *reason;      /* static string, for FALLBACK: why (e.g. "function call", "conditional", "reassigns $plugin") */
	size_t line;             /* 1-based line where the reason was found (or of the winning assignment) */
} upg_vs_result;

/* scratch: caller-provided buffer of at least `len` bytes used for decoded strings. Returns kind. */
upg_vs_kind upg_version_scan(const char *buf, size_t len, int core_mode, char *scratch, upg_vs_result *out);

#ifdef __cplusplus
}
#endif

#endif /* UPG_VERSION_SCAN_H */

/*
 * libFuzzer target for src/version_scan.c.
 *
 * The input is copied into an exact-size heap buffer (no terminator, no
 * padding) so ASan reports any read past the end. Both modes are scanned,
 * and the result invariants the caller relies on are checked.
 */
#include "version_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) { __builtin_trap(); } } while (0)

static int within(const char *p, size_t n, const char *base, size_t len)
{
	return p >= base && n <= len && (size_t) (p - base) <= len - n;
}

static void check(const char *buf, size_t len, const char *scratch, int core)
{
	upg_vs_result r, again;
	upg_vs_kind k = upg_version_scan(buf, len, core, (char *) scratch, &r);

	CHECK(k == r.kind);
	CHECK(r.kind >= UPG_VS_FALLBACK && r.kind <= UPG_VS_FALSE);
	if (r.kind == UPG_VS_FALLBACK) {
		CHECK(r.reason != NULL && r.reason[0] != '\0');
		CHECK(r.line >= 1);
	} else {
		CHECK(r.reason == NULL);
	}
	if (r.kind == UPG_VS_UNSET || r.kind == UPG_VS_FALLBACK) {
		CHECK(r.lit == NULL && r.str == NULL && r.negative == 0);
	} else {
		CHECK(r.line >= 1);
		CHECK(r.lit != NULL && r.lit_len > 0 && within(r.lit, r.lit_len, buf, len));
	}
	if (r.kind == UPG_VS_INT || r.kind == UPG_VS_FLOAT) {
		/* a literal starts with a digit or '.', and never carries a sign */
		CHECK((r.lit[0] >= '0' && r.lit[0] <= '9') || r.lit[0] == '.');
	} else {
		CHECK(r.negative == 0);
	}
	if (r.kind == UPG_VS_STRING) {
		CHECK(r.str != NULL || r.str_len == 0);
		CHECK(r.str_len <= len);
		CHECK(within(r.str, r.str_len, buf, len) || within(r.str, r.str_len, scratch, len));
	}
	/* deterministic */
	upg_version_scan(buf, len, core, (char *) scratch, &again);
	CHECK(again.kind == r.kind && again.lit == r.lit && again.lit_len == r.lit_len
		&& again.str_len == r.str_len && again.line == r.line && again.reason == r.reason);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	char *scratch = malloc(size ? size : 1);
	if (!buf || !scratch) {
		free(buf);
		free(scratch);
		return 0;
	}
	if (size) {
		memcpy(buf, data, size);
	}
	check(buf, size, scratch, 0);
	check(buf, size, scratch, 1);
	free(buf);
	free(scratch);
	return 0;
}

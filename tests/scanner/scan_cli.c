/*
 * Command-line driver for the version.php scanner (tests only).
 *
 *   scan_cli [-c] FILE...    human-readable result per file
 *   scan_cli [-c] -b         batch: paths on stdin, one per line; prints one
 *                            machine line per path:
 *                            KIND<TAB>NEG<TAB>LITHEX<TAB>STRHEX<TAB>LINE<TAB>REASON
 * -c selects core mode ($version) instead of plugin mode ($plugin->version).
 * Each file is read into an exact-size heap buffer (no terminator), so an
 * ASan build catches any read past the end.
 */
#include "version_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(upg_vs_kind k)
{
	switch (k) {
	case UPG_VS_FALLBACK: return "FALLBACK";
	case UPG_VS_UNSET:    return "UNSET";
	case UPG_VS_INT:      return "INT";
	case UPG_VS_FLOAT:    return "FLOAT";
	case UPG_VS_STRING:   return "STRING";
	case UPG_VS_NULL:     return "NULL";
	case UPG_VS_TRUE:     return "TRUE";
	case UPG_VS_FALSE:    return "FALSE";
	}
	return "?";
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f) {
		return NULL;
	}
	for (;;) {
		size_t got;
		if (n == cap) {
			char *nb;
			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0) {
			break;
		}
		n += got;
	}
	fclose(f);
	/* shrink to the exact size so overreads are detectable */
	{
		char *exact = malloc(n ? n : 1);
		if (!exact) {
			free(buf);
			return NULL;
		}
		if (n) {
			memcpy(exact, buf, n);
		}
		free(buf);
		*len = n;
		return exact;
	}
}

static void put_hex(const char *s, size_t n)
{
	size_t i;
	if (s == NULL || n == 0) {
		putchar('-');
		return;
	}
	for (i = 0; i < n; i++) {
		printf("%02x", (unsigned char) s[i]);
	}
}

static int scan_one(const char *path, int core, int batch)
{
	size_t len = 0;
	char *buf = read_all(path, &len);
	char *scratch;
	upg_vs_result r;
	if (!buf) {
		if (batch) {
			printf("ERROR\t0\t-\t-\t0\tcannot read\n");
		} else {
			fprintf(stderr, "%s: cannot read\n", path);
		}
		return 1;
	}
	scratch = malloc(len ? len : 1);
	upg_version_scan(buf, len, core, scratch, &r);
	if (batch) {
		printf("%s\t%d\t", kind_name(r.kind), r.negative);
		put_hex(r.lit, r.lit_len);
		putchar('\t');
		put_hex(r.str, r.str_len);
		printf("\t%zu\t%s\n", r.line, r.reason ? r.reason : "-");
	} else {
		printf("%s: %s", path, kind_name(r.kind));
		if (r.kind == UPG_VS_FALLBACK) {
			printf(" (%s)", r.reason);
		} else if (r.kind == UPG_VS_STRING) {
			printf(" \"%.*s\"", (int) r.str_len, r.str);
		} else if (r.kind != UPG_VS_UNSET) {
			printf(" %s%.*s", r.negative ? "-" : "", (int) r.lit_len, r.lit);
		}
		printf(" line %zu\n", r.line);
	}
	free(scratch);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int core = 0, batch = 0, i, rc = 0;
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			core = 1;
		} else if (strcmp(argv[i], "-b") == 0) {
			batch = 1;
		} else {
			fprintf(stderr, "usage: %s [-c] FILE... | [-c] -b < paths\n", argv[0]);
			return 2;
		}
	}
	if (batch) {
		char line[4096];
		while (fgets(line, sizeof(line), stdin)) {
			size_t n = strlen(line);
			while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
				line[--n] = '\0';
			}
			if (n) {
				scan_one(line, core, 1);
			}
		}
		fflush(stdout);
		return 0;
	}
	if (i == argc) {
		fprintf(stderr, "usage: %s [-c] FILE... | [-c] -b < paths\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++) {
		rc |= scan_one(argv[i], core, 0);
	}
	return rc;
}

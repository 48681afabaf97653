/*
 * SHA-1 through OpenSSL EVP. The digest is fetched once per process (MINIT)
 * and every caller reuses its own context: worker threads each own one.
 */
#include "upgrade_internal.h"

#include <openssl/evp.h>

struct upg_sha1 {
	EVP_MD_CTX *ctx;
};

#if OPENSSL_VERSION_NUMBER >= 0x30000000L
static EVP_MD *upg_md_sha1;
#else
static const EVP_MD *upg_md_sha1;
#endif

zend_result upg_sha1_startup(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	upg_md_sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
#else
	upg_md_sha1 = EVP_sha1();
#endif
	return upg_md_sha1 ? SUCCESS : FAILURE;
}

void upg_sha1_shutdown(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	EVP_MD_free(upg_md_sha1);
#endif
	upg_md_sha1 = NULL;
}

upg_sha1 *upg_sha1_new(void)
{
	upg_sha1 *s = malloc(sizeof(*s));
	if (!s) {
		return NULL;
	}
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx) {
		free(s);
		return NULL;
	}
	return s;
}

void upg_sha1_free(upg_sha1 *s)
{
	if (s) {
		EVP_MD_CTX_free(s->ctx);
		free(s);
	}
}

void upg_sha1_init(upg_sha1 *s)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	EVP_DigestInit_ex2(s->ctx, upg_md_sha1, NULL);
#else
	EVP_DigestInit_ex(s->ctx, upg_md_sha1, NULL);
#endif
}

void upg_sha1_update(upg_sha1 *s, const void *data, size_t len)
{
	EVP_DigestUpdate(s->ctx, data, len);
}

void upg_sha1_final(upg_sha1 *s, unsigned char out[UPG_SHA1_LEN])
{
	unsigned int len = UPG_SHA1_LEN;
	EVP_DigestFinal_ex(s->ctx, out, &len);
}

void upg_hex(const unsigned char *bin, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bin[i] >> 4];
		out[2 * i + 1] = digits[bin[i] & 15];
	}
	out[2 * len] = '\0';
}

void upg_sha1_hex(upg_sha1 *s, const void *data, size_t len, char out[UPG_SHA1_HEX + 1])
{
	unsigned char bin[UPG_SHA1_LEN];
	upg_sha1_init(s);
	upg_sha1_update(s, data, len);
	upg_sha1_final(s, bin);
	upg_hex(bin, UPG_SHA1_LEN, out);
}

/*
 * Fuzz target: jwt_verify() (src/jose/jwt.c): jws_verify_compact() (compact
 * parse, header checks, key selection, RSA/ECDSA verification) and, for
 * tokens that verify (seeds), the payload parse and claim checks. The key
 * set is fixed: the RFC 7515 A.2 RSA key and A.3 P-256 key, without kid, so
 * the RFC example tokens in the corpus reach the signature-valid paths.
 */
#include <stdint.h>
#include <string.h>

#include "jose/jwks.h"
#include "jose/jwt.h"

static const char jwks_text[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQo"
    "Tbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b3"
    "2690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665"
    "xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kz"
    "k2PAcDTW9gb54h4FRWyuXpoQ\"},{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":"
    "\"f83OJ3D2xF1Bg8vub9tLe1gHMz"
    "V76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

static struct jwks ks;
static bool ks_ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Before the RFC examples' exp (1300819380), so they pass the claims too. */
	const struct jwt_expect x = {"joe", 3, 1300000000, 60};
	struct jwt_verified v;
	struct err e;

	if (!ks_ready) {
		err_clear(&e);
		if (!jwks_parse(&ks, (const uint8_t *)jwks_text, strlen(jwks_text), &e))
			__builtin_trap();
		ks_ready = true;
	}
	err_clear(&e);
	jwt_verify((const char *)data, size, &ks, &x, &v, &e);
	jwt_verified_free(&v);
	return 0;
}

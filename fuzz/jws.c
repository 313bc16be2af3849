/*
 * Fuzz target: jwt_verify() (src/jose/jwt.c): jws_verify_compact() (compact
 * parse, header checks, key selection, RSA/ECDSA verification) and, for
 * tokens that verify (seeds), the payload parse and claim checks. Each input
 * is verified against two fixed key sets: the RFC 7515 A.2 RSA key and A.3
 * P-256 key, without kid, so the RFC example tokens in the corpus reach the
 * signature-valid paths; and the test keys of fuzz/gen/jose_common.py
 * (printed by fuzz/gen/jose_jws.py --jwks), selected by kid, which sign the
 * generated seeds and make every key-selection outcome reachable (ambiguous
 * kid, key type, curve and alg mismatches, a 1024-bit RSA key). Properties: a
 * verified token names its key and algorithm and yields a claims object; and
 * (checked once) a token over JWS_MAX_TOKEN is refused as token_too_large.
 */
#include <stdint.h>
#include <stdlib.h>
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

/* kids r1, r1-rs384 (alg RS384), dup (r1), dup (r2), small (RSA-1024), e1 (P-256), e384 (P-384). */
static const char jwks_test_text[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"wSssCdBtnPWNa03i947rhNGbOtT6rVnoYdFvYEx4sdPNbcBPeO47"
    "qIkfO-wKvzAiwuKTgMaOhbLhcxlNeCZ9Zp8FsNCptG4MjZL4vsxJpQZK677EvWYFFrCa8fzH5KXLABRj2J2ZdHVo"
    "jVtzOs8FyLiULpgHf1DeIKPnBDOLegjW0iXMwH8Vm-jOgl-zlH3c9Vue5-yKo_1Q13FGXF2qAQD0iLtsFXqSU32J"
    "8ZECrpiB5wN-ouvc4N3UxNQAs6wccEg03w1uIYckcwOMQy1kLekymfTOMtCAzT9wtvYA8ef0lDQfbQ9drW9PnulF"
    "m91XK7Pf4KRUY_ePnFWXRYe8Aw\",\"e\":\"AQAB\",\"kid\":\"r1\"},{\"kty\":\"RSA\",\"n\":\"wSs"
    "sCdBtnPWNa03i947rhNGbOtT6rVnoYdFvYEx4sdPNbcBPeO47qIkfO-wKvzAiwuKTgMaOhbLhcxlNeCZ9Zp8FsNC"
    "ptG4MjZL4vsxJpQZK677EvWYFFrCa8fzH5KXLABRj2J2ZdHVojVtzOs8FyLiULpgHf1DeIKPnBDOLegjW0iXMwH8"
    "Vm-jOgl-zlH3c9Vue5-yKo_1Q13FGXF2qAQD0iLtsFXqSU32J8ZECrpiB5wN-ouvc4N3UxNQAs6wccEg03w1uIYc"
    "kcwOMQy1kLekymfTOMtCAzT9wtvYA8ef0lDQfbQ9drW9PnulFm91XK7Pf4KRUY_ePnFWXRYe8Aw\",\"e\":\"AQ"
    "AB\",\"kid\":\"r1-rs384\",\"alg\":\"RS384\"},{\"kty\":\"RSA\",\"n\":\"wSssCdBtnPWNa03i94"
    "7rhNGbOtT6rVnoYdFvYEx4sdPNbcBPeO47qIkfO-wKvzAiwuKTgMaOhbLhcxlNeCZ9Zp8FsNCptG4MjZL4vsxJpQ"
    "ZK677EvWYFFrCa8fzH5KXLABRj2J2ZdHVojVtzOs8FyLiULpgHf1DeIKPnBDOLegjW0iXMwH8Vm-jOgl-zlH3c9V"
    "ue5-yKo_1Q13FGXF2qAQD0iLtsFXqSU32J8ZECrpiB5wN-ouvc4N3UxNQAs6wccEg03w1uIYckcwOMQy1kLekymf"
    "TOMtCAzT9wtvYA8ef0lDQfbQ9drW9PnulFm91XK7Pf4KRUY_ePnFWXRYe8Aw\",\"e\":\"AQAB\",\"kid\":\""
    "dup\"},{\"kty\":\"RSA\",\"n\":\"pT1EHDu76BiwjkRWkEr9XbG4Pig2qUbylkIZCZOUkhndRq8uUKaEPAGC"
    "cgmL1MpxMMHNZmYY8OxJo4-Q8YjPq9WRH47gPFVEkJ6z_2W8ThUE-qVSwzgrXF681Uj1yUjdTMOBpunXmu3FTMJz"
    "o-seYVHSZ8s5RNk4WPw4QxR-pG34FuBAFAHL0oxy8jT_gxn0Nlm2mQBltVNvQFCTmONG5PUZJtAesEpmwk3f_mGI"
    "ZichU8tIro6BdBg1WU6Ryag9EdoyUACL5ZvMGoCc3Br6JDkoRY5pqjYz2wOxhRdVEum8y0dtUHY9G93qPRrT_IeL"
    "UD56W9eKsaPyfhn0L_55yw\",\"e\":\"AQAB\",\"kid\":\"dup\"},{\"kty\":\"RSA\",\"n\":\"4insMg"
    "ljFvV6VRrbzEuydIFDXJ1T7Ly_dKcYrB9Z9Uqa01EgpCZ-01JqPYEVtNxO9eX0Sadg5N4LZg_AWntBTTepOUSF9c"
    "FE_Kzb_PmcCqIeP0B64oSSFtfZCZyncWMU4UBEEgFCFkJHxIIDSLmcMYPNUP3LK0vuF4wTyQ_N9vk\",\"e\":\""
    "AQAB\",\"kid\":\"small\"},{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"SGun3tNs3qQBTpkXy5Oa"
    "EgQ35Xkoxt9zj6E7JBNDoQY\",\"y\":\"qRKs0TIB81y0ouR5lS7CkMvuKodyktd8EC0zhFOe8T4\",\"kid\":"
    "\"e1\"},{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"4e8B5vzMKjfo88LQm4xS8xQxNVY6zYwFJ4KhIo"
    "1BAoY3__-bghSSy3FIDTqqZNra\",\"y\":\"6SfwbP0eoAKUItLnyxb6muAk3bcNxX3oNBRKoBviv5rqCve3S79"
    "rzA3XVYxmuoNF\",\"kid\":\"e384\"}]}";

/* Before the RFC examples' exp (1300819380), so they pass the claims too. */
static const struct jwt_expect expect = {"joe", 3, 1300000000, 60};

static struct jwks ks, ks_test;
static bool ks_ready;

static void verify(const uint8_t *data, size_t size, const struct jwks *set)
{
	struct jwt_verified v;
	struct err e;

	err_clear(&e);
	if (jwt_verify((const char *)data, size, set, &expect, &v, &e) &&
	    (!v.jws.key || v.jws.alg == JWS_ALG_UNSET ||
	     json_val_type(&v.claims, JSON_ROOT) != JSON_OBJECT))
		abort();
	jwt_verified_free(&v);
}

static void init(void)
{
	static char oversized[JWS_MAX_TOKEN + 1];
	struct jwt_verified v;
	struct err e;

	err_clear(&e);
	if (!jwks_parse(&ks, (const uint8_t *)jwks_text, strlen(jwks_text), &e) ||
	    !jwks_parse(&ks_test, (const uint8_t *)jwks_test_text, strlen(jwks_test_text), &e) ||
	    ks_test.count != 7)
		__builtin_trap();
	memset(oversized, 'e', sizeof(oversized));
	if (jwt_verify(oversized, sizeof(oversized), &ks, &expect, &v, &e) || !e.reason ||
	    strcmp(e.reason, "token_too_large") != 0)
		abort();
	jwt_verified_free(&v);
	ks_ready = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ks_ready)
		init();
	verify(data, size, &ks);
	verify(data, size, &ks_test);
	return 0;
}

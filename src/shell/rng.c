/* rng: seeded from the kernel, RDRAND mixed in; contract in rng.h. */
#include "shell/rng.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

void rng_wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	while (n--)
		*v++ = 0;
}

int rng_source_getrandom(uint8_t *out, size_t n)
{
	size_t got = 0;

	/* Flags 0: blocks only until the kernel pool is first initialised (getrandom(2)). */
	while (got < n) {
		ssize_t k = getrandom(out + got, n - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? errno : EIO;
		got += (size_t)k;
	}
	return 0;
}

int rng_source_urandom(uint8_t *out, size_t n)
{
	struct stat st;
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC | O_NOFOLLOW), rc = 0;

	if (fd < 0)
		return errno;
	/* A regular file planted at the path is not a random source. */
	if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode))
		rc = ENODEV;
	while (rc == 0 && got < n) {
		ssize_t k = read(fd, out + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			rc = k < 0 ? errno : EIO;
		else
			got += (size_t)k;
	}
	close(fd);
	return rc;
}

#if defined(__x86_64__)
static bool cpu_has_rdrand(void)
{
	unsigned a, b, c, d;
	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_RDRND);
}

/* Intel SDM vol. 2 RDRAND: CF=1 means a valid value; retry a few times on underflow. */
static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
		/* Some AMD parts report success with all ones (or zeros) forever. */
		if (ok && *v != 0 && *v != UINT64_MAX)
			return true;
	}
	return false;
}

int rng_source_rdrand(uint8_t *out, size_t n)
{
	while (n > 0) {
		uint64_t v;
		size_t k = n < sizeof(v) ? n : sizeof(v);
		if (!rdrand64(&v))
			return EIO;
		memcpy(out, &v, k);
		out += k;
		n -= k;
	}
	return 0;
}
#else
static bool cpu_has_rdrand(void)
{
	return false;
}

int rng_source_rdrand(uint8_t *out, size_t n)
{
	(void)out;
	(void)n;
	return ENOSYS;
}
#endif

void rng_system_sources(struct rng_sources *s)
{
	s->primary = rng_source_getrandom;
	s->fallback = rng_source_urandom;
	s->mix = cpu_has_rdrand() ? rng_source_rdrand : NULL;
}

bool rng_seed_check(const uint8_t *seed, size_t n, struct err *e)
{
	size_t zeros = 0, ones = 0;

	for (size_t i = 0; i < n; i++) {
		zeros += seed[i] == 0x00;
		ones += seed[i] == 0xff;
	}
	if (n == 0 || zeros == n || ones == n)
		return err_fail(e, R_IO_BAD_SEED, ERR_NO_OFFSET,
				"the random source returned %zu bytes all 0x%02x", n,
				n && ones == n ? 0xff : 0x00);
	return true;
}

/* One source into seed: 0, or an errno value (EIO for a refused seed), reason in why. */
static int seed_from(rng_source_fn f, uint8_t *seed, struct err *why)
{
	int rc = f ? f(seed, RNG_SEED_SIZE) : ENOSYS;

	if (rc == 0 && !rng_seed_check(seed, RNG_SEED_SIZE, why))
		rc = EIO;
	else if (rc != 0)
		err_fail(why, R_IO_SOURCE_FAILED, ERR_NO_OFFSET, "%s", strerror(rc));
	return rc;
}

bool rng_drbg_init_from(const struct rng_sources *s, br_hmac_drbg_context *d, struct err *e)
{
	uint8_t seed[RNG_SEED_SIZE], extra[RNG_SEED_SIZE];
	struct err why1, why2;
	bool ok = true;

	err_clear(&why1);
	err_clear(&why2);
	if (seed_from(s->primary, seed, &why1) != 0 && seed_from(s->fallback, seed, &why2) != 0)
		ok = err_fail(e, R_IO_NO_RANDOMNESS, ERR_NO_OFFSET,
			      "getrandom: %s; /dev/urandom: %s", why1.detail, why2.detail);
	if (ok) {
		br_hmac_drbg_init(d, &br_sha256_vtable, seed, sizeof(seed));
		/* RDRAND only as additional input: a bad CPU source is skipped, never trusted. */
		if (s->mix && s->mix(extra, sizeof(extra)) == 0 &&
		    rng_seed_check(extra, sizeof(extra), &why1))
			br_hmac_drbg_update(d, extra, sizeof(extra));
	}
	rng_wipe(seed, sizeof(seed));
	rng_wipe(extra, sizeof(extra));
	return ok;
}

bool rng_drbg_init(br_hmac_drbg_context *d, struct err *e)
{
	struct rng_sources s;
	rng_system_sources(&s);
	return rng_drbg_init_from(&s, d, e);
}

bool rng_bytes_from(const struct rng_sources *s, void *out, size_t n, struct err *e)
{
	br_hmac_drbg_context d;
	bool ok = rng_drbg_init_from(s, &d, e);

	if (ok)
		br_hmac_drbg_generate(&d, out, n);
	else
		memset(out, 0, n);
	rng_wipe(&d, sizeof(d));
	return ok;
}

bool rng_bytes(void *out, size_t n, struct err *e)
{
	struct rng_sources s;
	rng_system_sources(&s);
	return rng_bytes_from(&s, out, n, e);
}

#include "provider/retry_after.h"

#include <string.h>

static bool bad(struct err *e, size_t off, const char *why)
{
	err_fail(e, R_PROVIDER_RETRY_AFTER_INVALID, off, "%s", why);
	return false;
}

/* Exactly n decimal digits at p. */
static bool digits(const char *p, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (uint32_t)(p[i] - '0');
	}
	*out = v;
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (year >= 1970). */
static uint64_t days_from_civil(uint32_t y, uint32_t m, uint32_t d)
{
	uint64_t days = 0;
	static const uint16_t before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	for (uint32_t k = 1970; k < y; k++)
		days += 365 + (k % 4 == 0 && (k % 100 != 0 || k % 400 == 0));
	days += before[m - 1] + d - 1;
	if (m > 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		days++;
	return days;
}

static uint32_t days_in_month(uint32_t y, uint32_t m)
{
	static const uint8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return len[m - 1] + (m == 2 && leap);
}

/*
 * RFC 9110 5.6.7: IMF-fixdate = day-name "," SP day SP month SP year SP hour ":" minute ":"
 * second SP "GMT", exactly 29 characters; day-name must agree with the date.
 */
static bool imf_fixdate(const char *p, size_t n, uint64_t *t, struct err *e)
{
	static const char days[] = "ThuFriSatSunMonTueWed"; /* 1970-01-01 was a Thursday */
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	uint32_t d, y, hh, mm, ss, mon = 0;
	uint64_t day;

	if (n != 29 || p[3] != ',' || p[4] != ' ' || p[7] != ' ' || p[11] != ' ' || p[16] != ' ' ||
	    p[19] != ':' || p[22] != ':' || p[25] != ' ' || memcmp(p + 26, "GMT", 3) != 0)
		return bad(e, 0, "not delay-seconds or an IMF-fixdate");
	for (uint32_t i = 0; i < 12; i++)
		if (memcmp(p + 8, months + (size_t)3 * i, 3) == 0)
			mon = i + 1;
	if (!digits(p + 5, 2, &d) || !digits(p + 12, 4, &y) || !digits(p + 17, 2, &hh) ||
	    !digits(p + 20, 2, &mm) || !digits(p + 23, 2, &ss) || mon == 0)
		return bad(e, 0, "IMF-fixdate field is not a number or month");
	/* RFC 5322 3.3 ranges (second 60 is a leap second); dates before the epoch are refused. */
	if (y < 1970 || d == 0 || d > days_in_month(y, mon) || hh > 23 || mm > 59 || ss > 60)
		return bad(e, 0, "IMF-fixdate out of range");
	day = days_from_civil(y, mon, d);
	if (memcmp(p, days + 3 * (day % 7), 3) != 0)
		return bad(e, 0, "IMF-fixdate day name does not match the date");
	*t = day * 86400 + (uint64_t)hh * 3600 + (uint64_t)mm * 60 + ss;
	return true;
}

bool retry_after_parse(const char *v, size_t n, uint64_t now, uint32_t *seconds, struct err *e)
{
	size_t a = 0, b = n;
	uint64_t when = 0, s = 0;

	if (!v || n > RETRY_AFTER_MAX_LEN)
		return bad(e, ERR_NO_OFFSET, "missing or too long");
	while (a < b && (v[a] == ' ' || v[a] == '\t'))
		a++;
	while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
		b--;
	if (a == b)
		return bad(e, a, "empty");
	if (v[a] >= '0' && v[a] <= '9') {
		/* delay-seconds = 1*DIGIT (RFC 9110 10.2.3); saturates at the cap. */
		for (size_t i = a; i < b; i++) {
			if (v[i] < '0' || v[i] > '9')
				return bad(e, i, "delay-seconds has a non-digit");
			s = s * 10 + (uint64_t)(v[i] - '0');
			if (s > RETRY_AFTER_MAX_S)
				s = RETRY_AFTER_MAX_S + 1;
		}
	} else {
		if (!imf_fixdate(v + a, b - a, &when, e))
			return false;
		s = when > now ? when - now : 0;
	}
	*seconds = (uint32_t)(s > RETRY_AFTER_MAX_S ? RETRY_AFTER_MAX_S : s);
	return true;
}

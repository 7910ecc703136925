// SPDX-License-Identifier: GPL-2.0
/*
 * strtol, strtoul and strncmp for programs. Programs parse what they read
 * from user memory or packets, so each corner case is mainline's: blanks
 * (including Latin-1's no-break space, as the kernel's ctype) and one '-'
 * are skipped over the whole buffer, then at most 63 characters are
 * parsed, with a "0x" prefix under base 16 and base 0 choosing 16, 8 or
 * 10 from the prefix; a value beyond 64 bits is -ERANGE, no digit at all
 * -EINVAL. The result is the number of bytes consumed.
 */
#include "helper_str.h"

/* the kernel's number parsers never look further after the sign */
#define EBPF_STRTOX_DIGITS_MAX	63

static bool str_is_blank(u8 c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static bool str_is_hex(u8 c)
{
	u8 lc = c | 0x20;

	return (c >= '0' && c <= '9') || (lc >= 'a' && lc <= 'f');
}

/* The base a number in @s has under @base, and where its digits start. */
static const char *str_radix(const char *s, size_t len, unsigned int *base)
{
	bool prefix = len >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x';

	if (!*base) {
		if (prefix && len >= 3 && str_is_hex(s[2]))
			*base = 16;
		else
			*base = len && s[0] == '0' ? 8 : 10;
	}
	return *base == 16 && prefix ? s + 2 : s;
}

/*
 * Digits of @base at @s (at most @len): how many there are, *@overflow
 * when their value does not fit in 64 bits.
 */
static size_t str_digits(const char *s, size_t len, unsigned int base,
			 u64 *res, bool *overflow)
{
	size_t n;

	*res = 0;
	*overflow = false;
	for (n = 0; n < len; n++) {
		u8 c = s[n], lc = c | 0x20;
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (lc >= 'a' && lc <= 'f')
			d = lc - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (*res > (U64_MAX - d) / base)
			*overflow = true;
		*res = *res * base + d;
	}
	return n;
}

static int str_parse(const char *buf, size_t len, u64 flags, u64 *res,
		     bool *neg)
{
	unsigned int base = flags & EBPF_STRTOX_BASE_MASK;
	const char *s = buf, *end = buf + len, *digits;
	size_t n, digits_len;
	bool overflow;

	if (!len || (base && base != 8 && base != 10 && base != 16) ||
	    (flags & ~(u64)EBPF_STRTOX_BASE_MASK))
		return -EINVAL;
	while (s < end && str_is_blank(*s))
		s++;
	*neg = s < end && *s == '-';
	if (*neg)
		s++;
	if (s == end)
		return -EINVAL;
	/* the digits end at the first NUL, as in a C string */
	n = min_t(size_t, end - s, EBPF_STRTOX_DIGITS_MAX);
	n = strnlen(s, n);
	digits = str_radix(s, n, &base);
	digits_len = str_digits(digits, n - (digits - s), base, res, &overflow);
	if (overflow)
		return -ERANGE;
	if (!digits_len)
		return -EINVAL;
	return digits + digits_len - buf;
}

/*
 * Signed: -v must not be positive, v itself not negative (-ERANGE);
 * unsigned: no sign at all (-EINVAL). *@res is 0 unless the number fits.
 */
static int str_to_number(const char *buf, size_t len, u64 flags, u64 *res,
			 bool is_signed)
{
	bool neg;
	u64 v;
	int n;

	*res = 0;
	n = str_parse(buf, len, flags, &v, &neg);
	if (n < 0)
		return n;
	if (!is_signed && neg)
		return -EINVAL;
	if (is_signed && (neg ? (s64)-v > 0 : (s64)v < 0))
		return -ERANGE;
	*res = neg ? -v : v;
	return n;
}

int ebpf_strtol(const char *buf, size_t len, u64 flags, s64 *res)
{
	return str_to_number(buf, len, flags, (u64 *)res, true);
}

int ebpf_strtoul(const char *buf, size_t len, u64 flags, u64 *res)
{
	return str_to_number(buf, len, flags, res, false);
}

/* As the kernel's strncmp: -1, 0 or 1, comparing bytes as unsigned. */
int ebpf_strncmp(const char *s1, const char *s2, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		u8 a = s1[i], b = s2[i];

		if (a != b)
			return a < b ? -1 : 1;
		if (!a)
			break;
	}
	return 0;
}

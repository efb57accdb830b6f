/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "buf.h"
#include "report.h"

static const struct report_format formats[] = {
    {.name = "text", .write = report_write_text},
    {.name = "json", .write = report_write_json},
};

const struct report_format *report_format_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *report_format_names(void)
{
	return "text|json";
}

void report_release(struct report *r)
{
	if (!r)
		return;
	free(r->hostname);
	free(r->server_version);
	free(r->api_version);
	free(r->daemon_error);
	for (size_t i = 0; i < r->n_results; i++)
		result_release(&r->results[i]);
	free(r->results);
	*r = (struct report){0};
}

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Decode one UTF-8 sequence at s (NUL-terminated), strictly: no overlong forms, no surrogates,
 * nothing above U+10FFFF. Returns its length (1-4) and sets *ret_cp, or, for an ill-formed
 * sequence, minus the length of its maximal subpart (the bytes that one U+FFFD replaces, as
 * the WHATWG decoder and Unicode's recommended practice count them).
 */
static int utf8_decode(const unsigned char *s, uint32_t *ret_cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	int n;
	uint32_t cp;

	if (c < 0x80) {
		*ret_cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return -1;
	}
	if (s[1] < lo || s[1] > hi)
		return -1;
	cp = (cp << 6) | (s[1] & 0x3f);
	for (int i = 2; i < n; i++) {
		if (!is_cont(s[i]))
			return -i;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*ret_cp = cp;
	return n;
}

/* Valid, but harmful on a terminal: C0/C1 controls, DEL, line separators, bidi overrides. */
static bool cp_needs_escape(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true;
	switch (cp) {
	case 0x061c: /* arabic letter mark */
	case 0x200e: /* left-to-right mark */
	case 0x200f: /* right-to-left mark */
	case 0x2028: /* line separator */
	case 0x2029: /* paragraph separator */
		return true;
	default:
		/* embeddings, overrides and isolates: "Trojan Source" reordering */
		return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
	}
}

/* Room for the worst case, per_byte output bytes per input byte; false when that overflows. */
static bool escape_init(struct buf *b, size_t len, size_t per_byte)
{
	if (len > (SIZE_MAX - 1) / per_byte)
		return false;
	buf_init(b, len * per_byte);
	return true;
}

char *text_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	_cleanup_(buf_release) struct buf b = {0};

	if (!s)
		s = "";
	if (!escape_init(&b, strlen(s), 4))
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp = 0;
		int n = utf8_decode(p, &cp);
		bool esc = n < 0 || cp_needs_escape(cp);
		size_t len = (size_t)(n < 0 ? -n : n);
		for (size_t i = 0; i < len; i++) {
			int r;
			if (esc) {
				char e[4] = {'\\', 'x', hex[p[i] >> 4], hex[p[i] & 0xf]};
				r = buf_append(&b, e, sizeof(e));
			} else {
				r = buf_append(&b, &p[i], 1);
			}
			if (r < 0)
				return NULL;
		}
		p += len;
	}
	return buf_steal(&b);
}

char *utf8_sanitize(const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	_cleanup_(buf_release) struct buf b = {0};

	if (!s)
		return NULL;
	if (!escape_init(&b, strlen(s), 3))
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int n = utf8_decode(p, &cp);
		int r;
		if (n < 0) {
			r = buf_append(&b, replacement, sizeof(replacement) - 1);
			n = -n;
		} else {
			r = buf_append(&b, p, (size_t)n);
		}
		if (r < 0)
			return NULL;
		p += n;
	}
	return buf_steal(&b);
}

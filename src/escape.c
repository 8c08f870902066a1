/* escape.c - HTML, address and JSON escaping for every output (escape.h).
 * Runs that need nothing are copied at once: these run over the whole
 * book's text several times per build. */
#include "escape.h"

#include <string.h>
#include <utf8proc.h>

static const char hex[] = "0123456789ABCDEF";

const char *esc_html_entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

size_t esc_html_plain(const char *s, size_t n)
{
	size_t k = 0;
	for (;;) {
		k += strcspn(s + k, "&<>\"'");
		if (k >= n || s[k] != '\0')
			return k < n ? k : n;
		k++; /* a NUL among the bytes: nothing to escape */
	}
}

/* The n bytes at s (s[n] a NUL, for strcspn) with the bytes of set, all
 * of which have an entity, escaped; any other byte (a NUL) as it is. */
static void esc_set_n(buf *o, const char *s, size_t n, const char *set)
{
	const char *end = s + n;
	while (s < end) {
		size_t k = strcspn(s, set);
		if (k > (size_t)(end - s))
			k = (size_t)(end - s);
		buf_put(o, s, k);
		s += k;
		if (s < end) {
			const char *e = esc_html_entity(*s);
			if (e)
				buf_puts(o, e);
			else
				buf_putc(o, *s); /* a NUL */
			s++;
		}
	}
}

void esc_html_n(buf *o, const char *s, size_t n)
{
	esc_set_n(o, s, n, "&<>\"'");
}

void esc_html(buf *o, const char *s)
{
	if (s)
		esc_set_n(o, s, strlen(s), "&<>\"'");
}

void esc_html_dq(buf *o, const char *s)
{
	if (s)
		esc_set_n(o, s, strlen(s), "&<>\"");
}

void esc_url(buf *o, const char *s, const char *keep, int flags)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    (*p >= 0x80 && (flags & ESC_URL_UTF8)) || (*p < 0x80 && strchr(keep, *p))) {
			buf_putc(o, (char)*p);
		} else {
			buf_putc(o, '%');
			buf_putc(o, hex[*p >> 4]);
			buf_putc(o, hex[*p & 15]);
		}
	}
}

/* Whether byte c goes out as it is, without a look at what follows. */
static int json_plain(unsigned char c, int flags)
{
	if (c < 0x20 || c == '"' || c == '\\')
		return 0;
	if (flags & ESC_JSON_CLEAN)
		return c < 0x7F;
	return c != 0xE2; /* U+2028 and U+2029 start with it */
}

/* Appends the character at s (n bytes left, s[0] >= 0x80) for JSON;
 * returns its length in bytes. */
static size_t json_wide(buf *o, const unsigned char *s, size_t n, int flags)
{
	if (!(flags & ESC_JSON_CLEAN)) {
		if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
			/* U+2028/2029 end a line in older JavaScript. */
			buf_puts(o, s[2] == 0xA8 ? "\\u2028" : "\\u2029");
			return 3;
		}
		buf_putc(o, (char)s[0]);
		return 1;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &cp);
	if (k < 0) {
		buf_puts(o, "\\ufffd");
		return 1;
	}
	if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp <= 0x9F))
		buf_printf(o, "\\u%04x", (unsigned)cp);
	else
		buf_put(o, (const char *)s, (size_t)k);
	return (size_t)k;
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* Of the sixteen bytes at u: a bit (the first byte's lowest) for each
 * that json_plain does not pass. */
static inline unsigned json_look16(const unsigned char *u, int flags)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
	__m128i bad = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v), /* < 0x20 */
				   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
	if (flags & ESC_JSON_CLEAN) /* >= 0x7F */
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x7F)), v));
	else
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)));
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/* The first byte from p (before end) that json_plain does not pass, or
 * end. With SSE2 sixteen bytes a step: the titles, numbers and stems of
 * the search index alone are 25 000 strings a build. */
static const unsigned char *json_plain_end(const unsigned char *p, const unsigned char *end, int flags)
{
#if defined(__SSE2__)
	for (; end - p >= 16; p += 16) {
		unsigned look = json_look16(p, flags);
		if (look)
			return p + __builtin_ctz(look);
	}
#endif
	while (p < end && json_plain(*p, flags))
		p++;
	return p;
}

void esc_json_n(buf *o, const char *s, size_t n, int flags)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		const unsigned char *q = json_plain_end(p, end, flags);
		buf_put(o, (const char *)p, (size_t)(q - p));
		p = q;
		if (p == end)
			break;
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			buf_putc(o, '\\');
			buf_putc(o, (char)c);
		} else if ((flags & ESC_JSON_SHORT) && (c == '\n' || c == '\r' || c == '\t')) {
			buf_puts(o, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
		} else if (c < 0x80) { /* a control character, or DEL when clean */
			buf_printf(o, "\\u%04x", c);
		} else {
			p += json_wide(o, p, (size_t)(end - p), flags);
			continue;
		}
		p++;
	}
}

void esc_json(buf *o, const char *s, int flags)
{
	buf_putc(o, '"');
	if (s)
		esc_json_n(o, s, strlen(s), flags);
	buf_putc(o, '"');
}

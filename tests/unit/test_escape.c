/* test_escape.c - unit tests of the shared escapers (src/escape.c): HTML
 * text and attributes (both sets), address parts and bases, JSON strings
 * in the site's form and in the reports' (short escapes, clean UTF-8),
 * each against the exact bytes the outputs have always had. */
#include "escape.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

static buf o;

static void expect(const char *got, const char *want, const char *what)
{
	char detail[512];
	snprintf(detail, sizeof detail, "got [%s], want [%s]", got, want);
	ok_detail(strcmp(got, want) == 0, what, detail);
}

static const char *reset(void)
{
	o.len = 0;
	buf_puts(&o, "");
	return o.data;
}

static void html(void)
{
	reset();
	esc_html(&o, "a & b < c > d \"e\" 'f'");
	expect(o.data, "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;", "esc_html: the five");
	reset();
	esc_html(&o, "Привет, мир");
	expect(o.data, "Привет, мир", "esc_html: UTF-8 as it is");
	reset();
	esc_html(&o, NULL);
	expect(o.data, "", "esc_html: NULL is nothing");
	reset();
	esc_html_n(&o, "a\0<b", 4);
	ok(o.len == 7 && memcmp(o.data, "a\0&lt;b", 7) == 0, "esc_html_n: a NUL kept, the rest escaped");
	reset();
	esc_html_n(&o, "<<>>", 2);
	expect(o.data, "&lt;&lt;", "esc_html_n: only n bytes");
	reset();
	esc_html_dq(&o, "it's <\"ok\"> & more");
	expect(o.data, "it's &lt;&quot;ok&quot;&gt; &amp; more", "esc_html_dq: the apostrophe as it is");
	ok(esc_html_entity('\'') && strcmp(esc_html_entity('\''), "&#39;") == 0, "esc_html_entity: apostrophe");
	ok(esc_html_entity('a') == NULL, "esc_html_entity: a letter needs none");
	ok(esc_html_plain("", 0) == 0, "esc_html_plain: empty");
	ok(esc_html_plain("Клиент «Ё»", strlen("Клиент «Ё»")) == strlen("Клиент «Ё»"), "esc_html_plain: nothing to escape");
	ok(esc_html_plain("ab<c", 4) == 2, "esc_html_plain: stops at <");
	ok(esc_html_plain("a\0b'c", 5) == 3, "esc_html_plain: a NUL is passed over");
	ok(esc_html_plain("a\0\0b", 4) == 4, "esc_html_plain: NULs to the end");
	ok(esc_html_plain("ab\0&", 3) == 3, "esc_html_plain: looks at n bytes only");
	/* against esc_html_entity for every byte, alone and after plain text */
	int same = 1;
	for (int c = 0; c < 256; c++) {
		char s[3] = {'x', (char)c, '\0'};
		size_t want = esc_html_entity((char)c) ? 1 : 2;
		same &= esc_html_plain(s, 2) == want;
	}
	ok(same, "esc_html_plain: stops exactly where esc_html_entity has an entity");
}

static void url(void)
{
	reset();
	esc_url(&o, "роли/a b#c?d%e\"f", ESC_URL_PART, ESC_URL_UTF8);
	expect(o.data, "роли%2Fa%20b%23c%3Fd%25e%22f", "esc_url part: / # ? % space quote encoded, UTF-8 kept");
	reset();
	esc_url(&o, "a-b._~!$&()*+,;=:@", ESC_URL_PART, ESC_URL_UTF8);
	expect(o.data, "a-b._~!$&()*+,;=:@", "esc_url part: pchar kept");
	reset();
	esc_url(&o, "https://ex.org/a b/'x'<y>?q=1#f[0]\x7f", ESC_URL_BASE, ESC_URL_UTF8);
	expect(o.data, "https://ex.org/a%20b/%27x%27%3Cy%3E?q=1#f[0]%7F", "esc_url base: only what may not stand");
	reset();
	esc_url(&o, "docs/правила it's.md", ESC_URL_PATH, 0);
	expect(o.data, "docs/%D0%BF%D1%80%D0%B0%D0%B2%D0%B8%D0%BB%D0%B0%20it's.md", "esc_url path: ASCII only");
	reset();
	esc_url(&o, "/usr/share/svc book/ё~x(1).xhtml", ESC_URL_STRICT, 0);
	expect(o.data, "/usr/share/svc%20book/%D1%91~x%281%29.xhtml", "esc_url strict: unreserved and / only");
}

static void json(void)
{
	reset();
	esc_json(&o, "a\"b\\c\n\t\x01 \xe2\x80\xa8 \xe2\x80\xa9 \xe2\x80\x94 \x7f", 0);
	expect(o.data, "\"a\\\"b\\\\c\\u000a\\u0009\\u0001 \\u2028 \\u2029 \xe2\x80\x94 \x7f\"",
	       "esc_json site: \\u for controls, U+2028/9, the rest as it is");
	reset();
	esc_json(&o, NULL, 0);
	expect(o.data, "\"\"", "esc_json: NULL is the empty string");
	reset();
	esc_json(&o, "a\n\r\t\x01\x7f\xc2\x85 \xff \xe2\x80\xa8 ё", ESC_JSON_SHORT | ESC_JSON_CLEAN);
	expect(o.data, "\"a\\n\\r\\t\\u0001\\u007f\\u0085 \\ufffd \\u2028 ё\"",
	       "esc_json report: short escapes, DEL, C1, bad UTF-8, U+2028");
	reset();
	esc_json(&o, "\xe2\x80", ESC_JSON_CLEAN);
	expect(o.data, "\"\\ufffd\\ufffd\"", "esc_json clean: a cut sequence is replaced byte by byte");
	reset();
	esc_json(&o, "\xe2\x80", 0);
	expect(o.data, "\"\xe2\x80\"", "esc_json site: a cut sequence at the end as it is");
	reset();
	esc_json_n(&o, "ab\"cd", 3, 0);
	expect(o.data, "ab\\\"", "esc_json_n: only n bytes, no quotes");
}

/* esc_json_n as it was written, a byte at a time, from escape.h's rules:
 * what the sixteen-byte scan must give. */
static void ref_json(buf *r, const unsigned char *s, size_t n, int flags)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			buf_putc(r, '\\');
			buf_putc(r, (char)c);
			i++;
		} else if (c < 0x20) {
			if ((flags & ESC_JSON_SHORT) && (c == '\n' || c == '\r' || c == '\t'))
				buf_puts(r, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
			else
				buf_printf(r, "\\u%04x", c);
			i++;
		} else if (c < 0x7F || (c == 0x7F && !(flags & ESC_JSON_CLEAN))) {
			buf_putc(r, (char)c);
			i++;
		} else if (c == 0x7F) {
			buf_puts(r, "\\u007f");
			i++;
		} else if (!(flags & ESC_JSON_CLEAN)) {
			if (n - i >= 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
				buf_puts(r, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
				i += 3;
			} else {
				buf_putc(r, (char)c);
				i++;
			}
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
			if (k < 0) {
				buf_puts(r, "\\ufffd");
				i++;
			} else {
				if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp <= 0x9F))
					buf_printf(r, "\\u%04x", (unsigned)cp);
				else
					buf_put(r, (const char *)s + i, (size_t)k);
				i += (size_t)k;
			}
		}
	}
}

/* esc_json_n against ref_json: every byte at every place of Cyrillic
 * text of 1 to 40 bytes, and random texts of pieces, in all four modes. */
static void json_scan(void)
{
	static const char *const pieces[] = {
		"\xD0\xBE", "\xD1\x82", "a", " ", "\"", "\\", "\n", "\r", "\t", "\x01", "\x1F", "\x7F",
		"\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\x94", "\xC2\x85", "\xC2\xAB", "\xFF", "\x80", "\xE2",
		"\xF0\x9F\x98\x80", "\xD0",
	};
	const size_t np = sizeof pieces / sizeof *pieces;
	buf r;
	buf_init(&r);
	int same = 1;
	unsigned char s[400];
	for (int flags = 0; flags < 4; flags++) {
		for (size_t n = 1; n <= 40; n++)
			for (size_t at = 0; at < n; at++)
				for (int c = 0; c < 256; c++) {
					for (size_t k = 0; k < n; k++)
						s[k] = k % 2 ? 0xB0 : 0xD0;
					s[at] = (unsigned char)c;
					o.len = r.len = 0;
					esc_json_n(&o, (const char *)s, n, flags);
					ref_json(&r, s, n, flags);
					same &= o.len == r.len && memcmp(o.data, r.data, o.len) == 0;
				}
		unsigned seed = 16;
		for (int t = 0; t < 5000; t++) {
			size_t n = 0;
			while (n < 300) {
				seed = seed * 1103515245u + 12345u;
				unsigned x = (seed >> 16) % 100;
				const char *p = x < 70 ? pieces[x % 2] : pieces[(seed >> 8) % np];
				memcpy(s + n, p, strlen(p));
				n += strlen(p);
			}
			o.len = r.len = 0;
			esc_json_n(&o, (const char *)s, n, flags);
			ref_json(&r, s, n, flags);
			same &= o.len == r.len && memcmp(o.data, r.data, o.len) == 0;
		}
	}
	ok(same, "esc_json_n: as a byte at a time, every byte everywhere and random texts, all modes");
	buf_free(&r);
}

int main(void)
{
	buf_init(&o);
	html();
	url();
	json();
	json_scan();
	buf_free(&o);
	return unit_done();
}

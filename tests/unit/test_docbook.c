/* test_docbook.c - unit tests of the DocBook writer's primitives
 * (src/docbook.c): elements, attributes, text and processing
 * instructions, written through libxml2's output buffer, against the bytes
 * xmlTextWriter writes for the same calls (the writer the backend used
 * before), over generated strings of every character XML escapes, control
 * characters, characters XML forbids and invalid UTF-8. */
#include "docbook_int.h"
#include "unit.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

static int to_buf(void *ctx, const char *s, int n)
{
	buf_put(ctx, s, (size_t)n);
	return n;
}

/* What the backend wrote into xmlTextWriter before: XML's characters
 * only, invalid UTF-8 and forbidden characters as U+FFFD (an independent
 * copy of docbook.c's sanitize, a character at a time). */
static char *sanitized(const char *s, size_t n)
{
	buf o;
	buf_init(&o);
	buf_puts(&o, "");
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			buf_puts(&o, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (dbk_xml_char_ok(cp))
			buf_put(&o, s + i, (size_t)k);
		else
			buf_puts(&o, "\xEF\xBF\xBD");
		i += (size_t)k;
	}
	return buf_detach(&o);
}

/* Pieces the strings are made of. */
static const char *const pieces[] = {
	"a", "Клиент", " ", "<", ">", "&", "\"", "'", "\r", "\n", "\t", "\r\n", "]]>", "&amp;",
	"\x01", "\x1F", "\x7F", "\xC2\x85", "\xC2\xA0", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xEF\xBF\xBD",
	"\xED\xA0\x80", "\xFF", "\xC3", "\xE2\x82", "\x80", "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80",
	"\xC0\xAF", "\xE0\x80\xAF", "«Ё»", "—", "0123456789",
};
enum { NPIECES = sizeof pieces / sizeof *pieces };

static unsigned long long seed = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static int to_file(void *f, const char *s, int n)
{
	return fwrite(s, 1, (size_t)n, f) == (size_t)n ? n : -1;
}

/* The test's document through the writer into d; z is s up to a NUL. */
static void write_doc(dbk *dp, const char *s, size_t n, const char *z)
{
	dbk d = *dp;
	dbk_start(&d, "book");
	dbk_attr(&d, "xml:lang", "ru");
	dbk_start_block(&d, "para");
	dbk_attr(&d, "role", z);
	dbk_put_text_n(&d, s, n);
	dbk_start(&d, "anchor");
	dbk_end(&d);
	dbk_pi(&d, "linebreak");
	dbk_put_text(&d, z);
	dbk_end(&d);
	dbk_start_block(&d, "para");
	dbk_end(&d);
	dbk_start_block(&d, "para");
	dbk_put_text_n(&d, s, n);
	dbk_end(&d);
	dbk_put_text(&d, "\n");
	dbk_end(&d);
	buf_putc(&d.ob, '\n');
	*dp = d;
}

/* The same document both ways: an element with the string as an
 * attribute, as text, beside an empty element, a block and a PI; the
 * writer's also as dbk_write writes it, into a file (d.file) beside
 * libxml2's output buffer. */
static int same_both_ways(const char *s, size_t n, char **got_out, char **want_out)
{
	/* the writer */
	buf got;
	buf_init(&got);
	buf_puts(&got, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	char *z = xstrndup(s, n); /* an attribute value ends at a NUL */
	dbk d;
	dbk_init(&d, xmlOutputBufferCreateIO(to_buf, NULL, &got, NULL));
	write_doc(&d, s, n, z);
	int err = dbk_release(&d) != 0;
	char *filed = NULL;
	size_t nfiled = 0;
	FILE *f = open_memstream(&filed, &nfiled);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	dbk_init(&d, xmlOutputBufferCreateIO(to_file, NULL, f, NULL));
	d.file = f;
	write_doc(&d, s, n, z);
	err |= dbk_release(&d) != 0;
	fclose(f);
	err |= nfiled != got.len || memcmp(filed, got.data, got.len) != 0;
	free(filed);

	/* xmlTextWriter, as docbook.c called it */
	buf want;
	buf_init(&want);
	buf_puts(&want, "");
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(to_buf, NULL, &want, NULL);
	xmlTextWriterPtr w = xmlNewTextWriter(out);
	xmlTextWriterSetIndent(w, 0);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	char *t = sanitized(s, n), *tz = sanitized(z, strlen(z));
	xmlTextWriterStartElement(w, BAD_CAST "book");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "ru");
	xmlTextWriterWriteString(w, BAD_CAST "\n");
	xmlTextWriterStartElement(w, BAD_CAST "para");
	xmlTextWriterWriteAttribute(w, BAD_CAST "role", BAD_CAST tz);
	if (*t) {
		xmlTextWriterWriteRawLen(w, BAD_CAST "", 0);
		xmlOutputBufferWriteEscape(out, BAD_CAST t, NULL);
	}
	xmlTextWriterStartElement(w, BAD_CAST "anchor");
	xmlTextWriterEndElement(w);
	xmlTextWriterWritePI(w, BAD_CAST "linebreak", NULL);
	if (*tz) {
		xmlTextWriterWriteRawLen(w, BAD_CAST "", 0);
		xmlOutputBufferWriteEscape(out, BAD_CAST tz, NULL);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterWriteString(w, BAD_CAST "\n");
	xmlTextWriterStartElement(w, BAD_CAST "para");
	xmlTextWriterEndElement(w);
	xmlTextWriterWriteString(w, BAD_CAST "\n");
	xmlTextWriterStartElement(w, BAD_CAST "para");
	if (*t) {
		xmlTextWriterWriteRawLen(w, BAD_CAST "", 0);
		xmlOutputBufferWriteEscape(out, BAD_CAST t, NULL);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterWriteRawLen(w, BAD_CAST "\n", 1);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	free(t);
	free(tz);
	free(z);

	int same = !err && got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
	if (!same && got_out && !*got_out) {
		*got_out = buf_detach(&got);
		*want_out = buf_detach(&want);
	}
	buf_free(&got);
	buf_free(&want);
	return same;
}

static void report(int same, const char *what, char *got, char *want)
{
	char detail[2048];
	snprintf(detail, sizeof detail, "got [%.900s], want [%.900s]", got ? got : "", want ? want : "");
	ok_detail(same, what, same ? NULL : detail);
	free(got);
	free(want);
}

int main(void)
{
	char *got = NULL, *want = NULL;

	/* every byte, alone and between plain letters */
	int same = 1;
	for (int c = 1; c < 256; c++) {
		char s[4] = {(char)c, '\0'}, m[4] = {'x', (char)c, 'y', '\0'};
		same &= same_both_ways(s, 1, &got, &want);
		same &= same_both_ways(m, 3, &got, &want);
	}
	report(same, "every byte, alone and between letters", got, want);

	/* every piece alone, then generated strings of up to 12 pieces */
	got = want = NULL;
	same = 1;
	for (size_t i = 0; i < NPIECES; i++)
		same &= same_both_ways(pieces[i], strlen(pieces[i]), &got, &want);
	report(same, "every piece alone", got, want);

	got = want = NULL;
	same = 1;
	for (int k = 0; k < 5000; k++) {
		buf s;
		buf_init(&s);
		buf_puts(&s, "");
		unsigned np = 1 + rnd(12);
		for (unsigned i = 0; i < np; i++)
			buf_puts(&s, pieces[rnd(NPIECES)]);
		same &= same_both_ways(s.data, s.len, &got, &want);
		buf_free(&s);
	}
	report(same, "5000 generated strings", got, want);

	/* a NUL inside text: U+FFFD, as before */
	got = want = NULL;
	report(same_both_ways("a\0<b", 4, &got, &want), "a NUL in text", got, want);

	/* long text, past the writer's batch (and libxml2's chunks) */
	got = want = NULL;
	same = 1;
	for (int k = 0; k < 3; k++) {
		buf s;
		buf_init(&s);
		buf_puts(&s, "");
		while (s.len < 300000)
			buf_puts(&s, k == 0 ? "Клиент и сотрудник " : k == 1 ? "a < b & c > d\r\n" : "\x01 x \xFF y ");
		same &= same_both_ways(s.data, s.len, &got, &want);
		buf_free(&s);
	}
	report(same, "text of 300 000 bytes", got, want);

	/* what xmlTextWriter refused: an attribute with no start tag open */
	dbk d;
	buf out;
	buf_init(&out);
	dbk_init(&d, xmlOutputBufferCreateIO(to_buf, NULL, &out, NULL));
	dbk_start(&d, "a");
	dbk_put_text(&d, "x");
	dbk_attr(&d, "role", "late");
	ok(d.err, "an attribute after content is an error");
	d.err = 0;
	dbk_end(&d);
	dbk_end(&d);
	ok(d.err && d.depth == 0, "closing more elements than were opened is an error");
	dbk_release(&d); /* -1: d.err */
	ok(out.len == strlen("<a>x</a>") && memcmp(out.data, "<a>x</a>", out.len) == 0, "nothing written for either");
	buf_free(&out);
	return unit_done();
}

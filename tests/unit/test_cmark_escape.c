/* test_cmark_escape.c - src/cmark_escape.c's houdini_escape_html0 against
 * libcmark-gfm's own (found past ours with dlsym(RTLD_NEXT)): every byte
 * at every place of texts of 0 to 40 bytes, both modes, random texts of
 * up to 300 bytes rich in what is escaped; and that cmark-gfm's renderer
 * calls ours. */
#define _GNU_SOURCE
#include "unit.h"

#include <cmark-gfm.h>
#include <cmark-gfm/houdini.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

typedef int (*escaper)(cmark_strbuf *, const uint8_t *, bufsize_t, int);

static escaper theirs;

/* Whether both escape s[0..n) alike in mode secure. */
static int same(const uint8_t *s, bufsize_t n, int secure)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_strbuf a, b;
	cmark_strbuf_init(mem, &a, 0);
	cmark_strbuf_init(mem, &b, 0);
	cmark_strbuf_puts(&a, "x"); /* after text already there */
	cmark_strbuf_puts(&b, "x");
	houdini_escape_html0(&a, s, n, secure);
	theirs(&b, s, n, secure);
	int r = a.size == b.size && memcmp(a.ptr, b.ptr, (size_t)a.size) == 0;
	cmark_strbuf_free(&a);
	cmark_strbuf_free(&b);
	return r;
}

static void every_byte_everywhere(void)
{
	int all = 1;
	uint8_t s[40];
	for (bufsize_t n = 0; n <= 40; n++)
		for (bufsize_t at = 0; at < n; at++)
			for (int c = 0; c < 256; c++)
				for (int secure = 0; secure < 2; secure++) {
					/* Cyrillic letters around the byte */
					for (bufsize_t k = 0; k < n; k++)
						s[k] = k % 2 ? 0xB0 : 0xD0;
					s[at] = (uint8_t)c;
					all &= same(s, n, secure);
				}
	ok(all, "every byte at every place of 0 to 40 bytes, both modes");
}

static void random_texts(void)
{
	static const char pick[] = "&<>\"'/ aZ\n\xD0\xB0\xC2\xAB";
	uint8_t s[300];
	int all = 1;
	srand(16);
	for (int t = 0; t < 20000; t++) {
		bufsize_t n = rand() % 300;
		for (bufsize_t k = 0; k < n; k++)
			s[k] = rand() % 4 ? (uint8_t)pick[rand() % (sizeof pick - 1)] : (uint8_t)rand();
		all &= same(s, n, t % 2);
	}
	ok(all, "20 000 random texts of up to 300 bytes");
}

static void renderer_calls_ours(void)
{
	const char *md = "a & b < c > d \"e\" 'f' / g, "
			 "\xD0\x9A\xD0\xBB\xD0\xB8\xD0\xB5\xD0\xBD\xD1\x82 \xC2\xAB\xD0\x81\xC2\xBB";
	char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
	ok(html && strcmp(html, "<p>a &amp; b &lt; c &gt; d &quot;e&quot; 'f' / g, "
				"\xD0\x9A\xD0\xBB\xD0\xB8\xD0\xB5\xD0\xBD\xD1\x82 \xC2\xAB\xD0\x81\xC2\xBB</p>\n") == 0,
	   "cmark_markdown_to_html: text escaped as before");
	free(html);
}

int main(void)
{
	theirs = (escaper)(uintptr_t)dlsym(RTLD_NEXT, "houdini_escape_html0");
	ok(theirs != NULL, "libcmark-gfm's houdini_escape_html0 found");
	ok(theirs != houdini_escape_html0, "ours is another");
	if (!theirs)
		return unit_done();
	every_byte_everywhere();
	random_texts();
	renderer_calls_ours();
	return unit_done();
}

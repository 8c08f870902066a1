/* cmark_escape.c - cmark-gfm's HTML text escaper, sixteen bytes a step.
 *
 * libcmark-gfm escapes every text, code span and attribute it renders to
 * HTML with houdini_escape_html0 (public: <cmark-gfm/houdini.h>), called
 * through its PLT, so this definition in the executable takes the
 * library's place (ELF interposition). Its output is the library's, byte
 * for byte: & < > " always, ' and / only when secure (&#39; &#47;), any
 * other byte as it is; tests/unit/test_cmark_escape compares the two.
 * Where the library is bound otherwise (linked statically, -Bsymbolic),
 * its own runs: the same bytes, slower.
 *
 * Why: the library's looks each byte up in a table, 80 M instructions of
 * the bodies of build's 10 MB book (a Russian text, with a byte to escape
 * every few hundred); a block of sixteen plain bytes here is a few. */
#include <cmark-gfm/houdini.h>

#include <string.h>

/* Which bytes have an entity: 1..4 always, 5 and 6 only when secure. */
static const unsigned char kind[256] = {
	['"'] = 1, ['&'] = 2, ['<'] = 3, ['>'] = 4, ['\''] = 5, ['/'] = 6,
};

static const char *const entity[] = {"", "&quot;", "&amp;", "&lt;", "&gt;", "&#39;", "&#47;"};

static int escaped(unsigned char c, int secure)
{
	unsigned k = kind[c];
	return k && (k <= 4 || secure);
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* Of the sixteen bytes at u: a bit (the first byte's lowest) for each
 * that is escaped. */
static inline unsigned escaped16(const uint8_t *u, int secure)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
	__m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))),
				 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))));
	if (secure)
		e = _mm_or_si128(e, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))));
	return (unsigned)_mm_movemask_epi8(e);
}
#endif

/* Where the first byte of src[i..size) that is escaped is, or size. With
 * SSE2 sixteen bytes a step, the last sixteen of src for its tail (they
 * overlap bytes already passed, none of them escaped); a text shorter
 * than sixteen bytes a byte at a time. */
static bufsize_t next_escaped(const uint8_t *src, bufsize_t i, bufsize_t size, int secure)
{
#if defined(__SSE2__)
	if (size >= 16) {
		while (i < size) {
			bufsize_t at = size - i >= 16 ? i : size - 16;
			unsigned m = escaped16(src + at, secure) >> (i - at);
			if (m)
				return i + __builtin_ctz(m);
			i = at + 16;
		}
		return size;
	}
#endif
	while (i < size && !escaped(src[i], secure))
		i++;
	return i;
}

int houdini_escape_html0(cmark_strbuf *ob, const uint8_t *src, bufsize_t size, int secure)
{
	bufsize_t i = 0;
	while (i < size) {
		bufsize_t e = next_escaped(src, i, size, secure);
		if (e > i)
			cmark_strbuf_put(ob, src + i, e - i);
		if (e >= size)
			break;
		const char *ent = entity[kind[src[e]]];
		cmark_strbuf_put(ob, (const unsigned char *)ent, (bufsize_t)strlen(ent));
		i = e + 1;
	}
	return 1;
}

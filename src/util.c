/* util.c - allocation wrappers that exit on OOM, buffers, file reading. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

static void oom(void)
{
	fputs("svcbook: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xgrow_more(void *arr, size_t *cap, size_t need, size_t sz)
{
	size_t nc = *cap ? *cap : 8;
	while (nc < need) {
		if (nc > ((size_t)-1) / 2 / sz)
			oom();
		nc *= 2;
	}
	arr = xrealloc(arr, nc * sz);
	*cap = nc;
	return arr;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* One vsnprintf when the text fits a small buffer on the stack (nearly
 * every call: ids, numbers, paths), two only for a longer one: vsnprintf
 * costs about a thousand instructions a call however short its output. */
char *xasprintf(const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	char *p = xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof small) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void buf_init(buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_free(buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_put_slow(buf *b, const char *s, size_t n)
{
	b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_putc_slow(buf *b, char c)
{
	buf_put(b, &c, 1);
}

/* Formats straight into the room the buffer has (one vsnprintf), and a
 * second time only when the text did not fit. */
void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_start(ap, fmt);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (room)
			b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		b->data = xgrow(b->data, &b->cap, b->len + (size_t)n + 1, 1);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *buf_detach(buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	/* Buffers grow by doubling: a kept string gives back what it did not
	 * use (rendered clauses are kept for the whole build). */
	if (b->data && b->cap - b->len > b->len / 4 + 64)
		p = xrealloc(p, b->len + 1);
	buf_init(b);
	return p;
}

/* A regular file is read straight into a buffer of its size, one copy (a
 * book's text went through stdio, a chunk buffer and a doubling buffer
 * before): its size + 2 leaves room for the NUL and for the read that
 * finds the end. A file that grows meanwhile, or of unknown size, still
 * reads whole: the buffer doubles. */
char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	size_t cap = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	             (unsigned long long)st.st_size < SIZE_MAX / 4 ? (size_t)st.st_size + 2 : 65536;
	size_t n = 0;
	char *data = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			data = xrealloc(data, cap);
		}
		ssize_t r = read(fd, data + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			free(data);
			errno = EIO;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

int str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* What a byte starts, for utf8_clean_prefix: 1 a character that needs no check
 * (printable ASCII, tab, line ends), 8 one of those that XML text escapes
 * (< > & CR); 2 a two-byte character (C3..DF); 4 one that may be a C1
 * control (C2); 3 a three-byte character, 5 one that may be overlong (E0),
 * 6 a surrogate (ED), 7 U+FFFE or U+FFFF (EF); 0 anything else (controls,
 * DEL, four-byte characters, bad bytes). */
static const unsigned char byte_kind[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 8, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8, 1, 8, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 6, 3, 7,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static int cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
#define CLEAN_WORDS 1
/* Of the eight bytes of w (the first in its low byte): how many at its start
 * clean_prefix passes over one by one, at most 8 (a lower bound: 0 sends
 * the byte to the careful step). First as Cyrillic letters, D0 or D1 and a
 * continuation byte each (whole letters only); else as printable ASCII
 * (0x20..0x7E, without < > & for XML text). The flags below are exact for
 * the lowest byte they mark (a borrow or carry only runs upwards), which is
 * all that is read of them. */
static inline size_t clean_word(uint64_t w, int xml)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t cyr = (w & 0xC0FEC0FEC0FEC0FEULL) ^ 0x80D080D080D080D0ULL;
	if (!cyr)
		return 8;
	size_t k = ((size_t)__builtin_ctzll(cyr) / 8) & ~(size_t)1;
	if (k)
		return k;
	uint64_t bad = ((w - ones * 0x20) & ~w) | (w + ones) | w; /* < 0x20, >= 0x7F */
	if (xml) {
		uint64_t lt = w ^ (ones * '<'), gt = w ^ (ones * '>'), amp = w ^ (ones * '&');
		bad |= ((lt - ones) & ~lt) | ((gt - ones) & ~gt) | ((amp - ones) & ~amp);
	}
	bad &= high;
	return bad ? (size_t)__builtin_ctzll(bad) / 8 : 8;
}
#endif

#if defined(__SSE2__)
#include <emmintrin.h>
#define CLEAN_BLOCKS 1
/* The sixteen bytes at u as three masks, a bit per byte (the first
 * byte's lowest): those that pass alone (printable ASCII, tab and LF and,
 * unless xml, CR; with xml, not < > &), the lead bytes D0 and D1 of
 * Cyrillic letters U+0400..U+047F, and the continuation bytes. A lead
 * byte followed by a continuation byte is a whole letter and passes too. */
static inline unsigned clean_masks(const unsigned char *u, int xml, unsigned *lead, unsigned *cont)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
	/* 0x20..0x7E: v + 0x60 below 0xDF, as signed bytes */
	__m128i ok = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x60)), _mm_set1_epi8((char)0xDF));
	ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
	if (xml)
		ok = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
						   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
							        _mm_cmpeq_epi8(v, _mm_set1_epi8('&')))),
				      ok);
	else
		ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
	*lead = (unsigned)_mm_movemask_epi8(
		_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xD0)));
	/* 0x80..0xBF: below 0xC0, as signed bytes */
	*cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
	return (unsigned)_mm_movemask_epi8(ok);
}

/* Of the sixteen bytes at u: a bit for each that clean_prefix must look
 * at itself; a byte without one is passed over. Exact per byte, so mixed
 * text passes as well as runs. next (0 or 1) says whether the byte after
 * the sixteen is a continuation byte, carry whether the byte before them
 * is a lead byte whose letter they end: a letter cut by the block's edge
 * passes (0 for either: it is flagged). */
static inline unsigned clean_block(const unsigned char *u, int xml, unsigned next, unsigned carry)
{
	unsigned lead, cont, ok = clean_masks(u, xml, &lead, &cont);
	return ~(ok | (lead & (cont >> 1 | next << 15)) | (cont & (lead << 1 | carry))) & 0xFFFFu;
}
#endif

/* utf8_clean_prefix, or (xml) utf8_xml_text_prefix, inlined into each
 * (xml a constant there). Where SSE2 is, thirty-two bytes a step
 * (clean_masks; the last sixteen of s for its tail, which overlap bytes
 * already passed); else eight while they are Cyrillic letters or plain
 * ASCII (clean_word); the rest a character at a time. Cyrillic first: it
 * is most of a Russian book's bytes. */
static inline __attribute__((always_inline)) size_t clean_prefix(const char *s, size_t n, int xml)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
#ifdef CLEAN_BLOCKS
		if (n >= 16) {
			/* thirty-two bytes a step while there is a byte after them
			 * (a letter may straddle two steps: next, carry) */
			uint32_t look = 0, carry = 0;
			while (n - i > 32) {
				unsigned l0, c0, l1, c1;
				uint32_t ok = clean_masks(u + i, xml, &l0, &c0) |
				              (uint32_t)clean_masks(u + i + 16, xml, &l1, &c1) << 16;
				uint32_t lead = l0 | (uint32_t)l1 << 16, cont = c0 | (uint32_t)c1 << 16;
				uint32_t next = (u[i + 32] & 0xC0) == 0x80;
				look = ~(ok | (lead & (cont >> 1 | next << 31)) | (cont & (lead << 1 | carry)));
				if (look)
					break;
				carry = lead >> 31;
				i += 32;
			}
			if (!look && n - i > 16) {
				look = clean_block(u + i, xml, (u[i + 16] & 0xC0) == 0x80, carry);
				if (!look) {
					carry = (u[i + 15] & 0xFE) == 0xD0;
					i += 16;
				}
			}
			if (!look) {
				/* the last sixteen bytes, some of them passed already (the
				 * byte before a character's start is never a lead byte,
				 * but at i a letter the last step cut may end: carry) */
				look = clean_block(u + n - 16, xml, 0, i == n - 16 ? carry : 0) >> (i - (n - 16));
				if (!look)
					return n;
			}
			i += (size_t)__builtin_ctz(look); /* a byte to look at */
		} else
#endif
		{
#ifdef CLEAN_WORDS
			if (n - i >= 8) {
				uint64_t w;
				memcpy(&w, u + i, 8);
				size_t k = clean_word(w, xml);
				if (k) {
					i += k;
					continue;
				}
			}
#endif
		}
		unsigned k = byte_kind[u[i]];
		if (k == 2) {
			if (i + 1 >= n || !cont(u[i + 1]))
				return i;
			i += 2;
		} else if (k == 1 || (k == 8 && !xml)) {
			i++;
		} else if (k == 8) {
			return i;
		} else if (k == 4) {
			if (i + 1 >= n || u[i + 1] < 0xA0 || u[i + 1] > 0xBF)
				return i;
			i += 2;
		} else if (k >= 3) {
			if (i + 2 >= n || !cont(u[i + 1]) || !cont(u[i + 2]) || (k == 5 && u[i + 1] < 0xA0) ||
			    (k == 6 && u[i + 1] >= 0xA0) || (k == 7 && u[i + 1] == 0xBF && u[i + 2] >= 0xBE))
				return i;
			i += 3;
		} else {
			return i;
		}
	}
	return i;
}

size_t utf8_clean_prefix(const char *s, size_t n)
{
	return clean_prefix(s, n, 0);
}

size_t utf8_xml_text_prefix(const char *s, size_t n)
{
	return clean_prefix(s, n, 1);
}

/* ---- the nearest string, for did-you-mean hints (see util.h) ---- */

/* s's first max code points into out (U+FFFD for a byte that is not UTF-8). */
static size_t decode_cps(const char *s, int32_t *out, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < max;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k < 1) {
			c = 0xFFFD;
			k = 1;
		}
		out[n++] = c;
		i += (size_t)k;
	}
	return n;
}

size_t cp_edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t limit,
                        size_t *rows)
{
	size_t inf = limit + 1;
	if ((na > nb ? na - nb : nb - na) > limit)
		return inf;
	/* three rows turn: i - 2 (for a swap), i - 1, i */
	size_t *r2 = rows, *r0 = rows + (nb + 1), *r1 = rows + 2 * (nb + 1);
	for (size_t j = 0; j <= nb; j++)
		r0[j] = j < inf ? j : inf;
	for (size_t i = 1; i <= na; i++) {
		size_t lo = i > limit ? i - limit : 1;
		size_t hi = i + limit < nb ? i + limit : nb;
		r1[lo - 1] = lo == 1 && i < inf ? i : inf;
		size_t best = r1[lo - 1];
		for (size_t j = lo; j <= hi; j++) {
			size_t d = r0[j - 1] + (a[i - 1] != b[j - 1]);
			if (r0[j] + 1 < d)
				d = r0[j] + 1;
			if (r1[j - 1] + 1 < d)
				d = r1[j - 1] + 1;
			/* r2's band is this one's two to the left: r2[j - 2] is
			 * within it or its edge, never stale */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && r2[j - 2] + 1 < d)
				d = r2[j - 2] + 1;
			r1[j] = d < inf ? d : inf;
			if (r1[j] < best)
				best = r1[j];
		}
		if (hi < nb)
			r1[hi + 1] = inf;
		/* a row's least never falls in the rows below it (a swap's
		 * r2[j - 2] + 1 is no less than r0[j - 2]): give up here */
		if (best > limit)
			return inf;
		size_t *t = r2;
		r2 = r0;
		r0 = r1;
		r1 = t;
	}
	return r0[nb];
}

size_t utf8_edit_distance(const char *a, const char *b)
{
	int32_t x[200], y[200];
	size_t rows[3 * 201];
	size_t n = decode_cps(a, x, 200), m = decode_cps(b, y, 200);
	return cp_edit_distance(x, n, y, m, n > m ? n : m, rows);
}

void nearest_init(nearest_acc *a, const char *q)
{
	size_t len = utf8proc_decompose((const utf8proc_uint8_t *)q, 0, NULL, 0, 0);
	a->query = q;
	a->best = NULL;
	a->dist = (size_t)-1;
	a->limit = len / 3 > 2 ? len / 3 : 2;
}

void nearest_offer(nearest_acc *a, const char *cand)
{
	if (!cand || strcmp(cand, a->query) == 0)
		return;
	size_t d = utf8_edit_distance(a->query, cand);
	if (d <= a->limit && d < a->dist) {
		a->dist = d;
		a->best = cand;
	}
}

int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

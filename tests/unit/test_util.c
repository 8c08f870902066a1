/* test_util.c - unit tests of util.c's buffers and strmap.c's hash, the
 * fast paths against what they replaced: buf_put inline when the bytes fit
 * and through buf_put_slow when they do not; xasprintf and buf_printf with
 * one vsnprintf when the text fits (a stack buffer, the buffer's room) and
 * two when it does not; strmap_hash's tail read without a copy of variable
 * length, the same value as the memcpy it replaced (a map's layout, hence
 * nothing that walks one, changes); a map that finds what it holds; and
 * utf8_clean_prefix / utf8_xml_text_prefix, sixteen and eight bytes a step, against
 * the character-at-a-time loop they were. */
#include "strmap.h"
#include "util.h"
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strmap_hash as it was written before (the tail copied with memcpy). */
static size_t hash_before(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0x94D049BB133111EBULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return (size_t)(h ^ (h >> 32));
}

static void test_hash(void)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	unsigned seed = 12345;
	int same = 1;
	char s[64];
	for (int round = 0; round < 200 && same; round++)
		for (size_t n = 0; n <= 40 && same; n++) {
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				s[i] = (char)(seed >> 16);
			}
			/* from several offsets: the loads are unaligned */
			for (size_t off = 0; off + n <= sizeof s && off < 8 && same; off++) {
				memmove(s + off, s, n);
				same = strmap_hash(s + off, n) == hash_before(s + off, n);
			}
		}
	ok(same, "strmap_hash gives the value the memcpy tail gave, every length 0-40");
#endif
	ok(strmap_hash("абв", 6) == hash_before("абв", 6), "strmap_hash of a Cyrillic word");
}

static void test_map(void)
{
	strmap m;
	strmap_init(&m);
	char key[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		strmap_set(&m, key, i);
	}
	int found = 1;
	for (int i = 0; i < 5000 && found; i++) {
		snprintf(key, sizeof key, "k%d", i);
		found = strmap_get(&m, key) == i && strmap_getn(&m, key, strlen(key)) == i;
	}
	ok(found, "a map finds each of 5 000 keys");
	ok(strmap_get(&m, "k5000") == -1 && strmap_get(&m, "") == -1, "and not a key it lacks");
	ok(strmap_getn(&m, "k12x", 3) == 12, "strmap_getn reads only n bytes");
	strmap_free(&m);
}

/* utf8_clean_prefix and utf8_xml_text_prefix as they were written before
 * (a character at a time), to check the eight-byte steps against. */
static const unsigned char ref_kind[256] = {
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

static size_t ref_prefix(const char *s, size_t n, int xml)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned k = ref_kind[u[i]];
		if (k == 2) {
			if (i + 1 >= n || (u[i + 1] & 0xC0) != 0x80)
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
			if (i + 2 >= n || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80 || (k == 5 && u[i + 1] < 0xA0) ||
			    (k == 6 && u[i + 1] >= 0xA0) || (k == 7 && u[i + 1] == 0xBF && u[i + 2] >= 0xBE))
				return i;
			i += 3;
		} else {
			return i;
		}
	}
	return i;
}

/* Both prefixes of every start of s[0..n) against the reference; 0 and a
 * message in what at the first difference. */
static int same_prefixes(const char *s, size_t n, char *what, size_t cap)
{
	for (size_t a = 0; a < n; a++)
		for (int xml = 0; xml < 2; xml++) {
			size_t got = xml ? utf8_xml_text_prefix(s + a, n - a) : utf8_clean_prefix(s + a, n - a);
			size_t want = ref_prefix(s + a, n - a, xml);
			if (got != want) {
				snprintf(what, cap, "xml=%d from %zu of %zu: %zu, want %zu", xml, a, n, got, want);
				return 0;
			}
		}
	return 1;
}

static void test_clean_prefix(void)
{
	static const char *const tokens[] = {
		"a", "Z", " ", "\n", "\t", "\r", "<", ">", "&", "~", "\x7F", "\x1F", "\x00",
		"\xD0\xB0", "\xD1\x8F", "\xD0\x81", "\xD1\x91", "\xD0", "\xD1", "\x80", "\xBF", "\xFF",
		"\xC2\xA0", "\xC2\x85", "\xC3\xA9", "\xE2\x80\x94", "\xED\xA0\x80", "\xEF\xBF\xBE",
		"\xEF\xBF\xBD", "\xE0\x80\x80", "\xF0\x9F\x98\x80",
	};
	const size_t ntok = sizeof tokens / sizeof *tokens;
	char what[160] = "";
	int same = 1;
	unsigned seed = 777;
	char s[200];
	for (int round = 0; round < 3000 && same; round++) {
		size_t n = 0;
		/* mostly Cyrillic letters and ASCII, as a book is, with a rare other token */
		while (n < 120) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 100;
			const char *t = r < 45 ? "\xD0\xBE" : r < 55 ? "\xD1\x82" : r < 75 ? "e" : r < 85 ? " " : tokens[(seed >> 8) % ntok];
			size_t k = *t ? strlen(t) : 1; /* the NUL token is one byte */
			memcpy(s + n, t, k);
			n += k;
		}
		same = same_prefixes(s, n, what, sizeof what);
	}
	ok_detail(same, "utf8_clean_prefix, utf8_xml_text_prefix: as a character at a time, on mixed text", what);
	/* every byte value at every place of eight-byte runs of Cyrillic and of ASCII, and of
	 * runs longer than the sixteen- and thirty-two-byte steps */
	const char *const grounds[] = {"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82\xD0\xBC\xD0\xB8\xD1\x80",
	                               "greeting customers", " \xD0\xB0" "b\xD0\xB1 c\xD0\xB2\xD0\xB3" "d e",
	                               /* sixteen-byte steps: words and spaces, a line end, Latin-1 */
	                               "\xD0\xBE\xD1\x82 \xD0\xB2\xD0\xB0\n\xC3\xA9t\xD1\x8F \xD0\xBF\xD1\x80\xD0\xB8 a\tb\xCE\xB1 x",
	                               /* thirty-two-byte steps: 42 letters after one ASCII byte, so
	                                * that letters straddle the steps' edges from every start */
	                               "x" "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82" "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82" "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"
	                               "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82" "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82" "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82" "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82" " y"};
	for (size_t g = 0; g < sizeof grounds / sizeof *grounds && same; g++) {
		size_t n = strlen(grounds[g]);
		for (size_t at = 0; at < n && same; at++)
			for (int byte = 0; byte < 256 && same; byte++) {
				memcpy(s, grounds[g], n);
				s[at] = (char)byte;
				same = same_prefixes(s, n, what, sizeof what);
			}
	}
	ok_detail(same, "... and with every byte value at every place", what);
}

static void test_buf(void)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, "");
	ok(b.data && b.len == 0 && b.data[0] == '\0', "an empty put leaves an empty string");
	/* grows through buf_put_slow, then appends inline */
	char want[5000];
	size_t n = 0;
	for (int i = 0; i < 700; i++) {
		const char *piece = i % 3 ? "abc" : "\xD0\xB0\xD0\xB1";
		buf_puts(&b, piece);
		memcpy(want + n, piece, strlen(piece));
		n += strlen(piece);
	}
	buf_put(&b, "xyz", 0);
	buf_put(&b, "xyz", 2);
	memcpy(want + n, "xy", 2);
	n += 2;
	want[n] = '\0';
	ok(b.len == n && strcmp(b.data, want) == 0 && b.cap > b.len, "puts append, NUL-terminated");
	buf_free(&b);

	/* buf_printf: into the room there is, and when there is too little */
	buf_init(&b);
	buf_printf(&b, "%d-%s", 42, "x");
	ok(b.len == 4 && strcmp(b.data, "42-x") == 0, "buf_printf into an empty buffer");
	buf_put(&b, "", 0);
	size_t cap = b.cap;
	buf_printf(&b, "%c", 'y');
	ok(b.cap == cap && strcmp(b.data, "42-xy") == 0, "buf_printf that fits the room");
	char big[600];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	ok(b.len == 5 + 601 && b.data[5] == '[' && b.data[b.len - 1] == ']' && b.data[b.len] == '\0' &&
	       strspn(b.data + 6, "q") == 599,
	   "buf_printf longer than the room");
	buf_free(&b);

	char *s = xasprintf("%s.%d", "1.2", 3);
	ok(strcmp(s, "1.2.3") == 0, "xasprintf, short");
	free(s);
	s = xasprintf("<%s>", big);
	ok(strlen(s) == 601 && s[0] == '<' && s[600] == '>', "xasprintf longer than its stack buffer");
	free(s);
	s = xasprintf("%.*s", 255, big);
	ok(strlen(s) == 255, "xasprintf of 255 bytes (its stack buffer's last that fits)");
	free(s);
	s = xasprintf("%.*s", 256, big);
	ok(strlen(s) == 256, "xasprintf of 256 bytes (the first that does not)");
	free(s);
}

/* The optimal string alignment distance the plain way: the whole matrix. */
static size_t osa_plain(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
	size_t d[9][9];
	for (size_t i = 0; i <= na; i++)
		for (size_t j = 0; j <= nb; j++) {
			if (!i || !j) {
				d[i][j] = i + j;
				continue;
			}
			size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[na][nb];
}

static void test_edit_distance(void)
{
	ok(utf8_edit_distance("клинета", "клиента") == 1, "two letters swapped are one edit (клинета, клиента)");
	ok(utf8_edit_distance("клинета", "клиент") == 2, "a swap and a dropped letter are two (клинета, клиент)");
	ok(utf8_edit_distance("agnet", "agent") == 1 && utf8_edit_distance("ba", "ab") == 1, "a swap in ASCII");
	ok(utf8_edit_distance("kitten", "sitting") == 3 && utf8_edit_distance("клиенту", "клиент") == 1,
	   "insertions, deletions and substitutions as Levenshtein counts them");
	ok(utf8_edit_distance("ca", "abc") == 3, "a swapped pair is not edited again (optimal string alignment)");
	ok(utf8_edit_distance("", "abc") == 3 && utf8_edit_distance("abc", "") == 3 && utf8_edit_distance("", "") == 0,
	   "from and to the empty string");
	/* the banded, limited form agrees with the whole matrix, within its limit */
	unsigned seed = 7;
	int32_t a[8], b[8];
	size_t rows[3 * 9];
	int same = 1;
	for (int round = 0; round < 20000 && same; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t na = (seed >> 16) % 9, nb = (seed >> 20) % 9, limit = (seed >> 24) % 6;
		for (size_t i = 0; i < na; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i] = 'a' + (int32_t)((seed >> 16) % 3);
		}
		for (size_t i = 0; i < nb; i++) {
			seed = seed * 1103515245u + 12345u;
			b[i] = 'a' + (int32_t)((seed >> 16) % 3);
		}
		size_t want = osa_plain(a, na, b, nb), got = cp_edit_distance(a, na, b, nb, limit, rows);
		same = want <= limit ? got == want : got == limit + 1;
	}
	ok(same, "cp_edit_distance: the whole matrix's distance within the limit, limit + 1 beyond it");
}

/* bytes_equal against memcmp: every length to 40, the two strings equal
 * or differing in one byte at every place, at every alignment. */
static void test_bytes_equal(void)
{
	char a[64], b[64];
	int bad = 0;
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 40; n++)
			for (size_t at = 0; at <= n; at++) {
				for (size_t i = 0; i < sizeof a; i++)
					a[i] = b[i] = (char)('a' + (i * 7 + n) % 26);
				if (at < n)
					b[off + at] ^= (char)(1 + at % 128);
				int want = memcmp(a + off, b + off, n) == 0;
				bad += bytes_equal(a + off, b + off, n) != want;
			}
	ok(!bad, "bytes_equal agrees with memcmp");
}

int main(void)
{
	test_bytes_equal();
	test_edit_distance();
	test_hash();
	test_map();
	test_buf();
	test_clean_prefix();
	return unit_done();
}

/* letters.c - the letters of Latin and Cyrillic beyond ASCII (see letters.h). */
#include "letters.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

letters_script letters_other(const unsigned char *u, size_t left, size_t *n, int *upper)
{
	/* the lead bytes of the ranges: anything else is told at once (the
	 * scan asks at every « » — of a Russian book) */
	unsigned char b = u[0];
	if (!((b >= 0xC3 && b <= 0xC9) || b == 0xCC || b == 0xCD || (b >= 0xD0 && b <= 0xD4) || b == 0xE1))
		return LETTERS_NONE;
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(u, (utf8proc_ssize_t)left, &c);
	if (k <= 0)
		return LETTERS_NONE;
	letters_script s = c >= 0xC0 && c <= 0x24F ? LETTERS_LATIN
	                 : c >= 0x1E00 && c <= 0x1EFF ? LETTERS_LATIN
	                 : c >= 0x400 && c <= 0x52F ? LETTERS_CYRILLIC
	                 : c >= 0x300 && c <= 0x36F ? LETTERS_MARK : LETTERS_NONE;
	utf8proc_category_t cat = utf8proc_category(c);
	if (s == LETTERS_NONE || cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_ME)
		return LETTERS_NONE; /* × ÷, ҂ */
	*n = (size_t)k;
	*upper = cat == UTF8PROC_CATEGORY_LU;
	return s;
}

size_t letters_apostrophe(const unsigned char *u, size_t left)
{
	if (u[0] == '\'')
		return 1;
	return left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x99 ? 3 : 0;
}

/* word without the bytes of its combining marks (CC 80 .. CD AF). */
static char *drop_marks(const char *word)
{
	const unsigned char *u = (const unsigned char *)word;
	char *o = xstrdup(word);
	size_t k = 0;
	for (size_t i = 0; u[i]; i++) {
		if ((u[i] == 0xCC || (u[i] == 0xCD && u[i + 1] <= 0xAF)) && (u[i + 1] & 0xC0) == 0x80)
			i++;
		else
			o[k++] = (char)u[i];
	}
	o[k] = '\0';
	return o;
}

char *letters_strip(const char *word, int latin)
{
	char *o = NULL;
	if (latin) {
		utf8proc_uint8_t *m = NULL;
		if (utf8proc_map((const utf8proc_uint8_t *)word, 0, &m,
		                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK) < 0)
			return NULL;
		o = (char *)m;
	} else {
		o = drop_marks(word);
	}
	if (!strcmp(o, word)) {
		free(o);
		return NULL;
	}
	return o;
}

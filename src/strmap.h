/* strmap.h - an open-addressing hash map from strings to int, used for ids,
 * role ids and the matcher's normalised keys. Keys are copied. */
#ifndef SVCBOOK_STRMAP_H
#define SVCBOOK_STRMAP_H

#include <stddef.h>

typedef struct strmap {
	char **keys;
	int *vals;
	size_t cap, count;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
/* Returns the value for key, or -1 when absent. */
int strmap_get(const strmap *m, const char *key);
/* The same for the n bytes at key (not NUL-terminated), without copying. */
int strmap_getn(const strmap *m, const char *key, size_t n);
/* Sets key to val, replacing any old value. */
void strmap_set(strmap *m, const char *key, int val);
/* The hash of the n bytes at s (eight at a time), exposed for other tables. */
size_t strmap_hash(const char *s, size_t n);

#endif

/* test_diffwords.c - the word diff of two texts (src/diff.c: diff_words
 * and diff_render_words): words kept, removed and added in their order,
 * the shortest edit where words repeat, and the fallback for texts too
 * long for the table. A case is two texts and the words marked
 * " w", "-w", "+w". */
#include "diff.h"
#include "unit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void collect(void *ctx, char mark, const char *word, size_t len)
{
	buf *o = ctx;
	buf_printf(o, "%s%c%.*s", o->len ? " " : "", mark == ' ' ? '=' : mark, (int)len, word);
}

static void expect(const char *old, const char *new, const char *want)
{
	buf o;
	buf_init(&o);
	diff_words(old, new, collect, &o);
	const char *got = o.data ? o.data : "";
	char *what = xasprintf("\"%s\" -> \"%s\": %s, want %s", old, new, got, want);
	ok_detail(strcmp(got, want) == 0, "diff_words", what);
	free(what);
	buf_free(&o);
}

static void put(FILE *out, const char *s, size_t len)
{
	fwrite(s, 1, len, out);
}

/* diff_render_words into a string, with [-...-] and {+...+}. */
static char *render(const char *old, const char *new)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	diff_style st = {"[-", "-]", "{+", "+}", "...", put};
	diff_render_words(f, old, new, &st);
	fclose(f);
	return s;
}

int main(void)
{
	expect("a b c", "a b c", "=a =b =c");
	expect("a b c", "a x c", "=a -b +x =c");
	expect("a b c", "a c", "=a -b =c");
	expect("a c", "a b c", "=a +b =c");
	expect("", "", "");
	expect("", "new words", "+new +words");
	expect("old words", "", "-old -words");
	/* repeated words: the longest common part is kept */
	expect("the cat sat on the mat", "the cat sat on a mat", "=the =cat =sat =on -the +a =mat");
	expect("a b a b", "b a b a", "-a =b =a =b +a");
	/* spaces are separators, however many; Cyrillic words are words */
	expect("  один   два ", "один три", "=один -два +три");
	/* too long for the quadratic table: all removed, then all added, the
	 * common start and end still kept */
	buf x, y;
	buf_init(&x);
	buf_init(&y);
	for (int i = 0; i < 3000; i++) {
		buf_printf(&x, "w%d ", i);
		buf_printf(&y, "v%d ", i);
	}
	buf_puts(&x, "end");
	buf_puts(&y, "end");
	char *a = xasprintf("start %s", x.data), *b = xasprintf("start %s", y.data);
	buf o;
	buf_init(&o);
	diff_words(a, b, collect, &o);
	const char *tail = "+v2999 =end";
	ok(strncmp(o.data, "=start -w0 -w1 ", 15) == 0 && strstr(o.data, "-w2999 +v0 ") &&
		   o.len > strlen(tail) && strcmp(o.data + o.len - strlen(tail), tail) == 0,
	   "a long text: common start and end kept, the rest removed, then added");
	buf_free(&o);
	free(a);
	free(b);
	buf_free(&x);
	buf_free(&y);
	char *r = render("one two three four", "one two five four");
	ok_detail(r && strcmp(r, "one two [-three-] {+five+} four") == 0, "diff_render_words marks the change", r);
	free(r);
	return unit_done();
}

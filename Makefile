# svcbook - a plain Makefile: pkg-config for every library, explicit flags.
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/svcbook
MANDIR   ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale

PKGS     := libcmark-gfm libxml-2.0 lua5.4 libutf8proc libgit2 xlsxwriter hunspell libzip
# libmicrohttpd is opened by `serve` alone (src/serve.c): linked, it and
# gnutls's eight libraries were loaded and initialised by every command,
# half of svcbook's start and 2.4 MB of its memory. Its header is used as
# usual; the library is the one its .so names.
MHD_LIB  := $(shell objdump -p "$$(pkg-config --variable=libdir libmicrohttpd 2>/dev/null)/libmicrohttpd.so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
CC       ?= cc
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
CFLAGS   ?= -O2 -g
# `make WERROR=-Werror` turns warnings into errors.
WERROR   ?=
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(WERROR)
# The version of the data folder this binary speaks to (lua/VERSION,
# raised when a change needs both: src/cli.c checks it at start).
DATA_VERSION := $(shell head -n 1 lua/VERSION)
CPPFLAGS += $(shell pkg-config --cflags $(PKGS) libmicrohttpd 2>/dev/null) -DSVCBOOK_DATADIR='"$(DATADIR)"' \
            -DSVCBOOK_DATA_VERSION='"$(DATA_VERSION)"' \
            -DSVCBOOK_LOCALEDIR='"$(LOCALEDIR)"' \
            -DSVCBOOK_MHD_LIB='"$(or $(MHD_LIB),libmicrohttpd.so.12)"'
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm -pthread

SRCS     := $(sort $(wildcard src/*.c))
LIBSRCS  := $(filter-out src/main.c,$(SRCS))
OBJS     := $(SRCS:.c=.o)
LIBOBJS  := $(LIBSRCS:.c=.o)
HDRS     := $(wildcard src/*.h)
LINGUAS  := ru
MOS      := $(foreach l,$(LINGUAS),locale/$(l)/LC_MESSAGES/svcbook.mo)

.PHONY: pot all book check check-asan check-tsan fuzz install uninstall clean deps test-deps regen bench bench-serve screenshots

all: svcbook

# The data folder is compiled in (-DSVCBOOK_DATADIR): remember the last one
# so that `make install PREFIX=...` after a plain `make` rebuilds the objects;
# likewise its version (a pull that raised lua/VERSION rebuilds).
DATADIR_STAMP := .datadir-stamp
$(shell printf '%s\n' '$(DATADIR) $(LOCALEDIR) $(DATA_VERSION)' | cmp -s - $(DATADIR_STAMP) 2>/dev/null || printf '%s\n' '$(DATADIR) $(LOCALEDIR) $(DATA_VERSION)' >$(DATADIR_STAMP))
$(OBJS): $(DATADIR_STAMP)

svcbook: $(OBJS) $(MOS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

# Messages in the book's language (GNU gettext, docs/format.md): po/LANG.po
# compiled into locale/LANG/LC_MESSAGES/svcbook.mo, found beside the binary.
# `make pot` extracts the msgids (scripts/pot.sh says which).
locale/%/LC_MESSAGES/svcbook.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

pot:
	scripts/pot.sh

# Every object depends on every header: the project is small, and a stale
# object after a struct change costs more than a full rebuild.
src/%.o: src/%.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

clean:
	rm -f svcbook src/*.o $(DATADIR_STAMP)
	rm -f $(patsubst %.c,%,$(wildcard tests/unit/*.c))
	rm -rf out build-asan build-tsan build-fuzz locale

# Debian packages the build needs (installed when root, else explained).
deps:
	@scripts/deps.sh build

# ... and what the tests need on top, with the npm test tools.
test-deps:
	@scripts/deps.sh build test

# The bundled example book: HTML + DocBook in out/, then the linter.
book: deps
	@$(MAKE) --no-print-directory svcbook
	./svcbook build standards -o out
	./svcbook lint standards

# Every suite (unit, spec, CLI, golden, determinism, validators, man page,
# install); ends with "N passed, N failed".
check: test-deps
	@$(MAKE) --no-print-directory svcbook
	tests/run.sh

# The whole suite again with AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer: an instrumented build in build-asan/ (its own objects,
# so ./svcbook is untouched); any report fails the test that caused it.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_OBJS  := $(patsubst src/%.c,build-asan/%.o,$(SRCS))
build-asan/%.o: src/%.c $(HDRS) $(DATADIR_STAMP)
	@mkdir -p build-asan
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) -c -o $@ $<
build-asan/svcbook: $(ASAN_OBJS) $(MOS)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) $(LDFLAGS) -o $@ $(ASAN_OBJS) $(LDLIBS)
	@# found beside the binary, as with ./svcbook
	ln -sfn ../templates build-asan/templates
	ln -sfn ../lua build-asan/lua
	ln -sfn ../locale build-asan/locale
build-asan/unit/%: tests/unit/%.c tests/unit/unit.h $(filter-out build-asan/main.o,$(ASAN_OBJS)) $(HDRS)
	@mkdir -p build-asan/unit
	$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(ASAN_FLAGS) $(LDFLAGS) -o $@ $< $(filter-out build-asan/main.o,$(ASAN_OBJS)) $(LDLIBS)

# Reports also go to build-asan/log/, so one that a test did not notice
# (a test that does not look at the exit code) still fails the target.
# valgrind and install test the plain ./svcbook and `make install`, not
# $SVCBOOK: under check-asan they would only run again (2 min of CI).
ASAN_SUITES = $(filter-out valgrind install,$(shell tests/run.sh --list))
check-asan: test-deps
	@$(MAKE) --no-print-directory svcbook build-asan/svcbook
	@rm -rf build-asan/log && mkdir -p build-asan/log
	SVCBOOK=$(CURDIR)/build-asan/svcbook \
	ASAN_OPTIONS=detect_leaks=1:exitcode=99:log_path=$(CURDIR)/build-asan/log/asan \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99:log_path=$(CURDIR)/build-asan/log/ubsan \
	UNIT_DIR=build-asan/unit tests/run.sh $(ASAN_SUITES)
	@if [ -n "$$(ls build-asan/log)" ]; then cat build-asan/log/*; \
	  echo "check-asan: sanitizer reports above (build-asan/log/)"; exit 1; fi

# The suites that run build, lint and serve again with ThreadSanitizer:
# build writes its parts on three threads and makes the audit folder and
# the manifest on a fourth (src/main.c write_parts); reading and the
# obligations table use two, lint's spelling scan one more (the cases run
# every rule). Only our code is instrumented; the libraries' accesses are
# not seen, which is why the threads share no data that changes
# (docs/performance.md).
TSAN_FLAGS  := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJS   := $(patsubst src/%.c,build-tsan/%.o,$(SRCS))
TSAN_SUITES := cli golden book determinism docbook hostile xss rolebook template serve audit cases
build-tsan/%.o: src/%.c $(HDRS) $(DATADIR_STAMP)
	@mkdir -p build-tsan
	$(CC) $(CPPFLAGS) $(CFLAGS) $(TSAN_FLAGS) -c -o $@ $<
build-tsan/svcbook: $(TSAN_OBJS) $(MOS)
	$(CC) $(CFLAGS) $(TSAN_FLAGS) $(LDFLAGS) -o $@ $(TSAN_OBJS) $(LDLIBS)
	ln -sfn ../templates build-tsan/templates
	ln -sfn ../lua build-tsan/lua
	ln -sfn ../locale build-tsan/locale

# The sandbox's watchdog thread (src/sandbox.c) is tested by its unit.
TSAN_UNITS  := unit/test_sandbox
build-tsan/unit/%: tests/unit/%.c tests/unit/unit.h $(filter-out build-tsan/main.o,$(TSAN_OBJS)) $(HDRS)
	@mkdir -p build-tsan/unit
	$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) $(TSAN_FLAGS) $(LDFLAGS) -o $@ $< $(filter-out build-tsan/main.o,$(TSAN_OBJS)) $(LDLIBS)

check-tsan: test-deps
	@$(MAKE) --no-print-directory svcbook build-tsan/svcbook $(patsubst unit/%,build-tsan/unit/%,$(TSAN_UNITS))
	@rm -rf build-tsan/log && mkdir -p build-tsan/log
	SVCBOOK=$(CURDIR)/build-tsan/svcbook UNIT_DIR=build-tsan/unit \
	TSAN_OPTIONS=halt_on_error=1:exitcode=66:log_path=$(CURDIR)/build-tsan/log/tsan \
	tests/run.sh $(TSAN_SUITES) $(TSAN_UNITS)
	@if [ -n "$$(ls build-tsan/log)" ]; then cat build-tsan/log/*; \
	  echo "check-tsan: ThreadSanitizer reports above (build-tsan/log/)"; exit 1; fi

# libFuzzer over the whole pipeline (tests/fuzz/fuzz_book.c), with clang;
# FUZZ_TIME seconds (default 60). The corpus grows in build-fuzz/corpus.
FUZZ_CC   ?= clang
FUZZ_TIME ?= 60
build-fuzz/fuzz_book: tests/fuzz/fuzz_book.c $(LIBSRCS) $(HDRS)
	@mkdir -p build-fuzz
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D_GNU_SOURCE $(CPPFLAGS) -Isrc \
	  -o $@ tests/fuzz/fuzz_book.c $(LIBSRCS) $(LDLIBS)

fuzz:
	@command -v $(FUZZ_CC) >/dev/null || scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory build-fuzz/fuzz_book
	tests/fuzz/seed.sh build-fuzz/seed
	@mkdir -p build-fuzz/corpus
	SVCBOOK_DATADIR=$(CURDIR) build-fuzz/fuzz_book -max_total_time=$(FUZZ_TIME) -timeout=20 \
	  -artifact_prefix=build-fuzz/ -rss_limit_mb=4096 -max_len=65536 -dict=tests/fuzz/book.dict -print_final_stats=1 \
	  build-fuzz/corpus build-fuzz/seed

# Timings against cmark-gfm and pandoc on generated books (docs/performance.md);
# `make bench BENCH_SIZES="1 10 100"` adds the 100 MB book (several minutes).
BENCH_SIZES ?= 1 10
bench/gen: bench/gen.c
	$(CC) $(CFLAGS) -o $@ $< -lstemmer -lm

# The matcher alone (docs/performance.md, "The matcher with lemmas").
bench/match: bench/match.c $(LIBOBJS) $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -DHAVE_DICT -o $@ $< $(LIBOBJS) $(LDLIBS)

bench: svcbook bench/gen bench/match
	BENCH_SIZES="$(BENCH_SIZES)" bench/run.sh
	bench/serve.sh

# serve alone: its first build and one-file edits on the 10 MB book
# (docs/performance.md, "serve").
bench-serve: svcbook bench/gen
	bench/serve.sh

# The README's pictures: index, a role page, the glossary, desktop and phone,
# through Debian's headless chromium (docs/screenshots/*.png).
screenshots: test-deps
	@$(MAKE) --no-print-directory svcbook
	./svcbook build standards -o out/screenshots --format html
	node scripts/screenshots.js out/screenshots/html docs/screenshots

# Rewrite the golden files from the current binary (asks first unless REGEN=yes).
regen: svcbook
	REGEN=$(REGEN) tests/golden/run.sh --regen

install: svcbook
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 svcbook $(DESTDIR)$(BINDIR)/svcbook
	find lua templates -type f | LC_ALL=C sort | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done
	install -m 644 man/svcbook.1 $(DESTDIR)$(MANDIR)/man1/svcbook.1
	for l in $(LINGUAS); do install -D -m 644 locale/$$l/LC_MESSAGES/svcbook.mo \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/svcbook.mo || exit 1; done

# Removes exactly the files install put there, then the folders left empty.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/svcbook $(DESTDIR)$(MANDIR)/man1/svcbook.1
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/svcbook.mo; done
	find lua templates -type f | while read -r f; do rm -f "$(DESTDIR)$(DATADIR)/$$f"; done
	find lua templates -depth -type d | while read -r d; do \
		rmdir "$(DESTDIR)$(DATADIR)/$$d" 2>/dev/null || true; done
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

# Unit tests: each tests/unit/NAME.c is a program linked with every module but main.
tests/unit/%: tests/unit/%.c tests/unit/unit.h $(LIBOBJS) $(HDRS)
	$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# svcbook - a plain Makefile: pkg-config for every library, explicit flags.
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/svcbook
MANDIR   ?= $(PREFIX)/share/man

PKGS     := libcmark-gfm libxml-2.0 lua5.4 libutf8proc
CC       ?= cc
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN)
CPPFLAGS += $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -DSVCBOOK_DATADIR='"$(DATADIR)"'
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm

SRCS     := $(sort $(wildcard src/*.c))
LIBSRCS  := $(filter-out src/main.c,$(SRCS))
OBJS     := $(SRCS:.c=.o)
LIBOBJS  := $(LIBSRCS:.c=.o)
HDRS     := $(wildcard src/*.h)

.PHONY: all book check install clean deps

all: svcbook

svcbook: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

# Every object depends on every header: the project is small, and a stale
# object after a struct change costs more than a full rebuild.
src/%.o: src/%.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

clean:
	rm -f svcbook src/*.o
	rm -rf out

# Unit tests: each tests/unit/NAME.c is a program linked with every module but main.
tests/unit/%: tests/unit/%.c $(LIBOBJS) $(HDRS)
	$(CC) $(CPPFLAGS) -Isrc $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

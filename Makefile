# netcap: one list of programs, one static library, generated protobuf-c
# code kept in the build tree.
#
#   make            build everything into $(B)/
#   make demo       install missing packages, build, decode the demo capture
#   make test       install missing packages, build, run every test (also
#                   under ASan+UBSan) and print "N passed, N failed"
#   make bench      time nc-decode against tcpdump and tshark
#   make fuzz       build the libFuzzer harnesses and run each for a while,
#                   then the long mutation run and every hostile stream
#   make install    PREFIX=/usr/local DESTDIR=

VERSION = 0.1.0

PROGS = nc-decode nc-tocsv nc-tojson nc-dump nc-filter
# nc-conn: conversations (lib/flow)
PROGS += nc-conn
# nc-flow: flow features for datasets (lib/flow)
PROGS += nc-flow
# nc-tcp: stream parsers on reassembled TCP (lib/tcpapp)
PROGS += nc-tcp
# nc-label: ground truth for datasets (lib/label)
PROGS += nc-label
# nc-send, nc-recv: sensors to a collector over TLS or through NATS
# JetStream (lib/link)
PROGS += nc-send nc-recv

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/netcap
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions

B ?= build
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PKGS = libpcap libprotobuf-c libxxhash libzstd zlib liblzma libcrypto libssl htp libmagic \
	gmime-3.0 libnats

NC_CFLAGS = -std=c11 -pthread -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-DNC_VERSION='"$(VERSION)"' -Ilib -I$(B)/gen \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# --as-needed: a program records only the libraries it calls, so nc-dump
# does not load gmime, glib, libnats and libmagic at every start (a third
# of its start-up time, two thirds under ASan).
NC_LIBS = -Wl,--as-needed $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) \
	-lcsv -lm -pthread

# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer.  Kept
# out of CFLAGS so that a CFLAGS given on the command line does not drop it.
ifeq ($(SAN),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
endif

GEN_C = $(B)/gen/netcap.pb-c.c
GEN_H = $(B)/gen/netcap.pb-c.h $(B)/gen/netcap-text.h
LIB_SRC = $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/netcap.pb-c.o
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC = $(sort $(wildcard tests/tools/*.c bench/*.c))
TOOL_BIN = $(patsubst %.c,$(B)/tools/%,$(notdir $(TOOL_SRC)))
BINS = $(PROGS:%=$(B)/bin/%)
# Libraries the tests preload into a program (never sanitized: they only
# stand between it and libc).
PRELOAD_SRC = $(sort $(wildcard tests/preload/*.c))
PRELOAD_SO = $(patsubst %.c,$(B)/tools/%.so,$(notdir $(PRELOAD_SRC)))

all: $(BINS) $(UNIT_BIN) $(TOOL_BIN) $(PRELOAD_SO)
units: $(UNIT_BIN)

$(GEN_C) $(B)/gen/netcap.pb-c.h &: proto/netcap.proto
	@mkdir -p $(B)/gen
	protoc-c --proto_path=proto --c_out=$(B)/gen proto/netcap.proto

$(B)/gen/netcap-text.h: proto/netcap.proto scripts/text-fields
	@mkdir -p $(B)/gen
	scripts/text-fields proto/netcap.proto > $@.tmp
	mv $@.tmp $@

$(B)/gen/netcap.pb-c.o: $(GEN_C)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) $(shell $(PKG_CONFIG) --cflags libprotobuf-c) -I$(B)/gen -c -o $@ $<

$(B)/%.o: %.c $(GEN_H) $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NC_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(B)/libnetcap.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/bin/%: $(B)/cmd/%.o $(B)/libnetcap.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $< $(B)/libnetcap.a $(NC_LIBS)

# The unit tests' own headers (the decoder test harness) are dependencies too.
$(B)/tests/unit/%.o: tests/unit/%.c $(GEN_H) $(wildcard lib/*.h lib/*/*.h tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NC_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(B)/tests/%: $(B)/tests/unit/%.o $(B)/libnetcap.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $< $(B)/libnetcap.a $(NC_LIBS)

$(B)/tools/%: $(B)/tests/tools/%.o $(B)/libnetcap.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $< $(B)/libnetcap.a $(NC_LIBS)

$(B)/tools/%: $(B)/bench/%.o $(B)/libnetcap.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $< $(B)/libnetcap.a $(NC_LIBS)

$(B)/tools/%.so: tests/preload/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NC_CFLAGS) $(CFLAGS) -fPIC -shared -o $@ $< -ldl

deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps build test

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo $(B)/bin

# The build trees tests/run uses are built side by side, sharing one
# pool of TEST_JOBS jobs (default: the number of cores).  The fuzzing
# harnesses, and the unit tests built with clang, are built here when
# clang is there; tests/run builds them again (a no-op when this worked)
# and counts a failure as a test's.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: test-deps
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) test-build
	@tests/run $(B) build-san

test-build: test-build-plain test-build-san test-build-fuzz test-build-clang
test-build-plain:
	@$(MAKE) --no-print-directory all
test-build-san:
	@$(MAKE) --no-print-directory B=build-san SAN=1 all
test-build-fuzz:
	-@command -v clang >/dev/null 2>&1 && \
	    $(MAKE) --no-print-directory fuzz-build >/dev/null 2>&1 || true
# The other compiler reads what C leaves unspecified its own way (the
# order of a call's arguments, say): the unit tests run built with it too.
test-build-clang:
	-@command -v clang >/dev/null 2>&1 && \
	    $(MAKE) --no-print-directory B=build-clang CC=clang units \
	    >/dev/null 2>&1 || true

bench: deps
	@scripts/install-deps bench
	@$(MAKE) --no-print-directory all
	@bench/run $(B)

# libFuzzer needs clang; the harnesses link the library built with it.
FUZZ_SRC = $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_B = build-fuzz
FUZZ_SECONDS ?= 60
fuzz-build:
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    fuzz-harnesses

# Run with B=$(FUZZ_B) by fuzz-build: one rule per harness, so that make
# builds them in parallel.
FUZZ_BIN = $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz/%)
fuzz-harnesses: $(FUZZ_BIN)
$(B)/fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(B)/libnetcap.a
	@mkdir -p $(@D)
	clang -O1 -g -fsanitize=fuzzer,address,undefined $(NC_CFLAGS) \
	    -o $@ $< $(B)/libnetcap.a $(NC_LIBS)

# zzuf mutations of captures and streams under ASan+UBSan, many seeds; then
# every hostile stream at full size, peak memory measured (not under ASan).
MUTATE_SEEDS ?= 100
mutate: test-deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory B=build-san SAN=1 all
	@tests/mutate build-san/bin $(MUTATE_SEEDS)
	@PATH="$(CURDIR)/$(B)/bin:$$PATH" NC_BUILD="$(CURDIR)/$(B)" NC_ROOT="$(CURDIR)" \
	    NC_HOSTILE_ALL=1 bats tests/bats/hostile.bats

# The record type list in nc-decode(1) comes from the schema.
man:
	scripts/man-types -w

# nc-decode finds the application payloads that seed the layer harnesses.
fuzz: fuzz-build
	@$(MAKE) --no-print-directory all
	@NC_BIN=$(B)/bin fuzz/run $(FUZZ_B) $(FUZZ_SECONDS)
	@$(MAKE) --no-print-directory mutate

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 proto/netcap.proto $(DESTDIR)$(DATADIR)
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7
	install -m 644 completions/netcap.bash $(DESTDIR)$(BASHCOMPDIR)/netcap
	for p in $(PROGS); do ln -sf netcap $(DESTDIR)$(BASHCOMPDIR)/$$p; done
	install -m 644 completions/_netcap $(DESTDIR)$(ZSHCOMPDIR)/_netcap

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) $(PROGS:%=$(DESTDIR)$(BASHCOMPDIR)/%)
	rm -f $(PROGS:%=$(DESTDIR)$(MANDIR)/man1/%.1) $(DESTDIR)$(MANDIR)/man5/ncap.5 \
	    $(DESTDIR)$(MANDIR)/man7/netcap.7 $(DESTDIR)$(BASHCOMPDIR)/netcap \
	    $(DESTDIR)$(ZSHCOMPDIR)/_netcap $(DESTDIR)$(DATADIR)/netcap.proto

clean:
	rm -rf build build-san build-fuzz build-clang

.PHONY: all deps test-deps demo test test-build test-build-plain test-build-san \
	test-build-fuzz test-build-clang units bench fuzz fuzz-build \
	fuzz-harnesses mutate install uninstall clean man
.SECONDARY:

#!/usr/bin/env bats
# Keeps lib/decode/cursor.h's promise true: decoders do no arithmetic on
# packet pointers.  tests/cursor-lint is run on the tree, then on planted
# samples to show that it finds each kind of violation, names file:line,
# and lets the allowed forms through.

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	LINT=$NC_ROOT/tests/cursor-lint
	D=$BATS_TEST_TMPDIR
	# (no program runs here: the sanitizer pass has nothing to add)
	[ "${NC_TEST_PASS:-1}" = 1 ] || skip "no program runs: checked in the first pass"
}

@test "cursor-lint: the decoders read packets only through the cursor" {
	run "$LINT"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "cursor-lint: every planted violation is named by file and line" {
	# Line numbers matter: each violating line is listed below.
	cat >"$D/bad.c" <<'EOF'
static unsigned
bad(struct nc_cur *c, const uint8_t *p, size_t n)
{
	struct nc_cur s = *c, t;
	const uint8_t *from = c->p, *h = p;
	unsigned v = c->p[0] | c->p[1] << 8;
	c->p += 2;
	s.p -= 4;
	c->p = c->end;
	t.p++;
	v += *c->p;
	n = (size_t)(c->p - from);
	t = nc_cur_make(c->end - 4, 4);
	h += 4;
	v = le16(p + 2);
	v = p[3];
	v = (uint32_t)p[0] << 24;
	v = v << 8 | p[n];
	n = (size_t)(h - p);
	v = nc_cur_ld_be32(p);
	return v;
}
EOF
	run "$LINT" "$D/bad.c"
	echo "$output"
	[ "$status" -eq 1 ]
	for l in 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		echo "$output" | grep -q "^$D/bad.c:$l: "
	done
	[ "${#lines[@]}" -eq 15 ]
}

@test "cursor-lint: reading a window, walking a span and own buffers pass" {
	cat >"$D/good.c" <<'EOF'
/* c->p += 2 in a comment, p + 4 too */
static void
good(struct nc_cur *c, const uint8_t *p, size_t n, struct opts *o)
{
	uint8_t key[16], *k = key, dcid[255];
	const char *s = "c->p = c->end";
	const uint8_t *at = c->p, *q;
	struct nc_cur w = nc_cur_make(c->p, nc_cur_left(c));
	size_t i;

	for (i = 0; i < n; i++)
		k[i % 16] ^= p[i];
	*k++ = p[0];
	o->p[o->n++] = NULL;
	q = nc_cur_bytes(&w, 4);
	if (q != NULL && q[0] == 1 && at == c->p)
		nc_cur_skip(c, (size_t)(k - key));
	(void)s;
	(void)dcid;
}
EOF
	run "$LINT" "$D/good.c"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "cursor-lint: a listed exception is only that line" {
	mkdir -p "$D/x"
	printf '%s\n' 'static void' \
	    'f(const uint8_t *p, size_t i, uint32_t lo)' '{' \
	    '	memcpy(&lo, p + i, sizeof lo);' \
	    '	memcpy(&lo, p + i + 1, sizeof lo);' '}' >"$D/x/entropy.c"
	run "$LINT" "$D/x/entropy.c"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	echo "$output" | grep -q "entropy.c:5: "
}

@test "cursor-lint: an unknown option is a usage error" {
	run "$LINT" -x
	[ "$status" -eq 2 ]
}

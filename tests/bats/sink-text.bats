#!/usr/bin/env bats
# Text from packets is safe to print in every sink: every string and
# [text] field of every record type holds NUL, every C0 control, DEL,
# invalid UTF-8, overlong forms, C1 controls and terminal sequences
# (tests/tools/text-fixture), and tests/tools/text-check reads what
# nc-tocsv, nc-tojson and nc-dump made of them.

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-tocsv)")/.." && pwd)}
	fixture=$NC_BUILD/tools/text-fixture
	[ -x "$fixture" ] || { echo "no $fixture: run make"; return 1; }
	D=$BATS_TEST_TMPDIR
	"$fixture" >"$D/text.ncap"
}

@test "text-fixture fills every record type and lists their text fields" {
	[ "$(nc-dump -t all,header "$D/text.ncap" | wc -l)" -eq "$(nc-decode -L | wc -l)" ]
	"$fixture" -l | grep -qx 'Syslog message text'
	"$fixture" -l | grep -qx 'SIP from text'
	"$fixture" -l | grep -qx 'Header source string'
}

@test "every sink writes hostile text as valid UTF-8 without controls, and it reads back" {
	nc-tocsv -d "$D/csv" "$D/text.ncap"
	nc-tojson -t all,header "$D/text.ncap" >"$D/text.json"
	nc-dump -v -t all,header "$D/text.ncap" >"$D/text.dump"
	run "$NC_ROOT/tests/tools/text-check" "$fixture" "$D/csv" \
	    "$D/text.json" "$D/text.dump"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *" text values checked, 0 problems" ]]
}

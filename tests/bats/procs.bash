# Signals to the tests' own background processes.  A process that has
# ended and been waited for leaves its pid free, and the tests run two
# files at once with thousands of processes a minute against a pid_max of
# 32768: "kill $pid" on a pid whose process is gone can stop a program of
# the other file (a TERM made an nc-send of nc-fleet.bats give up with
# its whole spool left, once).

# Sends signal $1 to $2 if $2 is still a child of this shell; fails
# otherwise, as kill does for a process that is gone.
signal_child() {
	local s
	s=$(cat "/proc/$2/stat" 2>/dev/null) || return 1
	# The fields after the command name, which is in parentheses:
	# state, then the parent's pid.
	s=${s##*) }
	set -- "$1" "$2" $s
	[ "$4" = "$BASHPID" ] || return 1
	kill "-$1" "$2" 2>/dev/null
}

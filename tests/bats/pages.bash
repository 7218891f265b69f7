# Shared by bats files that run a manual page's examples on a real
# capture rather than on the demo capture docs.bats uses.

# Runs the EXAMPLES commands of man/$1 that contain $2, with day1.pcap
# standing for capture $3, and appends what they print to out.txt.
run_page_examples() {
	local page=$1 pat=$2 cap=$3 cmd
	while IFS= read -r -d '' cmd; do
		[[ $cmd == *"$pat"* ]] || continue
		cmd=${cmd//day1.pcap/$cap}
		bash -o pipefail -c "$cmd" >>out.txt
	done < <("$NC_ROOT/tests/tools/doc-examples" "$NC_ROOT/man/$page")
}

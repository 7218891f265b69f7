# bash completion for the netcap programs.
# Record types come from `nc-decode -L`, so they follow the installed schema.

_nc_types()
{
	# Complete the last item of a comma-separated type list.
	local cur=$1 pre=
	[[ $cur == *,* ]] && pre=${cur%,*},
	local t last=${cur##*,}
	# Type names match case-insensitively, as the programs take them.
	for t in $(nc-decode -L 2>/dev/null); do
		[[ ${t,,} == "${last,,}"* ]] && COMPREPLY+=("$pre$t")
	done
	compopt -o nospace 2>/dev/null
}

_netcap()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]##*/} opts
	COMPREPLY=()

	# One option list per program, as its usage line has it.
	case $prog in
	nc-decode) opts="-c -D -h -i -L -l -n -P -p -q -r -s -t -V -w -x -Z" ;;
	nc-tocsv) opts="-B -d -f -H -h -l -T -t -V -x" ;;
	nc-tojson) opts="-B -h -l -T -t -V -x" ;;
	nc-dump) opts="-B -h -l -T -t -V -v -x" ;;
	nc-conn) opts="-h -I -l -m -V -v" ;;
	nc-flow) opts="-a -h -i -l -m -n -V -v" ;;
	nc-tcp) opts="-b -C -c -F -f -H -h -I -j -l -M -m -o -S -s -V -v" ;;
	nc-filter) opts="-B -c -h -l -p -t -V -v -x" ;;
	nc-label) opts="-B -d -e -f -h -k -l -r -t -V -v -w -x" ;;
	nc-send) opts="-b -C -D -e -g -h -i -J -k -n -q -S -s -T -t -V -z" ;;
	nc-recv) opts="-a -C -c -d -g -h -i -J -k -l -M -m -q -R -r -T -t -u -V" ;;
	*) return ;;
	esac

	# nc-label's sources are files, its -d a label, its -w seconds.
	if [[ $prog == nc-label ]]; then
		case $prev in
		-e|-f|-r) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		-k) COMPREPLY=($(compgen -W "signature category severity" -- "$cur")); return ;;
		-d|-w) return ;;
		esac
	fi

	if [[ $prog == nc-send || $prog == nc-recv ]]; then
		case $prev in
		-a|-C|-k|-s|-T) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		-d|-S) COMPREPLY=($(compgen -d -- "$cur")); return ;;
		-D) COMPREPLY=($(compgen -W "oldest newest" -- "$cur")); return ;;
		-b|-c|-e|-g|-i|-J|-l|-M|-m|-n|-R|-r|-t|-u|-z) return ;;
		esac
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi

	case $prev in
	-t|-x) _nc_types "$cur"; return ;;
	-r|-w) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	-d) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-o) [[ $prog == nc-tcp ]] && COMPREPLY=($(compgen -d -- "$cur")) && return ;;
	-i) [[ $prog == nc-flow ]] && return	# seconds
	    COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null) any" -- "$cur")); return ;;
	-Z) COMPREPLY=($(compgen -u -- "$cur")); return ;;
	-T) if [[ $prog == nc-tocsv ]]; then
		COMPREPLY=($(compgen -W "epoch iso csv tsv iso,tsv" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "epoch iso" -- "$cur"))
	fi
	return ;;
	-c) [[ $prog == nc-filter ]] || return ;;
	-H) if [[ $prog == nc-tcp ]]; then
		COMPREPLY=($(compgen -W "md5 sha1 sha256 none" -- "${cur##*,}"))
	else
		COMPREPLY=($(compgen -W "cicflowmeter" -- "$cur"))
	fi
	return ;;
	-s|-f|-m|-a|-n|-C|-j) return ;;
	-I) [[ $prog == nc-conn || $prog == nc-tcp ]] &&
	    COMPREPLY=($(compgen -W "tcp= udp= icmp= other=" -- "${cur##*,}")) &&
	    compopt -o nospace 2>/dev/null; return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ $prog == nc-filter && $COMP_CWORD -le 1 ]]; then
		return	# the expression
	elif [[ $prog != nc-decode ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

complete -F _netcap nc-decode nc-tocsv nc-tojson nc-dump nc-filter nc-conn nc-flow nc-tcp \
	nc-label nc-send nc-recv

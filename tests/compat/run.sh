#!/bin/sh
# tests/compat/run.sh — one machine's column of the compatibility table
# (docs/compat.md): each object loaded whole by libbpf 1.1
# (tests/compat/libbpf_load.c) and by `bpfload verify`, one after the
# other, in the running kernel. Needs root; runs under busybox's sh in
# the VM (tests/vm/compat.d) as well as on the host (tests/compat/compat.sh).
#
#     sh tests/compat/run.sh BPFLOAD LIBBPF_LOAD OBJ...
#
# Prints a markdown table, a row per object,
#
#     | object | libbpf 1.1 | bpfload | bpfload's reason |
#
# libbpf's column is libbpf_load's line ("OK" or "FAIL ENAME: message");
# bpfload's is "OK" when `verify` exits 0, else "FAIL" and, as the
# reason, the first line of its output that is not an accepted or
# skipped program (with the "error:" line that follows a rejection).
# Then two lines the host reads:
#
#     summary: libbpf loads N of M, bpfload loads K; loaded by libbpf but not by bpfload: [a, b]; loaded by bpfload but not by libbpf: [c]
#     libbpf-only: a b
#
# Each load is cut off after BL_COMPAT_TIMEOUT seconds (default 300).
# Exits 0 when it ran (the host judges), 2 on bad usage.
set -u

if [ $# -lt 3 ]; then
	echo "usage: sh tests/compat/run.sh BPFLOAD LIBBPF_LOAD OBJ..." >&2
	exit 2
fi
BPFLOAD=$1
LIBBPF_LOAD=$2
shift 2
LIMIT=${BL_COMPAT_TIMEOUT:-300}
TMP=${TMPDIR:-/tmp}/bl-compat.$$
mkdir -p "$TMP" || exit 1
trap 'rm -rf "$TMP"' EXIT

# cell TEXT: TEXT fit for a markdown table cell (no |, at most 300 bytes).
cell() {
	printf '%s' "$1" | tr '\t' ' ' | sed -e 's/|/\\|/g' -e 's/  */ /g' | cut -c 1-300
}

# bpfload_reason OBJ OUT: the first telling line of verify's output OUT,
# without the object's name and bpfload's own, and how many more
# programs it did not load: "PROG unsupported: program PROG (section
# S): why (and 2 more programs)".
bpfload_reason() {
	awk -v obj="$1: " '
		function squeeze(s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); return s }
		/^ / {
			if (want_error && $1 == "error:") line = line "; " squeeze($0)
			want_error = 0
			next
		}
		{ want_error = 0 }
		$2 == "accepted" || $2 == "skipped" { next }
		$2 == "rejected" || $2 == "unsupported" || ($2 == "not" && $3 == "loaded") { progs++ }
		line != "" { next }
		{
			line = $0
			i = index(line, obj)
			if (i) line = substr(line, 1, i - 1) substr(line, i + length(obj))
			sub(/^bpfload: /, "", line)
			line = squeeze(line)
			if ($2 == "rejected" || $2 == "unsupported") {
				sub(" " $2 " ", " " $2 ": ", line)
				want_error = $2 == "rejected"
			}
		}
		END {
			if (progs > 1) line = line " (and " progs - 1 " more program" (progs > 2 ? "s" : "") ")"
			print line
		}
	' "$2"
}

N=0 NL=0 NB=0 ONLY_LIBBPF="" ONLY_BPFLOAD=""
echo "| object | libbpf 1.1 | bpfload | bpfload's reason |"
echo "|---|---|---|---|"
for obj in "$@"; do
	name=${obj##*/}
	name=${name%.bpf.o}
	N=$((N + 1))
	lrc=0
	timeout "$LIMIT" "$LIBBPF_LOAD" "$obj" >"$TMP/libbpf" 2>&1 || lrc=$?
	lres=$(head -n 1 "$TMP/libbpf")
	if [ "$lrc" -eq 0 ] && [ "$lres" = OK ]; then
		NL=$((NL + 1))
		l_ok=1
	else
		l_ok=0
		[ -n "$lres" ] || lres="FAIL (exit $lrc, no output)"
		case $lres in FAIL*) ;; *) lres="FAIL (exit $lrc): $lres" ;; esac
	fi
	brc=0
	timeout "$LIMIT" "$BPFLOAD" verify "$obj" >"$TMP/bpfload" 2>&1 || brc=$?
	if [ "$brc" -eq 0 ]; then
		NB=$((NB + 1))
		bres=OK reason=""
	else
		bres=FAIL
		reason=$(bpfload_reason "$obj" "$TMP/bpfload")
		[ "$brc" -eq 1 ] || reason="exit $brc${reason:+: $reason}"
	fi
	if [ "$l_ok" -eq 1 ] && [ "$brc" -ne 0 ]; then
		ONLY_LIBBPF="$ONLY_LIBBPF $name"
	elif [ "$l_ok" -eq 0 ] && [ "$brc" -eq 0 ]; then
		ONLY_BPFLOAD="$ONLY_BPFLOAD $name"
	fi
	echo "| $name | $(cell "$lres") | $bres | $(cell "$reason") |"
done

# list WORDS: "a, b, c".
list() {
	printf '%s' "$*" | sed 's/ /, /g'
}
# shellcheck disable=SC2086 # word lists
echo "summary: libbpf loads $NL of $N, bpfload loads $NB; loaded by libbpf but not by bpfload: [$(list $ONLY_LIBBPF)]; loaded by bpfload but not by libbpf: [$(list $ONLY_BPFLOAD)]"
# shellcheck disable=SC2086
echo "libbpf-only:" $ONLY_LIBBPF

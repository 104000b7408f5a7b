#!/bin/sh
# tests/compat/tools_run.sh — libbpf-tools' tp_btf tools run whole by
# `bpfload run`, as a user would run them, on the host: each must attach
# its tp_btf programs (the raw_tp twins of the same object left unused,
# docs/alternatives.md) and show the tool's data. Called by
# tests/compat/compat.sh (make compat) with the bpfload binary and the
# corpus directory:
#
#     sh tests/compat/tools_run.sh build/bpfload build/compat/corpus/libbpf-tools
#
# runqlat    a histogram of run-queue latency with a count > 0 (the
#            machine schedules tasks all the time; this script sleeps);
# hardirqs   an interrupt's count > 0 (struct info { count; slots[] }),
#            while this script writes with O_DIRECT (the disk interrupts);
# softirqs   a count > 0 among the per-vector counts (.bss);
# biolatency a histogram of block I/O latency with a count > 0: this
#            script writes with O_DIRECT and fsync meanwhile (skipped with
#            one line where the file system below the build directory
#            refuses O_DIRECT).
# Output: "ok NAME" / "FAIL NAME: why" (then the output) / "SKIP NAME:
# why"; exit 1 when one failed.
set -u

BPFLOAD=$1
DIR=$2
SECS=3
FAILED=0
IOFILE=""
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bl-tools.XXXXXX")
trap 'rm -rf "$TMP" ${IOFILE:+"$IOFILE"}' EXIT

# run_tool TOOL: its output in $TMP/TOOL.out, while the trigger runs.
run_tool() {
	"$BPFLOAD" run "$DIR/$1.bpf.o" --duration "$SECS" >"$TMP/$1.out" 2>&1 &
	pid=$!
	trigger "$1"
	wait "$pid"
}

trigger() {
	i=0
	while [ $i -lt $((SECS * 4)) ]; do
		case $1 in
		biolatency | hardirqs)
			# block I/O: the disk's interrupts, the requests biolatency times
			if [ -n "$IOFILE" ]; then
				dd if=/dev/zero of="$IOFILE" bs=4096 count=64 oflag=direct conv=fsync 2>/dev/null
			else
				sleep 0.25
			fi
			;;
		*) sleep 0.25 ;;
		esac
		i=$((i + 1))
		sleep 0.05
	done
}

# check TOOL WHAT REGEX: REGEX must match a line of the output.
check() {
	if ! grep -Eq "alternative tracepoint .*: tp_btf/.* attached" "$TMP/$1.out"; then
		echo "FAIL $1: no tp_btf program attached"
		sed 's/^/    /' "$TMP/$1.out" | head -30
		FAILED=1
	elif ! grep -Eq "$3" "$TMP/$1.out"; then
		echo "FAIL $1: no $2 in its output"
		sed 's/^/    /' "$TMP/$1.out" | head -30
		FAILED=1
	else
		echo "ok $1: $2 ($(grep -Ec "$3" "$TMP/$1.out") lines)"
	fi
}

HIST_ROW='^ *[0-9]+ -> [0-9]+ *: [1-9][0-9]* '
IOFILE=./bl-tools-io.$$
dd if=/dev/zero of="$IOFILE" bs=4096 count=1 oflag=direct 2>/dev/null || IOFILE=""
run_tool runqlat
check runqlat "histogram row with a count" "$HIST_ROW"
run_tool hardirqs
check hardirqs "interrupt count" 'count=[1-9]'
run_tool softirqs
check softirqs "softirq count" 'counts=\[[0-9, ]*[1-9]'

if [ -n "$IOFILE" ]; then
	run_tool biolatency
	check biolatency "histogram row with a count" "$HIST_ROW"
	rm -f "$IOFILE"
else
	echo "SKIP biolatency: the file system here refuses O_DIRECT writes"
fi
exit "$FAILED"

#!/usr/bin/env bash
# tests/cli/valgrind.sh — bpfload's commands under valgrind (memcheck), run by
# `make valgrind-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/valgrind.sh
#
# Each run must end without a memcheck error and without a definite or
# indirect leak (valgrind --leak-check=full --error-exitcode): inspect
# (text, --json, --disasm) of every built object and of a sample of the
# hostile variants of tests/cli/malformed.sh (their error paths); as root
# also verify of the example and test objects and run --duration 1 of the
# examples (tracepoints, maps, ring and perf buffers, tp_btf, an iterator). The command's own
# exit status is not judged here (a rejected program makes verify exit
# 1): only valgrind's.
#
# Needs the normal build (not SANITIZE=1: AddressSanitizer and valgrind
# do not mix).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
DERIVE=$BUILD/tests/malformed/derive
cli_name=valgrind
for f in "$BL" "$DERIVE"; do
	if [ ! -x "$f" ]; then
		echo "FAIL setup: $f is missing (run make)"
		exit 1
	fi
done
if ! command -v valgrind >/dev/null 2>&1; then
	echo "FAIL setup: valgrind is not installed (make deps)"
	exit 1
fi
if nm "$BL" 2>/dev/null | grep -q __asan_init; then
	echo "FAIL setup: $BL is built with AddressSanitizer; valgrind needs the normal build"
	exit 1
fi
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

VG_ERR=99
# vg_ok ARGS...: bpfload ARGS under memcheck, without an error or a leak.
vg_ok() {
	local log=$W/vg.log
	timeout -k 5 120 valgrind --quiet --error-exitcode=$VG_ERR --leak-check=full \
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--suppressions="$(dirname "$0")/valgrind.supp" \
		--log-file="$log" "$BL" "$@" >"$W/out" 2>"$W/err"
	RC=$?
	if [ "$RC" -eq "$VG_ERR" ]; then
		why "valgrind: $(grep -m 6 -E '==[0-9]+== [A-Z ]|at 0x|by 0x' "$log" | sed 's/^==[0-9]*== //')"
		return 1
	fi
	[ "$RC" -ne 124 ] || why "timed out"
}

OBJECTS=("$BUILD"/bpf-progs/*.bpf.o "$BUILD"/bpf-progs/compat/*.bpf.o "$BUILD"/asm-tests/*.o)

# inspect of everything: the reader's paths, text and JSON output.
for obj in "${OBJECTS[@]}"; do
	name=${obj#"$BUILD"/}
	t "inspect $name" vg_ok inspect "$obj"
done
t "inspect --json --disasm" vg_ok inspect "$BUILD/bpf-progs/test_subprog.bpf.o" --json --disasm

# The refusals: a sample of the variants of two objects.
mkdir -p "$W/v"
for obj in "$BUILD/bpf-progs/test_core.bpf.o" "$BUILD/asm-tests/map_lookup.o"; do
	"$DERIVE" "$obj" "$W/v" >"$W/list" || { t "derive $obj" why "derive failed"; continue; }
	# about 16, spread over the families (derive writes them in order)
	awk -v n="$(wc -l <"$W/list")" 'NR % int(n / 16 + 1) == 1' "$W/list" >"$W/sample"
	while read -r v; do
		t "inspect ${v##*/}" vg_ok inspect "$v"
	done <"$W/sample"
	rm -f "$W"/v/*
done

# Loading and running: needs root.
VERIFY=(test_maps test_reject test_subprog test_globals test_core test_btf_maps test_buffers
	test_tp_btf test_fentry test_lsm test_freplace)
for p in "${VERIFY[@]}"; do
	rt "verify $p" vg_ok verify "$BUILD/bpf-progs/$p.bpf.o"
done
rt "verify asm map_lookup" vg_ok verify "$BUILD/asm-tests/map_lookup.o"
RUN=(syscall_count fchmodat_trace exec_ringbuf open_perfbuf test_tp_btf test_iter)
for p in "${RUN[@]}"; do
	rt "run $p" vg_ok run "$BUILD/bpf-progs/$p.bpf.o" --duration 1
done
# typed records and maps, histograms, --interval and --clear
rt "run latency_hist --interval --clear" vg_ok run "$BUILD/bpf-progs/latency_hist.bpf.o" \
	--duration 1.3 --interval 0.5 --clear
rt "run test_hist" vg_ok run "$BUILD/bpf-progs/test_hist.bpf.o" --duration 0.5
# --pid (the object's variable set) and --cmd (fork, filter, wait, stop)
rt "run test_pid_filter --pid" vg_ok run "$BUILD/bpf-progs/test_pid_filter.bpf.o" --pid $$ --duration 0.5
rt "run exec_ringbuf --cmd" vg_ok run "$BUILD/bpf-progs/exec_ringbuf.bpf.o" --cmd "sh -c 'sleep 0.2; exec true'"
rt "run fchmodat_trace --cmd --duration" vg_ok run "$BUILD/bpf-progs/fchmodat_trace.bpf.o" --cmd "sleep 30" --duration 0.5
t "run --cmd, bad quoting" vg_ok run "$BUILD/bpf-progs/fchmodat_trace.bpf.o" --cmd "echo 'a"

cli_summary

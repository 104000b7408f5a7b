#!/bin/sh
# tests/install/demo.sh — what `make demo` runs: bpfload on the bundled fchmodat
# example for five seconds, while this script changes a file's mode once
# a second, so that there is something to see. It then checks what a
# person would: four lines, one per chmod, each with chmod in the COMM
# column (loader/output/trace_comm.c), and exits 1 otherwise.
set -eu
BUILD=${1:-build}
RUN=
if [ "$(id -u)" -ne 0 ]; then
	RUN=sudo # loading BPF programs needs root (or CAP_BPF + CAP_PERFMON)
fi
FILE=$(mktemp /tmp/bpfload-demo.XXXXXX)
OUT=$(mktemp /tmp/bpfload-demo-out.XXXXXX)
trap 'rm -f "$FILE" "$OUT"' EXIT INT TERM

echo "\$ bpfload run $BUILD/bpf-progs/fchmodat_trace.bpf.o --duration 5"
echo "  (meanwhile: chmod 0640, 0600, 0644, 0400 $FILE)"
(
	sleep 1
	for mode in 0640 0600 0644 0400; do
		chmod "$mode" "$FILE"
		sleep 1
	done
) &
$RUN "$BUILD/bpfload" run "$BUILD/bpf-progs/fchmodat_trace.bpf.o" --duration 5 | tee "$OUT"
wait
# "  TIME(s) COMM  PID  MESSAGE": the lines of this script's file
mine=$(grep -c -F "path=$FILE mode=" "$OUT" || true)
named=$(grep -F "path=$FILE mode=" "$OUT" | grep -c -E '^ *[0-9]+\.[0-9]+ chmod +[0-9]+  fchmodat ' || true)
if [ "$mine" -ne 4 ] || [ "$named" -ne 4 ]; then
	echo "demo: FAIL: expected 4 lines for $FILE with COMM chmod; got $mine lines, $named with chmod" >&2
	exit 1
fi
echo "demo: ok (4 chmod calls seen, each named chmod)"

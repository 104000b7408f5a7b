#!/bin/sh
# tests/install/demo.sh — what `make demo` runs: bpfload on the bundled fchmodat
# example for five seconds, while this script changes a file's mode once
# a second, so that there is something to see.
set -eu
BUILD=${1:-build}
RUN=
if [ "$(id -u)" -ne 0 ]; then
	RUN=sudo # loading BPF programs needs root (or CAP_BPF + CAP_PERFMON)
fi
FILE=$(mktemp /tmp/bpfload-demo.XXXXXX)
trap 'rm -f "$FILE"' EXIT INT TERM

echo "\$ bpfload run $BUILD/bpf-progs/fchmodat_trace.bpf.o --duration 5"
echo "  (meanwhile: chmod 0640, 0600, 0644, 0400 $FILE)"
(
	sleep 1
	for mode in 0640 0600 0644 0400; do
		chmod "$mode" "$FILE"
		sleep 1
	done
) &
$RUN "$BUILD/bpfload" run "$BUILD/bpf-progs/fchmodat_trace.bpf.o" --duration 5
wait

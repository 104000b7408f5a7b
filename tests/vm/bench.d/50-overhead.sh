#!/bin/sh
# tests/vm/bench.d/50-overhead.sh — the probe overhead benchmark
# (tests/bench/overhead.c) in the VM, where the kernel has kprobes: every
# configuration, the kprobe row required. Booted by
# tests/bench/overhead_vm.sh (BL_VM_SUITE=bench), not by make vm-check.
# Under TCG the absolute rates mean nothing; the ratios to the VM's own
# base do. Half a second per configuration and round: the VM runs
# nothing else, so its CPU time is steady.
set -eu

BENCH=$BL_BUILD_DIR/tests/bench/overhead
rc=0
"$BENCH" "$BL_BUILD_DIR/bpf-progs/bench_overhead.bpf.o" --rounds 5 --seconds 0.3 \
	--require kprobe || rc=$?
if [ "$rc" -eq 0 ]; then
	echo "ok overhead"
else
	echo "FAIL overhead: the benchmark exited with $rc"
fi

#!/bin/sh
# tests/vm/bench.d/60-multi-attach.sh — the kprobe.multi attach benchmark
# (tests/bench/multi_attach.c) in the VM: one program on about 100 and
# 1000 kernel functions, one kprobe_multi link against one kprobe each,
# bpfload against libbpf 1.1. Booted by tests/bench/multi_vm.sh
# (BL_VM_SUITE=bench on 6.12, make bench-multi). Kernels without the
# kprobe_multi link (6.1: no CONFIG_FPROBE) pass with a skip line.
# Under -icount the guest's clock counts instructions: the ratios count.
set -eu

BENCH=$BL_BUILD_DIR/tests/bench/multi_attach
OBJ=$BL_BUILD_DIR/bpf-progs/bench_multi.bpf.o
if [ ! -x "$BENCH" ]; then
	echo "FAIL multi-attach: no $BENCH in the initramfs"
	exit 0
fi
rc=0
"$BENCH" "$OBJ" --n 100,1000 --rounds 5 --rounds-single 2 >/tmp/multi.out 2>&1 || rc=$?
cat /tmp/multi.out
if grep -q '^SKIP bench multi' /tmp/multi.out; then
	echo "ok multi-attach (skipped: $(sed -n 's/^SKIP bench multi: //p' /tmp/multi.out))"
elif [ "$rc" -eq 0 ]; then
	echo "ok multi-attach"
else
	echo "FAIL multi-attach: the benchmark exited with $rc"
fi

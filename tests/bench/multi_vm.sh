#!/bin/sh
# tests/bench/multi_vm.sh — the kprobe.multi attach benchmark
# (tests/bench/multi_attach.c, docs/performance.md#attaching-many-functions)
# in the x86_64 VM with Debian trixie's 6.12 kernel, the first of
# docs/vm-tests.md's kernels with the kprobe_multi link (CONFIG_FPROBE;
# 6.1 has none), statically linked with bpfload and libbpf 1.1, through
# tests/vm/vm-check.sh with BL_VM_SUITE=bench (tests/vm/bench.d, whose
# overhead benchmark runs in the same boot). Prints the benchmark's table
# from the VM's console log; exits as vm-check does (the benchmark's
# "FAIL multi-attach" line when a target is missed).
#
#   BL_BUILD_DIR=build BL_MAKE=make sh tests/bench/multi_vm.sh
#
# BL_VM_KERNELS picks another kernel (default 6.12). Under TCG with
# -icount the guest's clock counts instructions: the ratios are what count.
set -eu
BUILD=${BL_BUILD_DIR:-build}
KERNELS=${BL_VM_KERNELS:-6.12}
rc=0
BL_VM_ARCHES=x86_64 BL_VM_KERNELS=$KERNELS BL_VM_SUITE=bench BL_VM_TIMEOUT=${BL_VM_TIMEOUT:-2400} \
	BL_BUILD_DIR=$BUILD sh tests/vm/vm-check.sh || rc=$?
for k in $KERNELS; do
	log=$BUILD/vm/x86_64-$k-bench.log
	[ -e "$log" ] || continue
	echo "--- the VM's run ($log):"
	grep -a '^init: Linux' "$log" || true
	sed -n '/^bench multi:/,/^=== 60-multi-attach: /p' "$log" | grep -av '^=== '
	grep -a '^SKIP bench multi' "$log" || true
done
exit "$rc"

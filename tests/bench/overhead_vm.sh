#!/bin/sh
# tests/bench/overhead_vm.sh — the kprobe row of the probe overhead
# benchmark: the development host's kernel has no kprobes, so
# tests/bench/overhead.c also runs in the x86_64 VM of docs/vm-tests.md
# (Debian's 6.1 kernel under qemu's TCG), statically linked with bpfload
# and libbpf, through tests/vm/vm-check.sh with BL_VM_SUITE=bench
# (tests/vm/bench.d). Prints the benchmark's table from the VM's console
# log ($BL_BUILD_DIR/vm/x86_64-6.1-bench.log); exits as vm-check does.
#
#   BL_BUILD_DIR=build BL_MAKE=make sh tests/bench/overhead_vm.sh
#
# Under TCG the absolute rates mean nothing: the ratios to the VM's own
# base are what count.
set -eu
BUILD=${BL_BUILD_DIR:-build}
rc=0
BL_VM_ARCHES=x86_64 BL_VM_KERNELS=6.1 BL_VM_SUITE=bench BL_BUILD_DIR=$BUILD sh tests/vm/vm-check.sh || rc=$?
log=$BUILD/vm/x86_64-6.1-bench.log
if [ -e "$log" ]; then
	echo "--- the VM's run ($log):"
	grep -a '^init: Linux' "$log" || true
	sed -n '/^bench overhead:/,/^=== 50-overhead: /p' "$log" | grep -av '^=== '
fi
exit "$rc"

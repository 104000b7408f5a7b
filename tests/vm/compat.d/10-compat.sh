#!/bin/sh
# tests/vm/compat.d/10-compat.sh — the VM's column of the compatibility
# table (docs/compat.md): every set of objects under /bl/compat/corpus
# loaded whole by libbpf 1.1 and by `bpfload verify`, in this boot
# (tests/compat/run.sh). Booted by tests/compat/compat.sh through
# tests/vm/vm-check.sh (BL_VM_SUITE=compat), not by make vm-check.
#
# Each set's table is printed between two marker lines that the host cuts
# out of the console log:
#
#     BPFLOAD-COMPAT-BEGIN SET
#     | object | libbpf 1.1 | bpfload | bpfload's reason |
#     ...
#     BPFLOAD-COMPAT-END SET
#
# "ok compat-SET" says the set ran, whatever the results: the host
# judges them (COMPAT_STRICT).
set -eu

C=/bl/compat
ran=0
for dir in "$C"/corpus/*/; do
	[ -d "$dir" ] || continue
	dir=${dir%/}
	set=${dir##*/}
	rc=0
	start=$(cut -d. -f1 /proc/uptime)
	sh "$C/run.sh" "$BL_BUILD_DIR/bpfload" "$C/libbpf_load" "$dir"/*.bpf.o \
		>/tmp/compat-"$set" 2>&1 || rc=$?
	echo "BPFLOAD-COMPAT-BEGIN $set"
	cat /tmp/compat-"$set"
	echo "BPFLOAD-COMPAT-END $set"
	summary=$(sed -n 's/^summary: //p' /tmp/compat-"$set")
	if [ "$rc" -eq 0 ] && [ -n "$summary" ]; then
		echo "ok compat-$set: $summary ($(($(cut -d. -f1 /proc/uptime) - start)) s)"
	else
		echo "FAIL compat-$set: tests/compat/run.sh exited with $rc"
	fi
	ran=1
done
[ "$ran" -eq 1 ] || echo "FAIL compat: no corpus under $C/corpus"

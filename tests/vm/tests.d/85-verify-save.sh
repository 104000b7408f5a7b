#!/bin/sh
# tests/vm/tests.d/85-verify-save.sh — `bpfload verify --save` of every BPF
# object in the VM's kernel, printed between two marker lines so that the
# results can be taken out of the console log (build/vm/ARCH.log) and
# compared with another kernel's (docs/verifier.md, "Two kernels
# compared"):
#
#     sed -n '/^BPFLOAD-VERIFY-SAVE-BEGIN/,/^BPFLOAD-VERIFY-SAVE-END/p' \
#         build/vm/x86_64-6.1.log | sed '1d;$d' >vm.csv
#     bpfload verify --compare vm.csv build/bpf-progs/*.bpf.o ...
#
# Then the file is read back: --compare of the file with itself (by the
# workstation's bpfload, bpfload-full) finds every program, with the
# same verdicts (exit 0).
set -eu

BL=$BL_BUILD_DIR/bpfload
SAVE=/tmp/verify-save.csv
OUT=/tmp/verify-save.out

# All but test_too_complex: its 1 million instructions take minutes
# under TCG.
set --
for obj in "$BL_BUILD_DIR"/bpf-progs/*.bpf.o; do
	[ "${obj##*/}" = test_too_complex.bpf.o ] || set -- "$@" "$obj"
done
RC=0
timeout 200 "$BL" verify --save $SAVE "$@" >$OUT 2>&1 || RC=$?
# 0 or 1 (a program rejected: test_reject): a table
if [ "$RC" -le 1 ] && [ -s $SAVE ] && grep -q '^kernel,object,program,' $SAVE; then
	echo "ok verify-save ($(($(wc -l <$SAVE) - 1)) programs, exit $RC)"
	echo "BPFLOAD-VERIFY-SAVE-BEGIN $(uname -r)"
	cat $SAVE
	echo "BPFLOAD-VERIFY-SAVE-END"
else
	echo "FAIL verify-save: exit $RC"
	tail -n 20 $OUT | sed 's/^/    /'
	exit 0
fi

# --compare is a workstation command, not in the static build: the
# normal build's, linked for the VM (GNUmakefile, VM_FULL_BIN).
RC=0
"$BL_BUILD_DIR/bpfload-full" verify --compare $SAVE $SAVE >$OUT 2>&1 || RC=$?
if [ "$RC" -eq 0 ]; then
	echo "ok verify-compare-same"
else
	echo "FAIL verify-compare-same: exit $RC"
	tail -n 20 $OUT | sed 's/^/    /'
fi

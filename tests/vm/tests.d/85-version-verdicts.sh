#!/bin/sh
# tests/vm/tests.d/85-version-verdicts.sh — the version-aware verdict
# (loader/cli/needs_kernel.c, docs/kernel-versions.md): a kernel older
# than what a program needs refuses it in its own words ("BPF_STX uses
# reserved fields" on 5.10 for an atomic fetch-and-add), and `verify`
# says first what it lacks:
#
#   soak_ringbuf, test_buffers, test_hist: before 5.12,
#     "needs Linux 5.12 (atomic fetch-and-add at FILE.c:LINE); this kernel is X.Y"
#   test_subprog: before 5.17, "needs Linux 5.17 (... at FILE.c:LINE"
#     (bpf_loop and its callback; 5.10 says "number of funcs in func_info
#     doesn't match number of subprogs")
#
# On a kernel that has them, the programs are accepted and no needs line
# is printed. `run` prints the same line after its error. The outputs go
# into the VM log, indented.
set -eu

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
OUT=/tmp/vv.out
ERR=/tmp/vv.err

show() {
	sed 's/^/    /' $OUT $ERR | head -n 30
}

REL=$(uname -r)
MAJ=${REL%%.*}
MIN=${REL#*.}
MIN=${MIN%%[!0-9]*}
KV="$MAJ.$MIN"

# below MAJOR MINOR: the running kernel is older than MAJOR.MINOR.
below() {
	[ "$MAJ" -lt "$1" ] || { [ "$MAJ" -eq "$1" ] && [ "$MIN" -lt "$2" ]; }
}

# verdict NAME VERSION NEEDS_RE: verify the object NAME; before VERSION
# (major minor) its output must match NEEDS_RE, else be accepted with no
# needs line.
verdict() {
	name=$1 vmaj=$2 vmin=$3 re=$4
	rc=0
	timeout 60 "$BL" verify "$PROGS/$name.bpf.o" >$OUT 2>$ERR || rc=$?
	if below "$vmaj" "$vmin"; then
		if [ "$rc" -ne 0 ] && grep -Eq "^    $re" $OUT; then
			echo "ok needs-$name"
		else
			echo "FAIL needs-$name: exit $rc, no line /$re/ on $KV"
		fi
	elif [ "$rc" -eq 0 ] && ! grep -q 'needs Linux' $OUT $ERR; then
		echo "ok accepted-$name"
	else
		echo "FAIL accepted-$name: exit $rc, or a needs line on $KV"
	fi
	show
}

FETCH="needs Linux 5\\.12 \\(atomic fetch-and-add at"
verdict soak_ringbuf 5 12 "$FETCH soak_ringbuf\\.bpf\\.c:[0-9]+(, and [0-9]+ more)?\\); this kernel is $MAJ\\.$MIN\$"
verdict test_buffers 5 12 "$FETCH test_buffers\\.bpf\\.c:[0-9]+(, and [0-9]+ more)?\\); this kernel is $MAJ\\.$MIN\$"
verdict test_hist 5 12 "$FETCH test_hist\\.bpf\\.c:[0-9]+(, and [0-9]+ more)?\\); this kernel is $MAJ\\.$MIN\$"
# bpf_loop's callback: the interpreter refuses callbacks ("callbacks are
# not allowed in non-JITed programs", kernel/bpf/verifier.c)
if [ "$(cat /proc/sys/net/core/bpf_jit_enable 2>/dev/null || echo 1)" = 0 ]; then
	echo "SKIP test_subprog: the BPF JIT is off (net.core.bpf_jit_enable=0): the interpreter refuses bpf_loop's callback"
else
	verdict test_subprog 5 17 "needs Linux 5\\.17 \\([^)]* at test_subprog\\.bpf\\.c:[0-9]+.*\\); this kernel is $MAJ\\.$MIN\$"
fi

# run: the same line after the error, before the verifier's report.
if below 5 12; then
	rc=0
	timeout 60 "$BL" run "$PROGS/test_hist.bpf.o" --duration 1 >$OUT 2>$ERR || rc=$?
	if [ "$rc" -ne 0 ] &&
		grep -Eq "^bpfload: program on_getppid $FETCH test_hist\\.bpf\\.c:[0-9]+" $ERR; then
		echo "ok run-needs-test_hist"
	else
		echo "FAIL run-needs-test_hist: exit $rc, no needs line on stderr"
	fi
	show
fi

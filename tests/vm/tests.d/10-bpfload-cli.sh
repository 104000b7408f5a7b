#!/bin/sh
# tests/vm/tests.d/10-bpfload-cli.sh — the static bpfload in the VM's
# kernel: --version, and `run --duration 2` of the examples, which must
# attach, stop by themselves and detach. The `verify` of every BPF object
# built for this architecture ($BL_BUILD_DIR/bpf-progs), with its
# expected exit status (the verify-NAME lines), is in 90-min-kernel.sh,
# which verifies each object once for both of its checks.
set -eu

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
OUT=/tmp/cli.out
ERR=/tmp/cli.err

# bl ARGS...: bpfload, cut off after 30 s; status in RC.
bl() {
	RC=0
	timeout 30 "$BL" "$@" >$OUT 2>$ERR || RC=$?
}

# show: the output of the last bpfload, indented, for the log.
show() {
	sed 's/^/    /' $OUT $ERR | head -n 40
}

bl --version
if [ "$RC" -eq 0 ] && grep -q '^bpfload [0-9]' $OUT; then
	echo "ok version: $(cat $OUT)"
else
	echo "FAIL version: exit $RC"
	show
fi

# run: attach, run for 2 s, print the maps, detach.
for name in syscall_count fchmodat_trace kfree_skb_count; do
	obj=$PROGS/$name.bpf.o
	bl run "$obj" --duration 2
	if [ "$RC" -ne 0 ]; then
		echo "FAIL run-$name: exit $RC"
		show
	elif ! grep -q '^attached ' $OUT; then
		echo "FAIL run-$name: no 'attached' line"
		show
	elif ! grep -q '^detached; done' $OUT; then
		echo "FAIL run-$name: no 'detached; done' line"
		show
	else
		echo "ok run-$name"
	fi
	# syscall_count counts every system call: its map cannot stay
	# empty (checked on the same run, not on a run of its own)
	[ "$name" = syscall_count ] || continue
	if [ "$RC" -eq 0 ] && grep -Eq '^  KEY +VALUE$' $OUT && grep -Eq '^  [0-9]+ +[1-9][0-9]*$' $OUT; then
		echo "ok run-syscall_count-counts"
	else
		echo "FAIL run-syscall_count-counts: exit $RC, no map entry"
		show
	fi
done

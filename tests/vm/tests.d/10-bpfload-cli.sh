#!/bin/sh
# tests/vm/tests.d/10-bpfload-cli.sh — the static bpfload in the VM's
# kernel: --version, `verify` of every BPF object built for this
# architecture ($BL_BUILD_DIR/bpf-progs), and `run --duration 2` of the
# examples, which must attach, stop by themselves and detach.
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

# verify: the expected exit status of the objects this script knows;
# any other object must give 0 or 1 (never a crash, never usage).
for obj in "$PROGS"/*.bpf.o; do
	name=${obj##*/}
	name=${name%.bpf.o}
	# 1 million instructions walked, and again with a log: minutes
	# under TCG (tests/cli/verify_compare.sh runs it on the host)
	if [ "$name" = test_too_complex ]; then
		echo "skip verify-$name: too slow under TCG"
		continue
	fi
	case $name in
	test_reject) want=1 ;;
	syscall_count | fchmodat_trace | kfree_skb_count | test_maps | test_two_in_one | latency_hist) want=0 ;;
	*) want="0 or 1" ;;
	esac
	bl verify "$obj"
	case " $want " in
	*" $RC "*) echo "ok verify-$name (exit $RC)" ;;
	*)
		echo "FAIL verify-$name: exit $RC, expected $want"
		show
		;;
	esac
done

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
done

# syscall_count counts every system call: its map cannot stay empty.
bl run "$PROGS/syscall_count.bpf.o" --duration 1
if [ "$RC" -eq 0 ] && grep -Eq '^  KEY +VALUE$' $OUT && grep -Eq '^  [0-9]+ +[1-9][0-9]*$' $OUT; then
	echo "ok run-syscall_count-counts"
else
	echo "FAIL run-syscall_count-counts: exit $RC, no map entry"
	show
fi

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
# fchmodat_trace's struct is syscalls/sys_enter_fchmodat's record of a
# 64-bit kernel (filename at offset 24): where the format file puts it
# elsewhere (a 32-bit kernel's 4-byte longs), the kernel refuses the
# attach, and bpfload says why.
FMT=/sys/kernel/tracing/events/syscalls/sys_enter_fchmodat/format
fn_off=$(sed -n 's/.*field:[^;]* filename;[[:space:]]*offset:\([0-9]*\);.*/\1/p' $FMT 2>/dev/null)
for name in syscall_count fchmodat_trace kfree_skb_count; do
	obj=$PROGS/$name.bpf.o
	bl run "$obj" --duration 2
	if [ "$name" = fchmodat_trace ] && [ -n "$fn_off" ] && [ "$fn_off" != 24 ]; then
		if [ "$RC" -eq 1 ] && grep -q 'EACCES: the program reads past the end of the event' $ERR; then
			echo "ok run-$name-refused (its struct has filename at offset 24, this kernel's record at $fn_off)"
			echo "SKIP run-$name: its struct is the 64-bit record (filename at offset 24); this kernel's $FMT has it at offset $fn_off"
		else
			echo "FAIL run-$name-refused: exit $RC, no EACCES line naming the record"
			show
		fi
		continue
	fi
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

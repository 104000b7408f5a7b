#!/bin/sh
# tests/vm/tests.d/75-no-btf.sh — the CO-RE examples on a kernel without
# /sys/kernel/btf/vmlinux (docs/btf-min.md, "Kernels without BTF"):
# unlink_core.bpf.o (kprobe and kretprobe on do_unlinkat) and
# exec_core_raw.bpf.o (raw_tracepoint/sched_process_exec).
#
# Where the minimized BTF comes from: it must be this kernel's (Debian's
# 5.10/6.1/6.12 in the VMs, not the build host's), and this kernel's BTF
# exists only here, at /sys/kernel/btf/vmlinux. So it is made here, with
# `bpfload btf min` (what a user does on a workstation with the target
# kernel's BTF; the static build has no btf min, so the normal build's,
# bpfload-full, GNUmakefile VM_FULL_BIN), BEFORE the kernel's BTF is hidden; then
# an empty tmpfs is mounted over /sys/kernel/btf, which is what a kernel
# built without CONFIG_DEBUG_INFO_BTF shows, and each example is run with
# --btf, with BPFLOAD_BTF, and with OBJ.btf beside a copy of the object.
# Each run must print what the run with the kernel's full BTF printed
# (but pids, ids and times), and without any file the load must fail
# with the message that says what to do. The tmpfs is unmounted on exit:
# the later tests need the kernel's BTF.
set -eu

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
D=/tmp/nobtf
OUT=$D/out
ERR=$D/err
HIDDEN=no

rm -rf $D
mkdir -p $D

unhide() {
	if [ $HIDDEN = yes ]; then
		umount /sys/kernel/btf && HIDDEN=no
	fi
}
trap unhide EXIT

if ! [ -r /sys/kernel/btf/vmlinux ]; then
	echo "skip no-btf: this kernel has no /sys/kernel/btf/vmlinux to make the minimized BTF from"
	exit 0
fi

show() {
	sed 's/^/    /' $OUT $ERR | head -n 30
}

# run_ex NAME OBJ ARGS...: bpfload run OBJ ARGS with the example's
# trigger as --cmd; output (numbers replaced by N, the "kernel BTF" line
# dropped) in $D/NAME.out; RC set.
run_ex() {
	name=$1 obj=$2
	shift 2
	RC=0
	case $obj in
	*unlink_core*)
		touch $D/victim
		timeout 60 "$BL" run "$obj" --cmd "rm $D/victim" "$@" >$OUT 2>$ERR || RC=$?
		;;
	*)
		timeout 60 "$BL" run "$obj" --cmd /bin/true "$@" >$OUT 2>$ERR || RC=$?
		;;
	esac
	sed -e '/^kernel BTF: /d' -e 's/[0-9][0-9]*/N/g' $OUT >$D/$name.out
}

# same NAME FULL FROM: the run NAME succeeded, named its BTF's source
# FROM, and printed what FULL printed.
same() {
	if [ "$RC" -ne 0 ]; then
		echo "FAIL $1: exit $RC"
		show
	elif ! grep -q "^kernel BTF: .* (from $3)\$" $OUT; then
		echo "FAIL $1: no 'kernel BTF: ... (from $3)' line"
		show
	elif ! cmp -s $D/$2.out $D/$1.out; then
		echo "FAIL $1: output differs from the full BTF's"
		diff $D/$2.out $D/$1.out | sed 's/^/    /' | head -n 20
	else
		echo "ok $1"
	fi
}

for ex in unlink_core exec_core_raw; do
	obj=$PROGS/$ex.bpf.o
	case $ex in
	unlink_core) want='unlink(core) pid=[0-9]* path=/tmp/nobtf/victim$' ;;
	*) want='exec(core) pid=[0-9]* file=/bin/true$' ;;
	esac
	# with the kernel's own BTF: the reference
	run_ex no-btf-$ex-full "$obj"
	if [ "$RC" -ne 0 ] || ! grep -q "$want" $OUT; then
		echo "FAIL no-btf-$ex-full: exit $RC, or no line matching '$want'"
		show
		continue
	fi
	if [ $ex = unlink_core ] && ! grep -q 'unlink(core) pid=[0-9]* ret=0$' $OUT; then
		echo "FAIL no-btf-$ex-full: no 'ret=0' line"
		show
		continue
	fi
	echo "ok no-btf-$ex-full"
	# the minimized BTF, made from this kernel's
	if ! "$BL_BUILD_DIR/bpfload-full" btf min "$obj" -o $D/$ex.btf >$OUT 2>$ERR; then
		echo "FAIL no-btf-$ex-min: bpfload btf min failed"
		show
		continue
	fi
	echo "ok no-btf-$ex-min ($(sed 's/ (FULL.*//' $OUT))"
	cp "$obj" $D/$ex.bpf.o
	cp $D/$ex.btf $D/$ex.bpf.o.btf

	mount -t tmpfs none /sys/kernel/btf
	HIDDEN=yes
	if [ -e /sys/kernel/btf/vmlinux ]; then
		echo "FAIL no-btf-hide: /sys/kernel/btf/vmlinux still there under the tmpfs"
		unhide
		continue
	fi
	# nothing given: the message that says what to do
	RC=0
	timeout 60 "$BL" run "$obj" --cmd /bin/true >$OUT 2>$ERR || RC=$?
	if [ "$RC" -ne 0 ] && grep -q 'vmlinux is missing' $ERR && grep -q 'bpfload btf min' $ERR &&
		grep -q -- '--btf FILE or BPFLOAD_BTF=FILE' $ERR; then
		echo "ok no-btf-$ex-message"
	else
		echo "FAIL no-btf-$ex-message: exit $RC, or the message lacks what to do"
		show
	fi
	run_ex no-btf-$ex-option "$obj" --btf $D/$ex.btf
	same no-btf-$ex-option no-btf-$ex-full "--btf"
	export BPFLOAD_BTF=$D/$ex.btf
	run_ex no-btf-$ex-env "$obj"
	unset BPFLOAD_BTF
	same no-btf-$ex-env no-btf-$ex-full "BPFLOAD_BTF"
	run_ex no-btf-$ex-next $D/$ex.bpf.o
	same no-btf-$ex-next no-btf-$ex-full "next to the object"
	unhide
done

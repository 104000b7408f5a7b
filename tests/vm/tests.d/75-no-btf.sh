#!/bin/sh
# tests/vm/tests.d/75-no-btf.sh — the CO-RE examples on a kernel without
# /sys/kernel/btf/vmlinux (docs/btf-min.md, "Kernels without BTF"):
# unlink_core.bpf.o (kprobe and kretprobe on do_unlinkat) and
# exec_core_raw.bpf.o (raw_tracepoint/sched_process_exec).
#
# Where the minimized BTF comes from: it must be this kernel's (Debian's
# 5.10/6.1/6.12 in the VMs, not the build host's), and this kernel's BTF
# is in its image, not in a file of its package. The build machine takes
# it out of the image and makes the minimized BTF with its own bpfload
# (vm-check.sh, host_btf), as a user does; here the kernel's BTF must be
# the same bytes, and `bpfload btf min` run here (the normal build's,
# bpfload-full, GNUmakefile VM_FULL_BIN: the static build has no btf min)
# must make the same file, BEFORE the kernel's BTF is hidden; then
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

# What the build machine made (tests/vm/vm-check.sh, host_btf): this
# kernel's BTF taken from its package's image (tests/vm/kernel_btf.py),
# known here by its SHA-256, and from it, with the build machine's
# bpfload, each example's minimized BTF. Those are what the runs below
# load, as a user's board would; the ones made here must be the same
# bytes.
HOST=/bl/nobtf
if [ -r $HOST/kernel.sha256 ]; then
	got=$(sha256sum /sys/kernel/btf/vmlinux | cut -d' ' -f1)
	if [ "$got" = "$(cat $HOST/kernel.sha256)" ]; then
		echo "ok no-btf-host-kernel-btf (the build machine took this kernel's BTF from its image)"
	else
		echo "FAIL no-btf-host-kernel-btf: /sys/kernel/btf/vmlinux is not what the build machine took from the image"
	fi
else
	echo "skip no-btf-host-kernel-btf: $(cat $HOST/why 2>/dev/null || echo "no $HOST from vm-check.sh")"
fi

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
	# Times right-align in a fixed column: 99.9 and 100.2 differ in width
	# as well as digits, so runs of blanks become one (the kernel's clock
	# passed 100 s between two runs in arm64 5.10 once).
	sed -e '/^kernel BTF: /d' -e 's/[0-9][0-9]*/N/g' -e 's/  */ /g' $OUT >$D/$name.out
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
	if [ -r $HOST/$ex.btf ]; then
		if cmp -s $HOST/$ex.btf $D/$ex.btf; then
			echo "ok no-btf-$ex-min-host (the build machine's is the same, $(wc -c <$D/$ex.btf) bytes)"
			cp $HOST/$ex.btf $D/$ex.btf
		else
			echo "FAIL no-btf-$ex-min-host: the build machine's minimized BTF differs from this one"
		fi
	fi
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

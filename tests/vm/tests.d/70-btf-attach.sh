#!/bin/sh
# tests/vm/tests.d/70-btf-attach.sh — BTF-attached programs through the
# command line, each architecture held to what Debian's 6.1 kernel gives
# it (tests/host/test_btf_attach.c checks the programs' data in detail,
# whichever the outcome):
#
#   both      tp_btf/sched_switch with typed arguments; iter/task read by
#             `run`, which then exits; the BPF LSM active (securityfs's
#             /sys/kernel/security/lsm lists bpf);
#   both      freplace of a running program's global function (a
#             trampoline on a BPF program: bpf_arch_text_poke, which
#             arm64 has since 6.0);
#   x86_64    BPF trampolines on kernel functions (ftrace direct calls,
#             CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS): fentry, fexit,
#             fmod_ret on vmlinux's do_unlinkat and security_task_getsid,
#             fentry/fexit on tun's tun_chr_open (15-modules.sh loads
#             tun), lsm/file_open;
#   arm64     no ftrace direct calls before Linux 6.4 (6.1, 5.10): the
#             same programs load, and attaching them is refused with
#             bpfload's one-line explanation (ENOTSUPP); 6.12 has them
#             and is held to what x86_64 does. Whether the kernel has them
#             is read from its configuration (/bl/kernel-config).
#   5.10      no module BTF (fentry on tun is refused, saying so), no
#             freplace on arm64 (no BPF trampolines there before 6.0).
#
# A target process waits on a fifo, then execs the command that triggers
# the program (same pid, so its tgid is known before the load).
set -eu

# Every program here is attached through the kernel's BTF (its type ids
# name the target), which a kernel built without CONFIG_DEBUG_INFO_BTF
# (Debian's armmp) does not have.
if [ ! -e /sys/kernel/btf/vmlinux ]; then
	echo "SKIP btf-attach: no /sys/kernel/btf/vmlinux (kernel without CONFIG_DEBUG_INFO_BTF): tp_btf, iter, fentry, lsm need it"
	exit 0
fi

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
OUT=/tmp/btf.out
ERR=/tmp/btf.err

# BPF trampolines on kernel functions need ftrace direct calls: asked of
# the kernel's configuration (/bl/kernel-config, from its package): all
# of Debian's x86_64 kernels, arm64 from 6.4 (Debian's 6.12).
if [ -e /bl/kernel-config ]; then
	if grep -qx CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y /bl/kernel-config; then
		trampolines=yes
	else
		trampolines=no
	fi
else
	case $BL_ARCH in
	x86_64) trampolines=yes ;;
	*) trampolines=no ;;
	esac
fi
echo "trampolines on kernel functions: $trampolines"

# show: the output of the last bpfload, indented, for the log.
show() {
	sed 's/^/    /' $OUT $ERR | head -n 40
}

# check NAME PATTERN: "ok NAME" when the last output has a line matching
# the basic regular expression PATTERN.
check() {
	if grep -q -- "$2" $OUT $ERR; then
		echo "ok $1"
	else
		echo "FAIL $1: no line matching '$2'"
		show
	fi
}

# target CMD...: a process that execs CMD once /tmp/go is written; its pid in T.
target() {
	rm -f /tmp/go
	mkfifo /tmp/go
	sh -c 'read -r x </tmp/go; exec "$@"' sh "$@" >/dev/null 2>&1 &
	T=$!
}

# run_bg ARGS...: bpfload run ARGS in the background until it says it
# is running (or has stopped); its pid in B. The last run's output goes
# first: its "running" line must not start the trigger before this run
# has attached.
run_bg() {
	rm -f $OUT $ERR
	"$BL" run "$@" >$OUT 2>$ERR &
	B=$!
	i=0
	while [ $i -lt 300 ] && ! grep -q '^running' $OUT 2>/dev/null && kill -0 $B 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
}

# go: the target runs its command; then both are waited for (RC: bpfload's).
go() {
	echo go >/tmp/go || true
	wait $T || true
	RC=0
	wait $B || RC=$?
	sed 's/^/    /' $OUT $ERR | head -n 30
}

# refused NAME PROG FUNC INSTEAD: bpfload ran no further than attaching
# PROG, and said in one line why (no trampolines) and what to use instead.
refused() {
	if [ "$RC" -ne 1 ]; then
		echo "FAIL $1: exit $RC, expected 1 (refused)"
		show
	fi
	check "$1" "program $2 .*needs a BPF trampoline on $3, and this kernel cannot make one there (BPF_LINK_CREATE failed with ENOTSUPP.*use $4"
}

# --- the BPF LSM -------------------------------------------------------
grep -q ' /sys/kernel/security securityfs ' /proc/mounts ||
	mount -t securityfs securityfs /sys/kernel/security || true
lsm=$(cat /sys/kernel/security/lsm 2>/dev/null || echo "?")
echo "lsm: $lsm (/sys/kernel/security/lsm)"
case ",$lsm," in
*,bpf,*) echo "ok lsm-bpf-active ($lsm)" ;;
*) echo "FAIL lsm-bpf-active: /sys/kernel/security/lsm is '$lsm'" ;;
esac

# --- tp_btf ------------------------------------------------------------
target sleep 0.3
run_bg "$PROGS/test_tp_btf.bpf.o" --set target_tgid=$T --duration 3
go
check tp_btf-attached '^attached on_switch .*tp_btf/sched_switch (vmlinux)'
# the map's row: KEY COUNT PREV_PID PREV_TGID NEXT_PID PREV_COMM
check tp_btf-typed-args "^  0  *[1-9][0-9]*  *$T  *$T  *[0-9]*  *sleep\$"

# --- iter ----------------------------------------------------------------
RC=0
timeout 30 "$BL" run "$PROGS/test_iter.bpf.o" >$OUT 2>$ERR || RC=$?
if [ "$RC" -eq 0 ]; then
	echo "ok iter-exit-0"
else
	echo "FAIL iter-exit-0: exit $RC"
	show
fi
check iter-pid-1 "^1 1 $(cat /proc/1/comm)\$"
check iter-self "^$$ $$ sh\$"
check iter-detached '^detached; done'

# --- fentry, fexit, fmod_ret on vmlinux ------------------------------------
rm -f /tmp/bl-vm-missing
target unlink /tmp/bl-vm-missing
run_bg "$PROGS/test_fentry.bpf.o" --set target_tgid=$T --duration 3
go
if [ $trampolines = yes ]; then
	# a BPF link (BPF_LINK_CREATE); 5.10 makes it with BPF_RAW_TRACEPOINT_OPEN
	check fentry-attached '^attached on_unlink_entry .*fentry/do_unlinkat (vmlinux) (\(BPF link\|BPF_RAW_TRACEPOINT_OPEN\))'
	check fmod_ret-attached '^attached deny_getsid_prog .*fmod_ret/security_task_getsid (vmlinux)'
	# KEY ENTRIES EXITS GETSID_CALLS RET DFD PATH
	check fentry-fexit-data '^  0  *1  *1  *0  *-2  *-100  */tmp/bl-vm-missing$'
else
	refused fentry-refused on_unlink_entry do_unlinkat kprobe/do_unlinkat
fi

# --- fentry, fexit on a module's function (tun) ----------------------------
target cat /dev/net/tun
run_bg "$PROGS/test_fentry_module.bpf.o" --set target_tgid=$T --duration 3
go
if [ ! -e /sys/kernel/btf/tun ]; then
	# no module BTF (Debian's 5.10: no CONFIG_DEBUG_INFO_BTF_MODULES)
	check fentry-module-no-btf 'fentry/tun:tun_chr_open: module tun has no BTF in the kernel'
elif [ $trampolines = yes ]; then
	check fentry-module-attached '^attached on_tun_open .*fentry/tun:tun_chr_open (module tun)'
	check fexit-module-attached '^attached on_tun_open_exit .*fexit/tun_chr_open (module tun)'
	check fentry-module-data '^  0  *1  *1  *0$' # KEY ENTRIES EXITS RET
else
	refused fentry-module-refused on_tun_open tun_chr_open kprobe/tun_chr_open
	check fentry-module-label 'fentry/tun:tun_chr_open needs a BPF trampoline'
fi

# --- lsm ---------------------------------------------------------------------
target cat /proc/version
run_bg "$PROGS/test_lsm.bpf.o" --set target_tgid=$T --duration 3
go
if [ $trampolines = yes ]; then
	check lsm-attached '^attached count_open .*lsm/file_open (vmlinux)'
	check lsm-counts '^  0  *[1-9][0-9]*  *0$' # KEY OPENS GETSID_CALLS
else
	refused lsm-refused count_open bpf_lsm_file_open 'kprobe/security_file_open'
fi

# --- freplace ----------------------------------------------------------------
"$BL" run "$PROGS/test_freplace_target.bpf.o" --duration 20 >/tmp/target.out 2>&1 &
P=$!
i=0
while [ $i -lt 300 ] && ! grep -q '^running' /tmp/target.out; do
	sleep 0.1
	i=$((i + 1))
done
id=$(awk '/^loaded/ { print $4; exit }' /tmp/target.out)
RC=0
timeout 30 "$BL" run "$PROGS/test_freplace.bpf.o" --replace-target "$id" --duration 1 >$OUT 2>$ERR || RC=$?
sed 's/^/    /' $OUT $ERR | head -n 20
kill $P 2>/dev/null || true
wait $P || true
if [ "$BL_ARCH" = arm64 ] && [ "$RC" -eq 1 ] &&
	grep -q 'needs a BPF trampoline on bl_freplace_value, and this kernel cannot make one there' $OUT $ERR; then
	# arm64 has BPF trampolines (bpf_arch_text_poke) since 6.0: not
	# Debian's 5.10, which refuses with ENOTSUPP; checked by its line
	echo "ok freplace-refused (no BPF trampolines on this arm64 kernel)"
else
	check freplace-attached "^attached bl_freplace_value *freplace bl_freplace_value in program $id"
	if [ "$RC" -eq 0 ]; then echo "ok freplace-exit-0"; else echo "FAIL freplace-exit-0: exit $RC"; fi
fi

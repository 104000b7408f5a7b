#!/bin/sh
# tests/vm/tests.d/45-kprobe-multi.sh — SEC("kprobe.multi/vfs_*") and
# SEC("kretprobe.multi/vfs_*") (build/bpf-progs/test_kprobe_multi.bpf.o),
# where the kernel has kprobes: dozens of functions, each call counted by
# bpf_get_attach_cookie(), which must be the index of the function in
# `bpfload list kprobes 'vfs_*'` (reading a file: vfs_read's cookie
# counts). A kernel with the kprobe_multi link (5.18+ with
# CONFIG_FPROBE: Debian 13's amd64 6.12, not its arm64) must use it; one without (Debian 12's
# 6.1, 5.10) gets one kprobe per function, which --no-multi-link asks
# for everywhere, through the PMU and through tracefs; either way
# nothing is left in kprobe_events afterwards. The refusals of
# test_multi_bad.bpf.o leave nothing either.
set -eu

BL=$BL_BUILD_DIR/bpfload
OBJ=$BL_BUILD_DIR/bpf-progs/test_kprobe_multi.bpf.o
BAD=$BL_BUILD_DIR/bpf-progs/test_multi_bad.bpf.o
T=/sys/kernel/tracing
OUT=/tmp/kmulti.out
ERR=/tmp/kmulti.err

ours() { grep -c "bpfload_" $T/kprobe_events || true; }

# The test objects read cookies: bpf_get_attach_cookie is 5.15's.
case $(uname -r) in
[0-4].* | 5.[0-9].* | 5.1[0-4].*)
	echo "skip kmulti: the test objects call bpf_get_attach_cookie (Linux 5.15), this is $(uname -r)"
	exit 0
	;;
esac

show() {
	sed 's/^/    /' $OUT $ERR | head -n 20
}

# The cookie vfs_read must have: its line in `list kprobes 'vfs_*'` - 1.
if ! timeout 60 "$BL" list kprobes 'vfs_*' >/tmp/kmulti.list 2>$ERR; then
	echo "FAIL kmulti-list: $(cat $ERR)"
	exit 0
fi
N=$(wc -l </tmp/kmulti.list)
READ=$(grep -n '^kprobe:vfs_read$' /tmp/kmulti.list | cut -d: -f1)
if [ "$N" -ge 12 ] && [ -n "$READ" ]; then
	echo "ok kmulti-list ($N functions, vfs_read line $READ; $(cat $ERR))"
else
	echo "FAIL kmulti-list: $N functions, vfs_read at '$READ'"
	exit 0
fi
READ=$((READ - 1))

# The kprobe_multi link needs CONFIG_FPROBE (and 5.18): Debian's amd64
# 6.12 has it, its arm64 6.12 does not, nor 6.1 and 5.10. Read from the
# kernel's configuration (/bl/kernel-config, tests/vm/vm-check.sh), else
# from the version.
if [ -e /bl/kernel-config ]; then
	if grep -qx CONFIG_FPROBE=y /bl/kernel-config; then
		LINKED="kprobe_multi link"
	else
		LINKED="one kprobe PMU probe each"
	fi
else
	case $(uname -r) in
	[0-5].* | 6.[0-9].* | 6.1[01].*) LINKED="one kprobe PMU probe each" ;;
	*) LINKED="kprobe_multi link" ;;
	esac
fi

# value MAP KEY: the map's value at KEY in the JSON dump of $OUT, or 0.
value() {
	sed -n "s/.*\"name\":\"$1\".*\"entries\":\[\(.*\)\].*/\1/p" $OUT | tr '}' '\n' |
		sed -n "s/.*\"formatted\":{\"key\":$2,\"value\":\([0-9]*\).*/\1/p" | head -n 1
}

# attach NAME HOW ARGS...: run for 4 s, read a file meanwhile; the attach
# lines say HOW and N functions, vfs_read's cookie counted on entry and
# return, nothing left in kprobe_events after.
attach() {
	name=$1 how=$2
	shift 2
	timeout 120 "$BL" run "$OBJ" --json --duration 4 "$@" >$OUT 2>$ERR &
	pid=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q '"type":"attach"' $OUT 2>/dev/null; do
		sleep 0.2
		i=$((i + 1))
	done
	during=$(ours)
	for _ in 1 2 3 4 5; do cat /proc/version /etc/hostname >/dev/null 2>&1 || true; done
	rc=0
	wait $pid || rc=$?
	e=$(value entries $READ)
	r=$(value returns $READ)
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit $rc"
		show
	elif ! grep -q "kprobe.multi vfs_\* ($N functions, cookies 0..$((N - 1)) by name; $how" $OUT; then
		echo "FAIL $name: attach lines do not say '$N functions ... $how'"
		grep attach $OUT | sed 's/^/    /'
	elif [ "${e:-0}" -lt 1 ] || [ "${r:-0}" -lt 1 ]; then
		echo "FAIL $name: vfs_read (cookie $READ): entries '${e:-}', returns '${r:-}'"
		show
	elif [ "$(ours)" -ne 0 ]; then
		echo "FAIL $name: $(ours) bpfload events left in kprobe_events"
	else
		echo "ok $name ($how; vfs_read cookie $READ: $e entries, $r returns; $during tracefs events while attached)"
	fi
}

attach kmulti-default "$LINKED"
attach kmulti-one-by-one-pmu "one kprobe PMU probe each" --no-multi-link --attach-mode pmu
attach kmulti-one-by-one-tracefs "one tracefs kprobe each" --no-multi-link --attach-mode tracefs

# The refusals: exit 1, the message, nothing left.
refused() { # NAME PROG ERE [ARGS]
	name=$1 prog=$2 want=$3
	shift 3
	rc=0
	timeout 60 "$BL" run "$BAD" --prog "$prog" --duration 0.1 "$@" >$OUT 2>$ERR || rc=$?
	if [ $rc -eq 1 ] && grep -Eq "$want" $ERR && [ "$(ours)" -eq 0 ]; then
		echo "ok $name"
	else
		echo "FAIL $name: exit $rc, $(ours) events left, expected /$want/"
		show
	fi
}
refused kmulti-no-match kp_none "pattern 'bpfload_no_such_function_\*' matches no function in .*available_filter_functions"
refused kmulti-no-match-one-by-one kp_none "matches no function" --no-multi-link --attach-mode tracefs
refused kmulti-bad-char kp_badchar "'\(' at byte 4 of the pattern"
refused kmulti-bare kp_bare "names no function"

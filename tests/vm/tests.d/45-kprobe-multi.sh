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
#
# Entries and returns differ, and must not be compared: on_entry and
# on_return are two programs, attached one after the other and detached
# side by side, so a vfs_read that starts while only on_entry is on
# (one by one: while on_return's N kprobes are made, about a second
# under TCG, this script's own polling grep among them) counts an entry
# and no return, and one that is under way when on_return is taken off
# likewise; calls that block in vfs_read (a console read) return after
# the end. A kretprobe also misses a return when more calls are under
# way than it has instances (maxactive; the nmissed column of tracefs
# kprobe_profile, Documentation/trace/kprobetrace.rst; the PMU's probes
# are not listed there). What holds: the reads made while both are on,
# five shell `read`s of /proc/version (each at least one read(2), hence
# one vfs_read), count at least five on entry and five on return.
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
	for _ in 1 2 3 4 5; do read -r _ </proc/version || true; done
	missed=$(grep 'bpfload_' $T/kprobe_profile 2>/dev/null | awk '$3 > 0 { m += $3 } END { print m + 0 }')
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
	elif [ "${e:-0}" -lt 5 ] || [ "${r:-0}" -lt 5 ]; then
		echo "FAIL $name: vfs_read (cookie $READ): entries '${e:-}', returns '${r:-}'"
		show
	elif [ "$(ours)" -ne 0 ]; then
		echo "FAIL $name: $(ours) bpfload events left in kprobe_events"
	else
		echo "ok $name ($how; vfs_read cookie $READ: $e entries, $r returns; $during tracefs events while attached, $missed returns missed by them)"
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

# Names the kernel has more than once (s_show, s_start, s_stop of
# kernel/kallsyms.c and mm/vmalloc.c, ...; test_multi_bad.bpf.o's kp_dup
# and krp_dup on 's_s*'). A kprobe by name refuses them with
# EADDRNOTAVAIL (Linux 6.6, and 6.1.y since it took the check,
# "tracing/kprobes: Return EADDRNOTAVAIL when func matches several
# symbols"); one kprobe per function attaches them by address instead and
# says so; the link takes them. Which names are there twice: the text
# symbols of vmlinux in /proc/kallsyms.
timeout 60 "$BL" list kprobes 's_s*' >/tmp/kmulti.dup 2>/dev/null || true
DUPS=$(awk 'NR == FNR { sub(/^kprobe:/, ""); want[$0] = 1; next }
	($2 == "t" || $2 == "T") && NF == 3 && ($3 in want) { n[$3]++ }
	END { for (f in n) if (n[f] > 1) print f }' /tmp/kmulti.dup /proc/kallsyms | LC_ALL=C sort)
FIRST=$(echo "$DUPS" | head -n 1)
dup_attach() { # NAME EXPECT_NOTE ARGS...
	name=$1 note=$2
	shift 2
	rc=0
	timeout 120 "$BL" run "$BAD" --prog kp_dup --prog krp_dup --duration 0.5 "$@" >$OUT 2>$ERR || rc=$?
	line=$(grep '^attached *kp_dup' $OUT | sed 's/^attached *//')
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit $rc"
		show
	elif [ "$note" = yes ] && ! grep -q "by address (names the kernel has twice: $FIRST" $OUT; then
		echo "FAIL $name: no 'by address (names the kernel has twice: $FIRST' in the attach lines"
		show
	elif [ "$(ours)" -ne 0 ]; then
		echo "FAIL $name: $(ours) bpfload events left in kprobe_events"
	else
		echo "ok $name ($line)"
	fi
}
if [ -z "$FIRST" ]; then
	echo "skip kmulti-dup: no name 's_s*' matches is in /proc/kallsyms twice on this kernel"
else
	echo "ok kmulti-dup-names (names there twice: $(echo $DUPS))"
	dup_attach kmulti-dup-pmu yes --no-multi-link --attach-mode pmu
	dup_attach kmulti-dup-tracefs yes --no-multi-link --attach-mode tracefs
	dup_attach kmulti-dup-default no
fi

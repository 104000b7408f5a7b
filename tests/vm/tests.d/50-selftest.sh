#!/bin/sh
# tests/vm/tests.d/50-selftest.sh — `bpfload selftest` on Debian's 6.1
# kernel, which has what the development host lacks: kprobes must be
# reported ok here (tests/cli/selftest.sh checks "missing" on the host),
# with the other essentials, and --json must say the same.
set -eu

BL=$BL_BUILD_DIR/bpfload
OUT=/tmp/selftest.out
ERR=/tmp/selftest.err

RC=0
timeout 120 "$BL" selftest >$OUT 2>$ERR || RC=$?

# status NAME: the status column of check NAME
status() {
	awk -v n="$1" '$1 == n { print $2 }' $OUT
}

fail() {
	echo "FAIL $1"
	sed 's/^/    /' $OUT $ERR | head -n 40
}

if [ "$RC" -ne 0 ]; then
	fail "selftest: exit $RC"
else
	echo "ok selftest-exit ($(tail -n 1 $OUT))"
fi
for c in bpf maps btf tracefs tracepoints raw-tracepoints kprobes uprobes ringbuf perfbuf bpffs; do
	s=$(status $c)
	# a kernel built without CONFIG_DEBUG_INFO_BTF (Debian's armmp):
	# selftest must say btf is missing, naming the file
	if [ $c = btf ] && [ ! -e /sys/kernel/btf/vmlinux ]; then
		echo "SKIP selftest-btf-ok: no /sys/kernel/btf/vmlinux (kernel without CONFIG_DEBUG_INFO_BTF)"
		if [ "$s" = missing ] && grep -q '^btf  *missing  *no /sys/kernel/btf/vmlinux' $OUT; then
			echo "ok selftest-btf-missing"
		else
			fail "selftest-btf-missing: '$s', expected missing (no /sys/kernel/btf/vmlinux)"
		fi
		continue
	fi
	if [ "$s" = ok ]; then
		echo "ok selftest-$c"
	else
		fail "selftest-$c: '$s', expected ok"
	fi
done

RC=0
timeout 120 "$BL" selftest --json >$OUT 2>$ERR || RC=$?
if [ "$RC" -eq 0 ] && grep -q '^{"type":"check","name":"kprobes","status":"ok",' $OUT &&
	[ "$(grep -vc '^{"type":"check",' $OUT)" = 1 ] &&
	tail -n 1 $OUT | grep -q '^{"type":"selftest","essentials":true,'; then
	echo "ok selftest-json"
else
	fail "selftest-json: exit $RC"
fi

# The whole report, for the log (docs/tutorial.md quotes it).
timeout 120 "$BL" selftest 2>&1 | sed 's/^/    /' || true

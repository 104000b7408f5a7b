#!/bin/sh
# tests/vm/tests.d/70-alternatives.sh — groups of alternatives
# (docs/alternatives.md) in a kernel that has kprobes and BPF trampolines
# (Debian's 6.1; the development host has neither kprobes nor fentry).
#
#   bpfload verify test_alt_kprobe.bpf.o: exit 0, one choice per group
#   bpfload run test_alt_kprobe.bpf.o while files are removed: each
#     group attached once (fentry/fexit where bpfload loads them, else
#     kprobe/kretprobe), each unlink counted by one program of each pair
#   bpfload run test_alternatives.bpf.o: one implementation of sys_enter
#
# The outputs go into the VM log, indented.
set -eu

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
OUT=/tmp/alt.out
ERR=/tmp/alt.err

show() {
	sed 's/^/    /' $OUT $ERR | head -n 40
}

# count SLOT: the value of alt_unlinks[SLOT] in the map dump of $OUT
# ("  1    5", or 0 within a run of zeros "  [2..3]  0 (2 entries)"),
# empty when absent.
count() {
	awk -v s="$1" '/^map alt_unlinks/ { on = 1; next }
		on && /^map / { exit }
		on && $1 == s { print $2; exit }
		on && $1 ~ /^\[[0-9]+\.\.[0-9]+\]$/ {
			split(substr($1, 2, length($1) - 2), r, "[.][.]")
			if (s + 0 >= r[1] + 0 && s + 0 <= r[2] + 0) { print 0; exit }
		}' $OUT
}

RC=0
timeout 60 "$BL" verify "$PROGS/test_alt_kprobe.bpf.o" >$OUT 2>$ERR || RC=$?
if [ "$RC" -eq 0 ] && grep -q '^alternative function entry do_unlinkat: .* would be attached' $OUT &&
	grep -q '^alternative function return do_unlinkat: .* would be attached' $OUT; then
	echo "ok alt-verify-kprobe"
else
	echo "FAIL alt-verify-kprobe: exit $RC, or no choice line per group"
fi
show

RC=0
: >$OUT
timeout 60 "$BL" run "$PROGS/test_alt_kprobe.bpf.o" --duration 5 >$OUT 2>$ERR &
pid=$!
i=0
while ! grep -q '^running for' $OUT 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done
for n in 1 2 3 4 5; do
	touch /tmp/alt_$n
	rm /tmp/alt_$n
done
wait $pid || RC=$?
entry=$(grep -o '^alternative function entry do_unlinkat: [^ ]* ([a-z_]*) attached' $OUT | sed 's/.*(\([a-z_]*\)) attached/\1/' || true)
ret=$(grep -o '^alternative function return do_unlinkat: [^ ]* ([a-z_]*) attached' $OUT | sed 's/.*(\([a-z_]*\)) attached/\1/' || true)
if [ "$RC" -ne 0 ]; then
	echo "FAIL alt-run-kprobe: exit $RC"
elif [ -z "$entry" ] || [ -z "$ret" ]; then
	echo "FAIL alt-run-kprobe: no 'attached' in the lines of the two groups"
else
	# slot 0 fentry, 1 kprobe, 2 fexit, 3 kretprobe
	case $entry in entry_btf) used=0 other=1 ;; *) used=1 other=0 ;; esac
	case $ret in exit_btf) rused=2 rother=3 ;; *) rused=3 rother=2 ;; esac
	if [ "$(count $used)" -ge 5 ] 2>/dev/null && [ "$(count $other)" = 0 ] &&
		[ "$(count $rused)" -ge 5 ] 2>/dev/null && [ "$(count $rother)" = 0 ]; then
		echo "ok alt-run-kprobe ($entry, $ret attached; each unlink counted once per event)"
	else
		echo "FAIL alt-run-kprobe: counts entry $(count $used)/$(count $other), return $(count $rused)/$(count $rother) (used/other)"
	fi
fi
show

RC=0
timeout 60 "$BL" run "$PROGS/test_alternatives.bpf.o" --duration 1 >$OUT 2>$ERR || RC=$?
n=$(grep -c -E '^attached (on_btf|on_raw|on_tp) ' $OUT || true)
if [ "$RC" -eq 0 ] && [ "$n" -eq 1 ] && ! grep -q '^attached on_tp ' $OUT &&
	grep -q '^attached getppid_tp ' $OUT; then
	echo "ok alt-run-tracepoints"
else
	echo "FAIL alt-run-tracepoints: exit $RC, $n of on_btf, on_raw, on_tp attached (1 expected, not on_tp)"
fi
show

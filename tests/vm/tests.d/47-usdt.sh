#!/bin/sh
# tests/vm/tests.d/47-usdt.sh — USDT probes (docs/usdt.md) in the VM's
# kernel and architecture: `bpfload list usdt` of tests/uprobe/usdt_target
# built for this architecture (statically, as an ET_EXEC and a static
# PIE: $BL_BUILD_DIR/tests/uprobe), and `bpfload run` of usdt_trace.bpf.o
# (bpf-progs' bpfload_usdt.h) on it, every argument value checked, by
# the uprobe PMU and by tracefs. Where the kernel has no BPF cookies
# (before 5.15) the loader takes the other path: perf ioctls, and the
# site's address in __bpf_usdt_ip_to_spec_id, the note's address for the
# ET_EXEC and, for the PIE, where the running process (--pid) mapped it
# (/proc/PID/maps); the attach line and the dumped ip map (--all-maps)
# must say which path was taken. Nothing may stay in uprobe_events.
set -eu

BL=$BL_BUILD_DIR/bpfload
OBJ=$BL_BUILD_DIR/bpf-progs/usdt_trace.bpf.o
TGT=$BL_BUILD_DIR/tests/uprobe
OUT=/tmp/usdt.out
ERR=/tmp/usdt.err
EV=/sys/kernel/tracing/uprobe_events

show() {
	sed 's/^/    /' $OUT $ERR | cut -c1-200 | head -n 40
}

if ! [ -x "$TGT/usdt_target" ] || ! [ -x "$TGT/usdt_target-pie" ]; then
	echo "FAIL usdt-files: $TGT/usdt_target or usdt_target-pie is not in the initramfs (make vm-files builds them; vm-check.sh copies $BL_BUILD_DIR/static/ARCH/tests/uprobe)"
	exit 0
fi

# The kernel's BPF cookies (5.15) decide the path.
kv=$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
set -- $kv
if [ "$1" -gt 5 ] || { [ "$1" -eq 5 ] && [ "$2" -ge 15 ]; }; then
	COOKIES=1 PATH_WORDS="BPF links with cookies"
else
	COOKIES=0 PATH_WORDS="perf ioctl, ip map"
fi
echo "kernel $(uname -r): expecting '$PATH_WORDS'"

# long: 8 bytes, but 4 on 32-bit arm, where usdt_target's -5000000000L
# is cut to its low 32 bits, -705032704 (usdt_target.c).
case $(uname -m) in
arm*) LONG=int32 L=-705032704 ;;
*) LONG=int64 L=-5000000000 ;;
esac

# list: the five probes; their argument forms are this architecture's.
RC=0
timeout 30 "$BL" list usdt "$TGT/usdt_target" >$OUT 2>$ERR || RC=$?
n=$(grep -c "^usdt:$TGT/usdt_target:bltest:" $OUT || true)
if [ "$RC" -eq 0 ] && [ "$n" -eq 5 ] &&
	grep -q "bltest:consts .* args int32 5, int32 -9, int32 100000$" $OUT &&
	grep -q "bltest:regs .* args int8 [^,]*, int16 [^,]*, int32 [^,]*, $LONG [^,]*, uint8 " $OUT; then
	echo "ok usdt-list"
else
	echo "FAIL usdt-list: exit $RC, $n probes"
	show
fi

# check NAME EXE: the values usdt_trace printed for two calls of EXE,
# the attach line, the path taken, nothing left in uprobe_events.
check() {
	name=$1 exe=$2
	bad=""
	for want in "usdt regs c=-7 s=-300 i=-70000" "usdt regs l=$L uc=200 us=60000" \
		"usdt regs ui=4000000000 ul=7 cnt=8" "usdt mem i=-12 s=34 l=-56" \
		"usdt consts a=5 b=-9 c=100000" "usdt noargs cnt=0 err=-2 cookie=0" "usdt sema v=42"; do
		c=$(grep -c -- "$want\$" $OUT || true)
		[ "$c" -eq 2 ] || bad="$bad; '$want' $c times"
	done
	grep -q "^fired=2 sema=[1-9]" $OUT || bad="$bad; the semaphore was not raised"
	grep -q "^attached usdt_regs .*usdt $exe:bltest:regs (1 site, semaphore.*$PATH_WORDS)" $OUT ||
		bad="$bad; no attach line with '$PATH_WORDS'"
	# the ip map as dumped at exit (--all-maps): entries only without cookies
	ipmap=$(sed -n '/^map __bpf_usdt_ip_to_spec_id/,/^map \|^detached/p' $OUT)
	case $COOKIES in
	1) printf '%s\n' "$ipmap" | grep -q '(empty)' || bad="$bad; the ip map has entries with cookies" ;;
	0) [ "$(printf '%s\n' "$ipmap" | grep -c '^  0x\|^  [0-9]')" -ge 5 ] ||
		bad="$bad; the ip map has not 5 entries: $(printf '%s' "$ipmap" | tr '\n' '|')" ;;
	esac
	if grep -qF "$exe:" $EV 2>/dev/null; then
		bad="$bad; uprobe_events keeps: $(grep -F "$exe:" $EV | head -n 1)"
	fi
	if [ -z "$bad" ]; then
		echo "ok $name"
	else
		echo "FAIL $name: exit $RC$bad"
		show
	fi
}

# The ET_EXEC, found in PATH as usdt_target (the sections' bare name),
# started by --cmd: the uprobe PMU, then tracefs.
mkdir -p /tmp/usdt-exec /tmp/usdt-pie
cp "$TGT/usdt_target" /tmp/usdt-exec/usdt_target
cp "$TGT/usdt_target-pie" /tmp/usdt-pie/usdt_target
for mode in auto tracefs; do
	RC=0
	PATH=/tmp/usdt-exec:$PATH timeout 120 "$BL" run "$OBJ" --attach-mode $mode --all-maps \
		--cmd "/tmp/usdt-exec/usdt_target 2 200" >$OUT 2>$ERR || RC=$?
	check "usdt-run-exec-$mode" /tmp/usdt-exec/usdt_target
done

# The PIE, a running process (--pid): without cookies its sites'
# addresses come from its /proc/PID/maps, so it must have run the
# program already. It is stopped as soon as it has, and continued once
# bpfload listens; it fires after its delay.
/tmp/usdt-pie/usdt_target 2 3000 >/tmp/usdt-pie.out 2>&1 &
pid=$!
i=0
while [ "$(readlink /proc/$pid/exe 2>/dev/null || true)" != /tmp/usdt-pie/usdt_target ] && [ $i -lt 200 ]; do
	i=$((i + 1))
done
kill -STOP $pid
RC=0
PATH=/tmp/usdt-pie:$PATH timeout 120 "$BL" run "$OBJ" --all-maps --pid $pid >$OUT 2>$ERR &
bl=$!
i=0
while ! grep -q '^running' $OUT 2>/dev/null && kill -0 $bl 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -CONT $pid
wait $pid || true
sleep 1
kill -INT $bl 2>/dev/null || true
wait $bl || RC=$?
cat /tmp/usdt-pie.out >>$OUT
check usdt-run-pie-pid /tmp/usdt-pie/usdt_target

# Without cookies a PIE's address needs a process that runs it: --cmd's
# has not exec'd yet when bpfload attaches, which is refused, naming why.
if [ "$COOKIES" -eq 0 ]; then
	RC=0
	PATH=/tmp/usdt-pie:$PATH timeout 60 "$BL" run "$OBJ" --cmd "/tmp/usdt-pie/usdt_target 1" >$OUT 2>$ERR || RC=$?
	if [ "$RC" -eq 1 ] && grep -q "has not mapped offset .* of /tmp/usdt-pie/usdt_target (executable): without BPF cookies (5.15) .*give --pid of a process that runs it" $ERR &&
		! grep -qF /tmp/usdt-pie/usdt_target $EV 2>/dev/null; then
		echo "ok usdt-pie-cmd-refused"
	else
		echo "FAIL usdt-pie-cmd-refused: exit $RC"
		show
	fi
fi

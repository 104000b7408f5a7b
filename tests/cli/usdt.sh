#!/usr/bin/env bash
# tests/cli/usdt.sh — black-box tests of USDT probes: `bpfload list usdt`
# on tests/uprobe/usdt_target (and on Debian's python3.11 and libstdc++
# when present), and `bpfload run` of the libbpf-style
# build/bpf-progs/compat/usdt_args.bpf.o (libbpf's <bpf/usdt.bpf.h>) and
# of build/bpf-progs/usdt_trace.bpf.o (bpf-progs' bpfload_usdt.h) against
# usdt_target as a PIE and without PIE, by the uprobe PMU and by
# tracefs, checking every argument value they print, that the semaphore
# was raised and that the USDT maps are dumped only with --all-maps;
# usdt_python.bpf.o on python3.11's python:function__entry while a
# script calls a named function; the errors (no such probe, with the
# close ones named; a bare SEC("usdt") without --usdt; an object without
# the USDT maps; a truncated .note.stapsdt) leave nothing in
# uprobe_events.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/usdt.sh
#
# usdt_target CALLS DELAY_MS fires bltest:regs (-7 -300 -70000
# -5000000000 200 60000 4000000000 7), bltest:mem (-12 34 -56),
# bltest:consts (5 -9 100000), bltest:noargs, and bltest:sema (42) only
# while its semaphore is raised; it prints "fired=N sema=S".

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
UP=$(readlink -f "$BUILD/tests/uprobe")
OBJ=$BUILD/bpf-progs/compat/usdt_args.bpf.o
OWN=$BUILD/bpf-progs/usdt_trace.bpf.o
PYOBJ=$BUILD/bpf-progs/usdt_python.bpf.o
NOMAPS=$BUILD/bpf-progs/test_usdt_nomaps.bpf.o

for f in "$BL" "$UP/usdt_target" "$UP/usdt_target-nopie" "$OWN" "$PYOBJ" "$NOMAPS"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-usdt
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

tracefs_dir() {
	local d
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -e "$d/uprobe_events" ] && echo "$d" && return
	done
	echo /sys/kernel/tracing
}

test_list_target() {
	bl list usdt "$UP/usdt_target"
	expect_rc 0 || return
	[ "$(grep -c "^usdt:$UP/usdt_target:bltest:" "$W/out")" -eq 5 ] || why "not 5 probes: $(one_line "$(cat "$W/out")")" || return
	grep_in "$W/out" "bltest:regs  offset 0x[0-9a-f]+  semaphore 0x[0-9a-f]+  args int8 %[a-z0-9]+, int16 %[a-z0-9]+, int32 %[a-z0-9]+, int64 %[a-z0-9]+, uint8 %[a-z0-9]+, uint16 %[a-z0-9]+, uint32 %[a-z0-9]+, uint64 %[a-z0-9]+$" "regs" || return
	grep_in "$W/out" "bltest:mem .* args int32 \[%r[a-z0-9]+ [-+] [0-9]+\], int16 \[.*\], int64 \[.*\]$" "mem" || return
	grep_in "$W/out" "bltest:consts .* args int32 5, int32 -9, int32 100000$" "consts" || return
	grep_in "$W/err" "5 USDT probe sites in $UP/usdt_target" "count"
}

test_list_json_glob() {
	bl list usdt "$UP/usdt_target" 'bltest:c*' --json
	expect_rc 0 || return
	[ "$(wc -l <"$W/out")" -eq 1 ] || why "not one line: $(one_line "$(cat "$W/out")")" || return
	grep_in "$W/out" '^\{"type":"usdt","path":"[^"]*","provider":"bltest","name":"consts",.*"args":\["int32 5","int32 -9","int32 100000"\]\}$' "json"
}

test_list_errors() {
	bl list usdt /nonexistent/bl-usdt
	expect_rc 1 || return
	grep_in "$W/err" "list usdt: /nonexistent/bl-usdt: no such file" "message" || return
	bl list usdt
	expect_rc 2
}

test_list_real() {
	local bin=$1 probe=$2
	if [ ! -e "$bin" ]; then
		NOTE="skipped: no $bin"
		return 0
	fi
	bl list usdt "$bin"
	expect_rc 0 || return
	grep -Fq "usdt:$bin:$probe  offset 0x" "$W/out" || why "no $probe: $(one_line "$(head -c 300 "$W/out")")"
}

# no_events WHAT: fails when uprobe_events keeps an event on WHAT
no_events() {
	if grep -qF "$1" "$(tracefs_dir)/uprobe_events" 2>/dev/null; then
		why "uprobe_events keeps an event on $1: $(one_line "$(grep -F "$1" "$(tracefs_dir)/uprobe_events")")"
	fi
}

# run_target OBJ EXE MODE [ARGS...]: OBJ (whose sections name the bare
# program usdt_target) against EXE, found in PATH as usdt_target; checks
# every value and that the semaphore was raised, that the USDT maps are
# not dumped (they are with --all-maps in ARGS), and that nothing is left
# in uprobe_events.
run_target() {
	local obj=$1 src=$2 mode=$3 exe
	shift 3
	mkdir -p "$W/path" && cp "$src" "$W/path/usdt_target" || return
	exe=$(readlink -f "$W/path/usdt_target")
	: >"$W/run"
	PATH="$W/path:$PATH" timeout -k 2 20 "$BL" run "$obj" --attach-mode "$mode" \
		--cmd "$exe 2 200" "$@" >"$W/run" 2>"$W/runerr"
	RC=$?
	[ "$RC" -eq 0 ] || why "exit status $RC: $(one_line "$(cat "$W/runerr" "$W/run" | head -c 600)")" || return
	grep -q "^fired=2 sema=[1-9]" "$W/run" || why "the semaphore was not raised: $(one_line "$(grep fired "$W/run")")" || return
	for want in "usdt regs c=-7 s=-300 i=-70000" "usdt regs l=-5000000000 uc=200 us=60000" \
		"usdt regs ui=4000000000 ul=7 cnt=8" "usdt mem i=-12 s=34 l=-56" \
		"usdt consts a=5 b=-9 c=100000" "usdt noargs cnt=0 err=-2 cookie=0" "usdt sema v=42"; do
		[ "$(grep -c -- "$want\$" "$W/run")" -eq 2 ] || why "not twice: '$want' in $(one_line "$(grep usdt "$W/run" | head -c 800)")" || return
	done
	grep_in "$W/run" "^attached usdt_regs +usdt $exe:bltest:regs \(1 site, semaphore" "attach line" || return
	case " $* " in
	*" --all-maps "*)
		grep_in "$W/run" "^map __bpf_usdt_specs \(array" "specs map with --all-maps" || return
		grep_in "$W/run" "^map __bpf_usdt_ip_to_spec_id \(hash" "ip map with --all-maps" || return ;;
	*)
		if grep -q "^map __bpf_usdt" "$W/run"; then
			why "a USDT map dumped without --all-maps: $(one_line "$(grep "^map __bpf_usdt" "$W/run")")"
			return
		fi ;;
	esac
	no_events "$exe:"
}

# python3.11's python:function__entry with usdt_python.bpf.o (a bare
# SEC("usdt"), the probe from --usdt) while a script calls
# bl_usdt_probe_me, defined at line 3, three times. CPython 3.11 fires
# the probe on a Python function's entry only while a profile or trace
# function is set (its ceval.c checks the probe on the DO_TRACING path,
# and generator.throw), hence sys.setprofile.
test_python() {
	local py=/usr/bin/python3.11 n
	if [ ! -x "$py" ]; then
		NOTE="skipped: no $py"
		return 0
	fi
	bl list usdt "$py" python:function__entry
	if ! grep -q "^usdt:$py:python:function__entry " "$W/out"; then
		NOTE="skipped: $py has no USDT note python:function__entry (built without --with-dtrace)"
		return 0
	fi
	cat >"$W/probe_me.py" <<'PY'
import sys

def bl_usdt_probe_me(n):
    return n + 1

sys.setprofile(lambda frame, event, arg: None)
for i in range(3):
    bl_usdt_probe_me(i)
sys.setprofile(None)
print("calls done")
PY
	timeout -k 2 30 "$BL" run "$PYOBJ" --usdt "$py:python:function__entry" \
		--cmd "$py -S -I $W/probe_me.py" >"$W/run" 2>"$W/runerr"
	RC=$?
	[ "$RC" -eq 0 ] || why "exit status $RC: $(one_line "$(cat "$W/runerr" "$W/run" | head -c 600)")" || return
	grep -q "^calls done" "$W/run" || why "the script did not run: $(one_line "$(head -c 400 "$W/run")")" || return
	grep_in "$W/run" "^attached py_function_entry +usdt $py:python:function__entry \(1 site, semaphore" "attach line" || return
	n=$(grep -c "py entry bl_usdt_probe_me:3\$" "$W/run")
	[ "$n" -eq 3 ] || why "'py entry bl_usdt_probe_me:3' $n times, not 3: $(one_line "$(grep "py " "$W/run" | head -c 600)")" || return
	grep_in "$W/run" "py file $W/probe_me.py\$" "file name" || return
	no_events "$py:"
}

test_errors_attach() {
	PATH="$UP:$PATH" bl run "$OBJ" --prog usdt_regs --usdt x -d 1
	expect_rc 0 || return
	grep_in "$W/err" 'warning: --usdt x: no program .* has a bare SEC\("usdt"\); not used' "unused --usdt" || return
	# no such probe: the message names it, nothing attached
	bl run "$OBJ" -d 1
	expect_rc 1 || return
	grep_in "$W/err" "program usdt_regs \(section usdt/usdt_target:bltest:regs\): no program usdt_target in PATH" "path" || return
	mkdir -p "$W/bin" && cp "$UP/usdt_target" "$W/bin/usdt_target" && objcopy --remove-section .note.stapsdt "$W/bin/usdt_target" 2>/dev/null || { NOTE="no objcopy"; return 0; }
	PATH="$W/bin:$PATH" bl run "$OBJ" -d 1
	expect_rc 1 || return
	grep_in "$W/err" "no USDT probe bltest:regs in $W/bin/usdt_target \(bpfload list usdt" "no probe" || return
	no_events "$W/bin/usdt_target"
}

# A probe the file does not have: the error names it and the close ones.
test_errors_no_probe() {
	bl run "$PYOBJ" --usdt "$UP/usdt_target:bltest:reg" -d 1
	expect_rc 1 || return
	grep_in "$W/err" "program py_function_entry \(section usdt\): no USDT probe bltest:reg in $UP/usdt_target \(bpfload list usdt $UP/usdt_target; close: bltest:regs, " "close probes" || return
	bl run "$PYOBJ" --usdt "$UP/usdt_target:nosuch:zzzzzzzzzz" -d 1
	expect_rc 1 || return
	grep_in "$W/err" "no USDT probe nosuch:zzzzzzzzzz in $UP/usdt_target \(bpfload list usdt $UP/usdt_target\)\$" "nothing close" || return
	no_events "$UP/usdt_target"
}

# A USDT program whose object has no __bpf_usdt_* maps (it includes
# neither usdt header): refused, naming the program and the maps.
test_errors_nomaps() {
	bl run "$NOMAPS" --usdt "$UP/usdt_target:bltest:noargs" -d 1
	expect_rc 1 || return
	grep_in "$W/err" "program usdt_nomaps \(section usdt\): the object has no maps __bpf_usdt_specs and __bpf_usdt_ip_to_spec_id: include <bpf/usdt.bpf.h> \(or bpf-progs' bpfload_usdt.h\)" "message" || return
	grep -q "^attached" "$W/out" && why "something was attached: $(one_line "$(grep ^attached "$W/out")")" && return
	no_events "$UP/usdt_target"
}

# usdt_target with its .note.stapsdt section 10 bytes shorter than its
# notes (the section header's sh_size lowered): the last note is
# truncated. list and run name the note; nothing is attached.
test_errors_truncated() {
	local bad=$W/trunc/usdt_target
	mkdir -p "$W/trunc" && cp "$UP/usdt_target" "$bad" || return
	python3 - "$bad" <<'PY' || { why "could not shorten .note.stapsdt"; return; }
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
# ELF64 little-endian: e_shoff at 0x28, e_shentsize 0x3a, e_shnum 0x3c, e_shstrndx 0x3e
shoff, = struct.unpack_from("<Q", b, 0x28)
ent, num, stridx = struct.unpack_from("<HHH", b, 0x3a)
stroff, = struct.unpack_from("<Q", b, shoff + stridx * ent + 0x18)
for i in range(num):
    h = shoff + i * ent
    name, = struct.unpack_from("<I", b, h)
    if b[stroff + name:].split(b"\0", 1)[0] == b".note.stapsdt":
        size, = struct.unpack_from("<Q", b, h + 0x20)
        struct.pack_into("<Q", b, h + 0x20, size - 10)
        open(p, "wb").write(b)
        sys.exit(0)
sys.exit(1)
PY
	bl list usdt "$bad"
	expect_rc 1 || return
	grep_in "$W/err" "$bad: USDT note 5: truncated: its name and descriptor \([0-9]+ \+ [0-9]+ bytes\) end past the section" "list" || return
	bl run "$PYOBJ" --usdt "$bad:bltest:regs" -d 1
	expect_rc 1 || return
	grep_in "$W/err" "program py_function_entry \(section usdt\): .*USDT note 5: truncated" "run" || return
	grep -q "^attached" "$W/out" && why "something was attached" && return
	no_events "$bad"
}

t list-usdt-target test_list_target
t list-usdt-json-glob test_list_json_glob
t list-usdt-errors test_list_errors
t list-usdt-python3.11 test_list_real /usr/bin/python3.11 python:function__entry
t list-usdt-libstdc++ test_list_real /usr/lib/x86_64-linux-gnu/libstdc++.so.6 libstdcxx:throw
if [ ! -e "$OBJ" ]; then
	skip run-usdt "$OBJ is not built (needs bpftool and /sys/kernel/btf/vmlinux for vmlinux.h)"
elif [ ! -e /sys/bus/event_source/devices/uprobe ] && [ ! -e "$(tracefs_dir)/uprobe_events" ]; then
	skip run-usdt "this kernel has no uprobes"
else
	rt run-usdt-pie-pmu run_target "$OBJ" "$UP/usdt_target" auto
	rt run-usdt-nopie-pmu run_target "$OBJ" "$UP/usdt_target-nopie" auto
	rt run-usdt-pie-tracefs run_target "$OBJ" "$UP/usdt_target" tracefs
	rt run-usdt-errors test_errors_attach
fi
if [ ! -e /sys/bus/event_source/devices/uprobe ] && [ ! -e "$(tracefs_dir)/uprobe_events" ]; then
	skip run-usdt-own "this kernel has no uprobes"
else
	rt run-usdt-own-pie-pmu run_target "$OWN" "$UP/usdt_target" auto
	rt run-usdt-own-nopie-pmu run_target "$OWN" "$UP/usdt_target-nopie" auto
	rt run-usdt-own-pie-tracefs-all-maps run_target "$OWN" "$UP/usdt_target" tracefs --all-maps
	rt run-usdt-python3.11 test_python
	rt run-usdt-no-probe test_errors_no_probe
	rt run-usdt-no-maps test_errors_nomaps
	rt run-usdt-truncated-note test_errors_truncated
fi
cli_summary

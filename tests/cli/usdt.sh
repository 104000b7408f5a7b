#!/usr/bin/env bash
# tests/cli/usdt.sh — black-box tests of USDT probes: `bpfload list usdt`
# on tests/uprobe/usdt_target (and on Debian's python3.11 and libstdc++
# when present), and `bpfload run` of the libbpf-style
# build/bpf-progs/compat/usdt_args.bpf.o (libbpf's <bpf/usdt.bpf.h>)
# against usdt_target as a PIE and without PIE, by the uprobe PMU and by
# tracefs, checking every argument value it prints and that the
# semaphore was raised; the errors (no such probe, a bare SEC("usdt")
# without --usdt, an object without the USDT maps) leave nothing behind.
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

for f in "$BL" "$UP/usdt_target" "$UP/usdt_target-nopie"; do
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

# run_target EXE MODE: usdt_args.bpf.o (whose sections name the bare
# program usdt_target) against EXE, found in PATH as usdt_target; checks
# every value and that the semaphore was raised, and that nothing is
# left in uprobe_events.
run_target() {
	local src=$1 mode=$2 exe
	mkdir -p "$W/path" && cp "$src" "$W/path/usdt_target" || return
	exe=$(readlink -f "$W/path/usdt_target")
	: >"$W/run"
	PATH="$W/path:$PATH" timeout -k 2 20 "$BL" run "$OBJ" --attach-mode "$mode" \
		--cmd "$exe 2 200" >"$W/run" 2>"$W/runerr"
	RC=$?
	[ "$RC" -eq 0 ] || why "exit status $RC: $(one_line "$(cat "$W/runerr" "$W/run" | head -c 600)")" || return
	grep -q "^fired=2 sema=[1-9]" "$W/run" || why "the semaphore was not raised: $(one_line "$(grep fired "$W/run")")" || return
	for want in "usdt regs c=-7 s=-300 i=-70000" "usdt regs l=-5000000000 uc=200 us=60000" \
		"usdt regs ui=4000000000 ul=7 cnt=8" "usdt mem i=-12 s=34 l=-56" \
		"usdt consts a=5 b=-9 c=100000" "usdt noargs cnt=0 err=-2 cookie=0" "usdt sema v=42"; do
		[ "$(grep -c -- "$want\$" "$W/run")" -eq 2 ] || why "not twice: '$want' in $(one_line "$(grep usdt "$W/run" | head -c 800)")" || return
	done
	grep_in "$W/run" "^attached usdt_regs +usdt $exe:bltest:regs \(1 site, semaphore" "attach line" || return
	if grep -qF "$exe:" "$(tracefs_dir)/uprobe_events" 2>/dev/null; then
		why "uprobe_events keeps an event on $exe"
	fi
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
	grep_in "$W/err" "no USDT probe bltest:regs in $W/bin/usdt_target \(bpfload list usdt" "no probe"
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
	rt run-usdt-pie-pmu run_target "$UP/usdt_target" auto
	rt run-usdt-nopie-pmu run_target "$UP/usdt_target-nopie" auto
	rt run-usdt-pie-tracefs run_target "$UP/usdt_target" tracefs
	rt run-usdt-errors test_errors_attach
fi
cli_summary

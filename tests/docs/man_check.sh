#!/usr/bin/env bash
# tests/docs/man_check.sh — the manual page, docs/bpfload.1, against the
# command line it documents. Run by `make docs-check` as
#
#     BL_BUILD_DIR=build bash tests/docs/man_check.sh
#
#   - it renders without a warning, with man-db (`man --warnings -l`) and
#     with groff alone (`groff -man -ww -z`);
#   - every command that `bpfload --help` lists has `bpfload COMMAND --help`
#     (exit 0, "usage: bpfload COMMAND" on stdout) and a subsection of
#     COMMANDS in the page;
#   - every long option (--name) that a `bpfload COMMAND --help` mentions,
#     and the kinds of `bpfload list`, appear in the rendered page;
#   - every environment variable loader/, elf/ or arch/ reads (getenv) is
#     in its ENVIRONMENT section;
#   - the version in its title line (.TH) is BL_VERSION of loader/bpfload.h,
#     the one `bpfload --version` prints;
# so the page cannot drift from the help texts (loader/cli/*.c), which
# are the truth. A new option fails this test until the page has it.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
cli_name=cli-man
SRC=$(dirname "$0")/../..
# shellcheck source=tests/cli/lib.sh
. "$SRC/tests/cli/lib.sh"
PAGE=$SRC/docs/bpfload.1

if [ ! -x "$BL" ] || [ ! -f "$PAGE" ]; then
	echo "FAIL setup: $BL or $PAGE is missing (run make first)"
	exit 1
fi

test_man_renders() {
	command -v man >/dev/null || { NOTE="no man: not run (make deps installs man-db)"; return 0; }
	MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$PAGE" >"$W/man.txt" 2>"$W/man.err"
	[ $? -eq 0 ] || why "man -l failed: $(cat "$W/man.err")" || return
	[ ! -s "$W/man.err" ] || why "man --warnings: $(cat "$W/man.err")" || return
	grep -q '^NAME' "$W/man.txt" || why "no NAME section rendered"
}

test_groff_renders() {
	command -v groff >/dev/null || { NOTE="no groff: not run (make deps installs groff-base)"; return 0; }
	groff -man -ww -z "$PAGE" >"$W/groff.err" 2>&1 || why "groff failed: $(cat "$W/groff.err")" || return
	[ ! -s "$W/groff.err" ] || why "groff -ww: $(cat "$W/groff.err")"
}

# The page as plain ASCII text on very long lines (no line breaks inside
# an option's name).
render() {
	groff -man -Tascii -P-cbou -rLL=2000n "$PAGE" 2>/dev/null >"$W/page.txt"
}

commands() {
	"$BL" --help | awk '/^(workstation )?commands.*:$/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }'
}

test_sections() {
	local s
	render || why "groff -Tascii failed" || return
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS 'EXIT STATUS' FILES ENVIRONMENT EXAMPLES 'SEE ALSO'; do
		grep -q "^$s\$" "$W/page.txt" || why "no section $s" || return
	done
}

test_every_command() {
	local c n=0
	render || why "groff -Tascii failed" || return
	for c in $(commands); do
		n=$((n + 1))
		bl "$c" --help
		expect_rc 0 || why "bpfload $c --help: exit $RC" || return
		grep -q "^usage: bpfload $c" "$W/out" || why "bpfload $c --help: no 'usage: bpfload $c' line" || return
		grep -q "^   $c\$" "$W/page.txt" || why "command $c has no subsection in COMMANDS of docs/bpfload.1" || return
		grep -q "bpfload $c" "$W/page.txt" || why "no 'bpfload $c' in the SYNOPSIS of docs/bpfload.1" || return
	done
	[ "$n" -ge 7 ] || why "bpfload --help lists only $n commands: $(commands | tr '\n' ' ')" || return
	NOTE="$n commands"
}

test_every_option() {
	local c o n=0 missing=""
	render || why "groff -Tascii failed" || return
	for c in $(commands); do
		"$BL" "$c" --help >"$W/help" 2>&1
		for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$W/help" | sort -u); do
			n=$((n + 1))
			grep -qE -- "(^|[^a-z0-9-])$o([^a-z0-9-]|\$)" "$W/page.txt" || missing="$missing $c:$o"
		done
	done
	for o in --help --version; do
		grep -q -- "$o" "$W/page.txt" || missing="$missing bpfload:$o"
	done
	for o in kprobes tracepoints raw-tracepoints uprobes; do
		grep -q "bpfload list.*$o" "$W/page.txt" || missing="$missing list:$o"
	done
	[ -z "$missing" ] || why "not in docs/bpfload.1:$missing" || return
	NOTE="$n options"
}

# Every environment variable the code reads (getenv) is in ENVIRONMENT.
test_environment() {
	local v missing="" n=0
	render || why "groff -Tascii failed" || return
	sed -n '/^ENVIRONMENT$/,/^EXAMPLES$/p' "$W/page.txt" >"$W/env.txt"
	for v in $(grep -rhoE 'getenv\("[A-Za-z_][A-Za-z0-9_]*"\)' "$SRC/loader" \
		"$SRC/elf" "$SRC/arch" | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
		n=$((n + 1))
		grep -qw -- "$v" "$W/env.txt" || missing="$missing $v"
	done
	[ -z "$missing" ] || why "read by the code but not in ENVIRONMENT of docs/bpfload.1:$missing" || return
	NOTE="$n variables"
}

# One version string: the page's .TH, BL_VERSION, and --version.
test_version() {
	local want th
	want=$(sed -n 's/^#define BL_VERSION "\(.*\)"$/\1/p' "$SRC/loader/bpfload.h")
	[ -n "$want" ] || why "no BL_VERSION in loader/bpfload.h" || return
	th=$(sed -n 's/^\.TH BPFLOAD 1 [^ ]* "bpfload \([^"]*\)".*/\1/p' "$PAGE")
	[ "$th" = "$want" ] || why "the page's .TH says version '$th', loader/bpfload.h's BL_VERSION '$want'" || return
	bl --version
	[ "$(cat "$W/out")" = "bpfload $want" ] || why "--version says '$(cat "$W/out")', not 'bpfload $want'"
}

t man_renders test_man_renders
t groff_renders test_groff_renders
t sections test_sections
t every_command test_every_command
t every_option test_every_option
t environment test_environment
t version test_version

cli_summary

#!/usr/bin/env bash
# tests/docs/kernel_interfaces_check.sh — docs/kernel-interfaces.md against the
# code it maps. Run by `make docs-check` (no root, no kernel) as
#
#     bash tests/docs/kernel_interfaces_check.sh
#
#   - every "[path:function](../path)" names a file that exists, links to
#     that same file, and the file defines the function (a line starting
#     in column 0 with the function's name followed by "(" and not ending
#     in ";");
#   - every other relative link (not http) points to a file that exists;
#   - every bpf(2) command (enum bpf_cmd of <linux/bpf.h>) and every
#     PERF_EVENT_IOC_* request that loader/ mentions is in the page;
# so the map cannot rot when code moves or a new command is used.

set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
DOC=$SRC/docs/kernel-interfaces.md
BPF_H=${BL_BPF_H:-/usr/include/linux/bpf.h}
cli_name=cli-kif
# shellcheck source=tests/cli/lib.sh
. "$SRC/tests/cli/lib.sh"

[ -f "$DOC" ] || { echo "FAIL setup: $DOC is missing"; exit 1; }

test_functions() {
	local ref path fn link n=0 bad=""
	grep -oE '\[[A-Za-z0-9_./-]+\.[ch]:[A-Za-z_][A-Za-z0-9_]*\]\([^)]*\)' "$DOC" | sort -u >"$W/refs"
	while IFS= read -r ref; do
		n=$((n + 1))
		path=${ref#[}; path=${path%%:*}
		fn=${ref#*:}; fn=${fn%%]*}
		link=${ref#*](}; link=${link%)}
		if [ ! -f "$SRC/$path" ]; then
			bad="$bad $path:$fn (no such file)"
		elif [ "$link" != "../$path" ]; then
			bad="$bad $path:$fn (links to $link)"
		elif ! grep -E "^[A-Za-z].*[^A-Za-z0-9_]$fn\(" "$SRC/$path" | grep -qvE ';[[:space:]]*$'; then
			bad="$bad $path:$fn (not defined there)"
		fi
	done <"$W/refs"
	[ "$n" -ge 40 ] || why "only $n path:function references found" || return
	[ -z "$bad" ] || why "docs/kernel-interfaces.md:$bad" || return
	NOTE="$n path:function references"
}

test_links() {
	local l bad="" n=0
	grep -oE '\]\([^)#]+' "$DOC" | sed 's/^](//' | grep -v '://' | sort -u >"$W/links"
	while IFS= read -r l; do
		n=$((n + 1))
		[ -e "$SRC/docs/$l" ] || bad="$bad $l"
	done <"$W/links"
	[ -z "$bad" ] || why "links to missing files:$bad" || return
	NOTE="$n relative links"
}

test_every_command() {
	local c bad="" n=0
	[ -f "$BPF_H" ] || { NOTE="no $BPF_H: not run"; return 0; }
	awk '/^enum bpf_cmd \{/,/^\};/' "$BPF_H" | grep -oE '\bBPF_[A-Z_]+' | sort -u >"$W/cmds"
	grep -rhoE '\bBPF_[A-Z_]+\b' "$SRC/loader" | sort -u | comm -12 - "$W/cmds" >"$W/used"
	grep -rhoE '\bPERF_EVENT_IOC_[A-Z_]+\b' "$SRC/loader" | sort -u >>"$W/used"
	while IFS= read -r c; do
		n=$((n + 1))
		grep -q "\`$c\`" "$DOC" || bad="$bad $c"
	done <"$W/used"
	[ "$n" -ge 10 ] || why "found only $n commands in loader/" || return
	[ -z "$bad" ] || why "used in loader/ but not in docs/kernel-interfaces.md:$bad" || return
	NOTE="$n bpf commands and ioctls"
}

t functions test_functions
t links test_links
t every_command test_every_command

cli_summary

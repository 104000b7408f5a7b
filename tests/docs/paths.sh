#!/usr/bin/env bash
# tests/docs/paths.sh — every file of this tree that the documentation
# names exists. Run by `make docs-check` (no root, no build) as
#
#     bash tests/docs/paths.sh
#
#   - each path under arch/, elf/, loader/, tests/, bpf-progs/, asm-tests/
#     or docs/ ending in .c, .h, .s, .sh, .md or .supp, in README.md,
#     docs/*.md and the man page, names a file that exists; left out are
#     the kernel's own arch/x86/, arch/arm64/ and arch/arm/ (named as the kernel's)
#     and placeholders in capitals (arch/ARCH.c);
#   - the check fails on a made-up stale path, so it can fail;
# so that a file moved or renamed cannot leave a page pointing nowhere.

set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
cli_name=docs-paths
# shellcheck source=tests/cli/lib.sh
. "$SRC/tests/cli/lib.sh"

# stale_paths FILE...: "FILE: PATH" for each path named that is missing.
stale_paths() {
	local f p
	for f in "$@"; do
		grep -oE '(^|[^A-Za-z0-9_./-])(arch|elf|loader|tests|bpf-progs|asm-tests|docs)/[A-Za-z0-9_./*-]*[A-Za-z0-9_]\.(c|h|sh|md|s|supp)\b' "$f" |
			sed -E 's/^[^a-z]//' | sort -u |
			grep -vE '^arch/(x86|arm64|arm)/|[A-Z]{2,}|\*' |
			while IFS= read -r p; do
				[ -e "$SRC/$p" ] || echo "${f#"$SRC"/}: $p"
			done
	done
}

test_docs_name_existing_files() {
	local docs=("$SRC/README.md" "$SRC"/docs/*.md "$SRC/docs/bpfload.1") n
	stale_paths "${docs[@]}" >"$W/stale"
	[ ! -s "$W/stale" ] || why "stale paths: $(tr '\n' ';' <"$W/stale")" || return
	n=$(cat "${docs[@]}" | grep -oE '(arch|elf|loader|tests)/[A-Za-z0-9_./-]+\.[ch]\b' | sort -u | wc -l)
	[ "$n" -ge 50 ] || why "only $n source paths found in the documentation" || return
	NOTE="$n source paths named, all present"
}

test_catches_a_stale_path() {
	printf 'see loader/no_such_file.c and elf/object.h\n' >"$W/fake.md"
	stale_paths "$W/fake.md" >"$W/out"
	grep -q 'loader/no_such_file.c' "$W/out" || why "a missing file was not reported" || return
	! grep -q 'elf/object.h' "$W/out" || why "an existing file was reported"
}

t docs_name_existing_files test_docs_name_existing_files
t catches_a_stale_path test_catches_a_stale_path

cli_summary

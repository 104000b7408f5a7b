#!/usr/bin/env bash
# tests/cli/kconfig.sh — black-box tests of `--kconfig FILE` of `bpfload
# run` and `bpfload verify` (loader/load/kconfig.c): the values of
# `extern ... CONFIG_* __kconfig` come from that file, and a strong
# extern it lacks fails the load with a message naming it. Uses
# build/bpf-progs/compat/test_kconfig.bpf.o (libbpf-dev). Run by `make
# cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/kconfig.sh
#
# The harness is tests/cli/lib.sh's. The loading tests need root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/compat/test_kconfig.bpf.o

cli_name=cli-kconfig
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

test_help_names_kconfig() {
	local c
	for c in run verify; do
		bl "$c" --help
		[ $RC -eq 0 ] || why "$c --help exits $RC" || return
		grep -q -- '--kconfig FILE' "$W/out" || why "$c --help does not name --kconfig" || return
	done
}

test_verify_with_file() {
	printf 'CONFIG_BPF_SYSCALL=y\nCONFIG_HZ=1000\n' > "$W/config"
	bl verify --kconfig "$W/config" "$OBJ"
	expect_rc 0 || return
	grep_in "$W/out" 'read_kconfig +accepted' "verify" || return
	# the same from a gzip'd file
	gzip -c "$W/config" > "$W/config.gz"
	bl verify --kconfig "$W/config.gz" "$OBJ"
	expect_rc 0
}

test_missing_strong_extern() {
	printf 'CONFIG_HZ=1000\n' > "$W/config"
	bl verify --kconfig "$W/config" "$OBJ"
	expect_rc 1 || return
	grep_in "$W/err" "extern \(kconfig\) CONFIG_BPF_SYSCALL: no value in $W/config" "the error" || return
	# and through the environment
	BPFLOAD_KCONFIG=$W/config bl verify "$OBJ"
	expect_rc 1 || return
	grep_in "$W/err" "CONFIG_BPF_SYSCALL" "the error"
}

t help_names_kconfig test_help_names_kconfig
if [ -e "$OBJ" ]; then
	rt verify_with_file test_verify_with_file
	rt missing_strong_extern test_missing_strong_extern
else
	skip kconfig_objects "no $OBJ (built with libbpf-dev)"
fi

cli_summary

#!/bin/sh
# tests/vm/tests.d/12-static-only.sh — what only the static bpfload does
# (the VMs run the static build; docs/performance.md, "Size"): it has no
# DWARF reader, and says so when a record's type would have come from
# the object's DWARF (docs/buffers.md); and it reads uprobe targets of
# this machine's class and byte order only (no libelf converters):
# a 32-bit or big-endian ELF file is refused with a message naming why;
# and it leaves out the workstation's commands (loader/cli/main.c,
# BL_STATIC_TARGET), naming them, exit 2.
set -eu

BL=$BL_BUILD_DIR/bpfload
PROGS=$BL_BUILD_DIR/bpf-progs
OUT=/tmp/static.out
ERR=/tmp/static.err

# exec_ringbuf_local's record types are only in its DWARF: an exec while
# it runs sends a record, whose type the static build cannot find there.
RC=0
timeout 30 "$BL" run "$PROGS/exec_ringbuf_local.bpf.o" --duration 2 >$OUT 2>$ERR &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	grep -q '^running for' $OUT 2>/dev/null && break
	sleep 0.2
done
for i in 1 2 3; do /bin/true; done
wait $pid || RC=$?
if [ "$RC" -eq 0 ] && grep -q 'no DWARF reader in the static build: give --types FILE' $ERR; then
	echo "ok static-no-dwarf-hint"
else
	echo "FAIL static-no-dwarf-hint: exit $RC"
	sed 's/^/    /' $OUT $ERR | head -n 20
fi

# the smallest ELF headers of a 32-bit little-endian and a 64-bit
# big-endian executable (<elf.h>: Elf32_Ehdr, Elf64_Ehdr), no sections
z8='\000\000\000\000\000\000\000\000'
printf "\177ELF\001\001\001\000$z8\002\000\003\000\001\000\000\000$z8$z8\064\000\000\000\000\000\050\000\000\000\000\000" >/tmp/elf32
printf "\177ELF\002\002\001\000$z8\000\002\000\076\000\000\000\001$z8$z8$z8\000\000\000\000\000\100\000\000\000\000\000\100\000\000\000\000" >/tmp/elfbe
# On 32-bit arm the other class is 64-bit: an ELF64 header stands in.
if [ "$BL_ARCH" = arm ]; then
	# Elf64_Ehdr, little-endian, ET_EXEC, EM_AARCH64 (183), no sections
	printf "\177ELF\002\001\001\000$z8\002\000\267\000\001\000\000\000$z8$z8$z8\000\000\000\000\100\000\000\000\000\000\100\000\000\000\000\000" >/tmp/elf64
	other='elf64:a 64-bit ELF file, which the static bpfload does not read'
else
	other='elf32:a 32-bit ELF file, which the static bpfload does not read'
fi
for f in "$other" elfbe:'byte order differs from this machine'; do
	name=${f%%:*}
	want=${f#*:}
	RC=0
	timeout 30 "$BL" list uprobes /tmp/$name >$OUT 2>$ERR || RC=$?
	if [ "$RC" -eq 1 ] && grep -q "$want" $ERR; then
		echo "ok static-refuses-$name"
	else
		echo "FAIL static-refuses-$name: exit $RC"
		sed 's/^/    /' $OUT $ERR | head -n 5
	fi
done

# the workstation's commands: not in the static build, said so, exit 2
for args in "regs" "syscall" "btf min x -o y" "verify --compare a b"; do
	RC=0
	# shellcheck disable=SC2086
	timeout 30 "$BL" $args >$OUT 2>$ERR || RC=$?
	name=$(echo "$args" | sed 's/ .*--/-/; s/ .*//')
	if [ "$RC" -eq 2 ] && grep -q 'not in the static build' $ERR; then
		echo "ok static-leaves-out-$name"
	else
		echo "FAIL static-leaves-out-$name: exit $RC"
		sed 's/^/    /' $OUT $ERR | head -n 5
	fi
done

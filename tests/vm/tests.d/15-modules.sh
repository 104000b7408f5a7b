#!/bin/sh
# tests/vm/tests.d/15-modules.sh — the kernel modules the tests after it
# use, from Debian's kernel package (tests/vm/vm-check.sh puts them in
# /bl/modules, uncompressed): each one insmod'ed, and its BTF present
# (/sys/kernel/btf/NAME, CONFIG_DEBUG_INFO_BTF_MODULES), so that fentry
# and fexit can attach to its functions (tests/host/test_btf_attach.c,
# 70-btf-attach.sh). tun has no dependencies; open(2) of /dev/net/tun
# calls its tun_chr_open. /bl/kernel-config is the kernel's configuration
# (boot/config-* of its package).
set -eu

n=0
for ko in /bl/modules/*.ko; do
	[ -e "$ko" ] || continue
	n=$((n + 1))
	name=${ko##*/}
	name=${name%.ko}
	if insmod "$ko" 2>/tmp/insmod.err; then
		echo "ok insmod-$name"
	else
		echo "FAIL insmod-$name: $(cat /tmp/insmod.err)"
		continue
	fi
	if [ -r "/sys/kernel/btf/$name" ]; then
		echo "ok module-btf-$name ($(wc -c <"/sys/kernel/btf/$name") bytes)"
	elif ! grep -qx CONFIG_DEBUG_INFO_BTF_MODULES=y /bl/kernel-config 2>/dev/null; then
		# Debian's 5.10 (module BTF came in 5.11)
		echo "SKIP module-btf-$name: this kernel is built without CONFIG_DEBUG_INFO_BTF_MODULES"
	else
		echo "FAIL module-btf-$name: no /sys/kernel/btf/$name after insmod"
	fi
done
[ "$n" -gt 0 ] || echo "FAIL modules: none in /bl/modules (tests/vm/vm-check.sh VM_MODULES)"
if [ -c /dev/net/tun ]; then
	echo "ok dev-net-tun"
else
	echo "FAIL dev-net-tun: no /dev/net/tun (devtmpfs)"
fi

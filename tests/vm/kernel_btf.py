#!/usr/bin/env python3
"""tests/vm/kernel_btf.py KERNEL OUT: the BTF a kernel shows at
/sys/kernel/btf/vmlinux, taken on the build machine from the kernel image
of Debian's package (which has no vmlinux file), so that `bpfload btf min`
can run there as it does for a user (tests/vm/vm-check.sh, host_btf;
tests/vm/tests.d/75-no-btf.sh checks the bytes against the VM kernel's).

KERNEL is the ELF vmlinux vm-check.sh took out of an x86 bzImage (the BTF
is its .BTF section), or an arm64 Image, gzip'ed or not, where the same
bytes lie between __start_BTF and __stop_BTF with no section to name
them: they are found by their header (include/uapi/linux/btf.h:
magic 0xeB9F, version 1, flags 0, hdr_len 24; then the types at 0 and the
strings right after them, the strings starting and ending with a NUL).
Exits 1 with a message when there is none."""
import gzip
import os
import struct
import subprocess
import sys

HEADER = b'\x9f\xeb\x01\x00\x18\x00\x00\x00'


def btf_in_raw(data):
    at = data.find(HEADER)
    while at >= 0:
        type_off, type_len, str_off, str_len = struct.unpack_from('<4I', data, at + 8)
        end = at + 24 + str_off + str_len
        if (type_off == 0 and str_off == type_len and type_len > 0 and str_len > 0
                and end <= len(data) and data[at + 24 + str_off] == 0 and data[end - 1] == 0):
            return data[at:end]
        at = data.find(HEADER, at + 1)
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: kernel_btf.py KERNEL OUT')
    kernel, out = sys.argv[1], sys.argv[2]
    with open(kernel, 'rb') as f:
        img = f.read()
    if img[:4] == b'\x7fELF':
        tmp = out + '.tmp'
        r = subprocess.run(['objcopy', '--dump-section', '.BTF=' + tmp, kernel, os.devnull],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit('kernel_btf.py: %s: no .BTF section (%s)' % (kernel, r.stderr.strip()))
        with open(tmp, 'rb') as f:
            btf = f.read()
        os.unlink(tmp)
    else:
        if img[:2] == b'\x1f\x8b':
            img = gzip.decompress(img)
        btf = btf_in_raw(img)
    if not btf or btf[:8] != HEADER:
        sys.exit('kernel_btf.py: %s: no BTF found in it' % kernel)
    with open(out, 'wb') as f:
        f.write(btf)


main()

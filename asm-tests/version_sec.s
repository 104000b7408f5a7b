# version_sec.s — a "version" section.
#
# Exercises: the u32 in section "version" (old kernels compared it with
# LINUX_VERSION_CODE for kprobe programs; newer ones ignore it). The
# reader must report has_kern_version with kern_version 0x00060100
# (6.1.0). The program is a tracepoint so that it also attaches on a
# kernel without kprobes. License "Dual BSD/GPL" (GPL-compatible).
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	with_version
	.p2align	3
	.type	with_version,@function
with_version:
	call 14                         # bpf_get_current_pid_tgid
	r0 = 0
	exit
.Lwith_version_end:
	.size	with_version, .Lwith_version_end-with_version

	.section	version,"aw",@progbits
	.globl	_version
	.p2align	2
	.type	_version,@object
_version:
	.long	0x00060100
	.size	_version, 4

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"Dual BSD/GPL"
	.size	_license, 13

# reject_gpl_only.s — a GPL-only helper in a program whose license is not GPL-compatible.
# bpf_trace_printk (6) is gpl_only; the license here is "Proprietary".
#
# expect: rejected
# error-class: gpl-only
# message: cannot call GPL-restricted function from non-GPL compatible program
# hint: set the license section to "GPL" (or "Dual BSD/GPL"...): char _license[] SEC("license") = "GPL";

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_gpl_only
	.p2align	3
	.type	reject_gpl_only,@function
reject_gpl_only:
	r1 = 0
	*(u64 *)(r10 - 8) = r1
	r1 = r10
	r1 += -8
	r2 = 8
	call 6                          # bpf_trace_printk
	r0 = 0
	exit
.Lreject_gpl_only_end:
	.size	reject_gpl_only, .Lreject_gpl_only_end-reject_gpl_only

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"Proprietary"
	.size	_license, 12

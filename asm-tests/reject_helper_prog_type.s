# reject_helper_prog_type.s — a helper this program type may not call.
# bpf_skb_load_bytes (26) is for socket filters and TC, not tracepoints.
#
# expect: rejected
# min-kernel: 6.18 (the message as checked on 6.18; Debian 6.1 words or reports it otherwise)
# error-class: helper-not-allowed
# message: program of this type cannot use helper bpf_skb_load_bytes#26
# hint: each program type has its own set of helpers (see bpf-helpers(7)); use a helper of this type, or a program type that has this one

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_helper_prog_type
	.p2align	3
	.type	reject_helper_prog_type,@function
reject_helper_prog_type:
	r1 = 0
	r2 = 0
	r3 = r10
	r3 += -8
	r4 = 8
	call 26                         # bpf_skb_load_bytes
	r0 = 0
	exit
.Lreject_helper_prog_type_end:
	.size	reject_helper_prog_type, .Lreject_helper_prog_type_end-reject_helper_prog_type

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

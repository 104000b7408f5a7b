# reject_ctx_oob.s — a tracepoint program that reads far past its context.
#
# expect: rejected
# error-class: ctx-access
# message: invalid bpf_context access off=8192 size=8
# hint: read the context only at the offsets and sizes its type defines (for kprobes struct pt_regs, read-only), and never write it unless the type allows it

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_ctx_oob
	.p2align	3
	.type	reject_ctx_oob,@function
reject_ctx_oob:
	r0 = *(u64 *)(r1 + 8192)
	exit
.Lreject_ctx_oob_end:
	.size	reject_ctx_oob, .Lreject_ctx_oob_end-reject_ctx_oob

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

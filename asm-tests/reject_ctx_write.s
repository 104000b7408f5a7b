# reject_ctx_write.s — a kprobe program that writes into its context (struct pt_regs).
# Offset 112 is pt_regs->di on x86_64: the first argument.
#
# expect: rejected
# error-class: ctx-access
# message: invalid bpf_context access off=112 size=8
# hint: read the context only at the offsets and sizes its type defines (for kprobes struct pt_regs, read-only), and never write it unless the type allows it

	.section	kprobe/do_unlinkat,"ax",@progbits
	.globl	reject_ctx_write
	.p2align	3
	.type	reject_ctx_write,@function
reject_ctx_write:
	r2 = 0
	*(u64 *)(r1 + 112) = r2
	r0 = 0
	exit
.Lreject_ctx_write_end:
	.size	reject_ctx_write, .Lreject_ctx_write_end-reject_ctx_write

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

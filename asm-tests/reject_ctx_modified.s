# reject_ctx_modified.s — a context pointer moved before it is dereferenced.
#
# expect: rejected
# error-class: ctx-modified
# message: dereference of modified ctx ptr R1 off=8 disallowed
# hint: read the context at ctx + constant directly (r1 + 8), do not add to the context pointer first

	.section	kprobe/do_unlinkat,"ax",@progbits
	.globl	reject_ctx_modified
	.p2align	3
	.type	reject_ctx_modified,@function
reject_ctx_modified:
	r1 += 8
	r0 = *(u64 *)(r1 + 0)
	exit
.Lreject_ctx_modified_end:
	.size	reject_ctx_modified, .Lreject_ctx_modified_end-reject_ctx_modified

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

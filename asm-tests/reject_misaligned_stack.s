# reject_misaligned_stack.s — an 8-byte store at a stack offset that is not a multiple of 8.
#
# expect: rejected
# error-class: misaligned
# message: misaligned stack access
# hint: align the offset to the access size (8-byte loads at multiples of 8); on the stack this is always required

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_misaligned_stack
	.p2align	3
	.type	reject_misaligned_stack,@function
reject_misaligned_stack:
	r1 = 0
	*(u64 *)(r10 - 12) = r1
	r0 = 0
	exit
.Lreject_misaligned_stack_end:
	.size	reject_misaligned_stack, .Lreject_misaligned_stack_end-reject_misaligned_stack

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

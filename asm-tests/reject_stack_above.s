# reject_stack_above.s — a read above the frame pointer: the stack is r10-512 .. r10-1.
#
# expect: rejected
# error-class: stack-out-of-bounds
# message: invalid read from stack R10 off=8 size=8
# hint: stack offsets are r10-512 .. r10-1; keep large buffers in a per-CPU array map instead of on the stack

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_stack_above
	.p2align	3
	.type	reject_stack_above,@function
reject_stack_above:
	r0 = *(u64 *)(r10 + 8)
	exit
.Lreject_stack_above_end:
	.size	reject_stack_above, .Lreject_stack_above_end-reject_stack_above

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# reject_stack_oob.s — a store below the 512-byte stack.
#
# expect: rejected
# error-class: stack-out-of-bounds
# message: invalid write to stack R10 off=-520 size=8
# hint: stack offsets are r10-512 .. r10-1; keep large buffers in a per-CPU array map instead of on the stack

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_stack_oob
	.p2align	3
	.type	reject_stack_oob,@function
reject_stack_oob:
	r1 = 0
	*(u64 *)(r10 - 520) = r1
	r0 = 0
	exit
.Lreject_stack_oob_end:
	.size	reject_stack_oob, .Lreject_stack_oob_end-reject_stack_oob

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# reject_ptr_mul.s — multiplication of the stack pointer.
#
# expect: rejected
# error-class: pointer-arithmetic
# message: R1 pointer arithmetic with *= operator prohibited
# hint: only add or subtract scalars to pointers to stack, map values and packets; keep map pointers and ctx as they are

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_ptr_mul
	.p2align	3
	.type	reject_ptr_mul,@function
reject_ptr_mul:
	r1 = r10
	r1 *= 2
	r0 = 0
	exit
.Lreject_ptr_mul_end:
	.size	reject_ptr_mul, .Lreject_ptr_mul_end-reject_ptr_mul

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

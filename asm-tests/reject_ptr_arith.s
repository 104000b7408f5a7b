# reject_ptr_arith.s — arithmetic on a map pointer (the map itself, not a value).
#
# expect: rejected
# error-class: pointer-arithmetic
# message: R1 pointer arithmetic on map_ptr prohibited
# hint: only add or subtract scalars to pointers to stack, map values and packets; keep map pointers and ctx as they are

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_ptr_arith
	.p2align	3
	.type	reject_ptr_arith,@function
reject_ptr_arith:
	r1 = counts ll
	r1 += 8
	r0 = 0
	exit
.Lreject_ptr_arith_end:
	.size	reject_ptr_arith, .Lreject_ptr_arith_end-reject_ptr_arith

	.section	maps,"aw",@progbits
	.globl	counts
	.p2align	2
	.type	counts,@object
counts:
	.long	1, 4, 8, 16, 0
	.size	counts, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

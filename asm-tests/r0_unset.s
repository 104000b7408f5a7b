# r0_unset.s — a program that exits without setting r0.
#
# Exercises: the verifier's check that the return value register was
# written on every path to exit. Only r1 (the context) and r10 (the frame
# pointer) are initialised at entry, so reading r0 at "exit" is reading an
# uninitialised register.
#
# expect: rejected
# error-class: uninit-reg
# message: R0 !read_ok
# hint: set r0 (the program's return value) before every exit, e.g. "r0 = 0"

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	r0_unset
	.p2align	3
	.type	r0_unset,@function
r0_unset:
	r1 = 0
	exit
.Lr0_unset_end:
	.size	r0_unset, .Lr0_unset_end-r0_unset

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# bounded_loop.s — a loop with a constant bound (kernels since 5.3 accept it).
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	bounded_loop
	.p2align	3
	.type	bounded_loop,@function
bounded_loop:
	r0 = 0
	r1 = 0
.Lagain:
	r0 += r1
	r1 += 1
	if r1 < 16 goto .Lagain
	r0 = 0
	exit
.Lbounded_loop_end:
	.size	bounded_loop, .Lbounded_loop_end-bounded_loop

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# reject_infinite_loop.s — a jump back to itself: a loop that never ends.
#
# expect: rejected
# error-class: infinite-loop
# message: infinite loop detected at insn 1
# hint: give every loop a bound the verifier can track (a counter compared with a constant), or use bpf_loop()

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_infinite_loop
	.p2align	3
	.type	reject_infinite_loop,@function
reject_infinite_loop:
	r0 = 0
.Lagain:
	goto .Lagain
.Lreject_infinite_loop_end:
	.size	reject_infinite_loop, .Lreject_infinite_loop_end-reject_infinite_loop

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

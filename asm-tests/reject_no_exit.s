# reject_no_exit.s — a program whose last instruction is not exit: it falls off the end.
#
# expect: rejected
# error-class: no-exit
# message: last insn is not an exit or jmp
# hint: end every path with an exit instruction (return from the function)

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_no_exit
	.p2align	3
	.type	reject_no_exit,@function
reject_no_exit:
	r0 = 0
.Lreject_no_exit_end:
	.size	reject_no_exit, .Lreject_no_exit_end-reject_no_exit

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

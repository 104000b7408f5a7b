# reject_unreachable.s — an instruction no path reaches.
#
# expect: rejected
# error-class: unreachable
# message: unreachable insn 2
# hint: remove the dead code; usually a jump offset is off by one or an exit comes too early

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_unreachable
	.p2align	3
	.type	reject_unreachable,@function
reject_unreachable:
	r0 = 0
	exit
	r0 = 1
	exit
.Lreject_unreachable_end:
	.size	reject_unreachable, .Lreject_unreachable_end-reject_unreachable

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# reject_unknown_opcode.s — an instruction with an opcode BPF does not have (0xff).
#
# expect: rejected
# error-class: unknown-opcode
# message: unknown opcode ff
# hint: the instruction is malformed or newer than this kernel (check the opcode, or build with an older -mcpu)

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_unknown_opcode
	.p2align	3
	.type	reject_unknown_opcode,@function
reject_unknown_opcode:
	r0 = 0
	.byte 0xff, 0, 0, 0, 0, 0, 0, 0
	exit
.Lreject_unknown_opcode_end:
	.size	reject_unknown_opcode, .Lreject_unknown_opcode_end-reject_unknown_opcode

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

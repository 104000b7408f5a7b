# reject_jump_range.s — a jump past the end of the program.
#
# expect: rejected
# error-class: jump-out-of-range
# message: jump out of range from insn 1 to
# hint: fix the jump offset; with ld_imm64 remember that it takes two instruction slots

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_jump_range
	.p2align	3
	.type	reject_jump_range,@function
reject_jump_range:
	r0 = 0
	goto +10
	exit
.Lreject_jump_range_end:
	.size	reject_jump_range, .Lreject_jump_range_end-reject_jump_range

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

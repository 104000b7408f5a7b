# kprobe_read_arg.s — a kprobe program reading argument 1 (pt_regs->di on x86_64) from
# its context.
#
# expect: accepted
# needs: 64-bit (offset 112 of struct pt_regs, x86_64's di: past the end of 32-bit arm's 72-byte one)

	.section	kprobe/do_unlinkat,"ax",@progbits
	.globl	kprobe_read_arg
	.p2align	3
	.type	kprobe_read_arg,@function
kprobe_read_arg:
	r0 = *(u64 *)(r1 + 112)
	r0 = 0
	exit
.Lkprobe_read_arg_end:
	.size	kprobe_read_arg, .Lkprobe_read_arg_end-kprobe_read_arg

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# reject_uninit_reg.s — a register used before anything was put in it.
#
# expect: rejected
# error-class: uninit-reg
# message: R2 !read_ok
# hint: set the register first; "R0 !read_ok" at exit means the function does not return a value on that path

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_uninit_reg
	.p2align	3
	.type	reject_uninit_reg,@function
reject_uninit_reg:
	r0 = r2
	exit
.Lreject_uninit_reg_end:
	.size	reject_uninit_reg, .Lreject_uninit_reg_end-reject_uninit_reg

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

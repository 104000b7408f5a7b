# reject_unknown_helper.s — a call of a helper id no kernel has.
#
# expect: rejected
# error-class: unknown-helper
# message: invalid func unknown#999
# hint: the helper is newer than the running kernel (or the call's id is wrong); use an older helper or a newer kernel

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_unknown_helper
	.p2align	3
	.type	reject_unknown_helper,@function
reject_unknown_helper:
	call 999
	r0 = 0
	exit
.Lreject_unknown_helper_end:
	.size	reject_unknown_helper, .Lreject_unknown_helper_end-reject_unknown_helper

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

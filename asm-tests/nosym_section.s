# nosym_section.s — a program section without a function symbol.
#
# Exercises: an executable section "tp/syscalls/sys_enter_getpid" that has
# instructions but no symbol at all (hand-written assembly often looks
# like this). The reader must treat the whole section as one program
# named after the section (3 instructions); the loader must turn that
# name into a valid kernel program name (the kernel allows only
# [A-Za-z0-9_.], at most 15 characters).
#
# expect: accepted

	.section	tp/syscalls/sys_enter_getpid,"ax",@progbits
	.p2align	3
	r1 = 7
	r0 = r1
	exit

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

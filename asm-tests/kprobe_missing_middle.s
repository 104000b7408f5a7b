# kprobe_missing_middle.s — three kprobes; the second names a function no
# kernel has.
#
# Exercises: attaching that fails midway. The first kprobe is attached
# (through the PMU, or as a tracefs event), the second fails with
# "function bpfload_no_such_function does not exist", and the first must
# be detached again and its tracefs event removed; the third is never
# tried.
#
# expect: accepted

	.section	kprobe/do_unlinkat,"ax",@progbits
	.globl	first
	.p2align	3
	.type	first,@function
first:
	r0 = 0
	exit
.Lfirst_end:
	.size	first, .Lfirst_end-first

	.section	kprobe/bpfload_no_such_function,"ax",@progbits
	.globl	second
	.p2align	3
	.type	second,@function
second:
	r0 = 0
	exit
.Lsecond_end:
	.size	second, .Lsecond_end-second

	.section	kprobe/do_rmdir,"ax",@progbits
	.globl	third
	.p2align	3
	.type	third,@function
third:
	r0 = 0
	exit
.Lthird_end:
	.size	third, .Lthird_end-third

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# attach_missing_tp.s — two programs that load; the second names a
# tracepoint that does not exist.
#
# Exercises: bl_attach rolling back. The first program attaches; the
# second fails (tracefs has no events/bpfload_none/no_such_event), and the
# first must be detached again before bl_attach returns the error.
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	attaches
	.p2align	3
	.type	attaches,@function
attaches:
	r0 = 0
	exit
.Lattaches_end:
	.size	attaches, .Lattaches_end-attaches

	.section	tracepoint/bpfload_none/no_such_event,"ax",@progbits
	.globl	cannot_attach
	.p2align	3
	.type	cannot_attach,@function
cannot_attach:
	r0 = 0
	exit
.Lcannot_attach_end:
	.size	cannot_attach, .Lcannot_attach_end-cannot_attach

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

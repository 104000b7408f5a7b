# reject_scalar_deref.s — a number used as a pointer.
#
# expect: rejected
# error-class: scalar-deref
# message: R1 invalid mem access 'scalar'
# min-kernel: 5.17 (the verifier's log says 'inv' for a scalar before 5.17; Debian 5.10 words it "R1 invalid mem access 'inv'")
# hint: dereference only pointers the verifier knows (ctx, stack, map values, packets); kernel memory is read with bpf_probe_read_kernel()

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_scalar_deref
	.p2align	3
	.type	reject_scalar_deref,@function
reject_scalar_deref:
	r1 = 4096
	r0 = *(u64 *)(r1 + 0)
	exit
.Lreject_scalar_deref_end:
	.size	reject_scalar_deref, .Lreject_scalar_deref_end-reject_scalar_deref

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

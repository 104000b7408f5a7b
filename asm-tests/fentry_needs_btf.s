# fentry_needs_btf.s — a program type bpfload recognises but cannot load
# yet.
#
# Exercises: SEC("fentry/FUNCTION") is BPF_PROG_TYPE_TRACING with
# expected_attach_type BPF_TRACE_FENTRY; the kernel only loads it with
# attr.attach_btf_id, the BTF id of the function in the kernel's BTF. Until
# bpfload reads that BTF (the modern-objects issue) it says so instead of
# passing the kernel's bare EINVAL on.
#
# expect: unsupported
# message: need attach_btf_id from the kernel's BTF

	.section	fentry/do_unlinkat,"ax",@progbits
	.globl	on_unlink
	.p2align	3
	.type	on_unlink,@function
on_unlink:
	r0 = 0
	exit
.Lon_unlink_end:
	.size	on_unlink, .Lon_unlink_end-on_unlink

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

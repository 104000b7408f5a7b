# fentry_missing_func.s — an fentry program on a function the kernel's
# BTF does not have.
#
# Exercises: SEC("fentry/FUNCTION") is BPF_PROG_TYPE_TRACING with
# expected_attach_type BPF_TRACE_FENTRY; the kernel loads it only with
# attr.attach_btf_id, the id of FUNCTION in its BTF
# (loader/load/attach_target.c). A name that is in neither vmlinux's BTF
# nor a loaded module's is refused before BPF_PROG_LOAD, with the reasons
# a function can be missing (inlined, static and never emitted, notrace)
# and what to use instead. The same on every kernel with BTF, whether it
# makes BPF trampolines or not.
#
# expect: unsupported
# needs: kernel-btf
# message: FUNC 'bl_no_such_function' is in neither the kernel's BTF

	.section	fentry/bl_no_such_function,"ax",@progbits
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

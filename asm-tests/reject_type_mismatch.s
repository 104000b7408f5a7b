# reject_type_mismatch.s — a number passed where a helper wants a map.
#
# expect: rejected
# error-class: type-mismatch
# message: R1 type=scalar expected=map_ptr
# min-kernel: 5.17 (Debian 5.10 says "R1 type=inv expected=map_ptr")
# hint: pass what the helper's prototype asks for (see bpf-helpers(7)): a map is `r1 = map ll`, a pointer to the stack is r10 plus a negative offset

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_type_mismatch
	.p2align	3
	.type	reject_type_mismatch,@function
reject_type_mismatch:
	r1 = 0
	r2 = r10
	r2 += -8
	call 1                          # bpf_map_lookup_elem(0, ...)
	r0 = 0
	exit
.Lreject_type_mismatch_end:
	.size	reject_type_mismatch, .Lreject_type_mismatch_end-reject_type_mismatch

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

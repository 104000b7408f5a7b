# null_deref.s — a map value used without the NULL check.
#
# Exercises: bpf_map_lookup_elem returns "map value or NULL"; the verifier
# refuses any access through r0 until a branch has ruled NULL out. This is
# map_lookup.s with the "if r0 == 0 goto" removed.
#   map counts: BPF_MAP_TYPE_HASH (1), key 4, value 8, max_entries 16, flags 0
#
# expect: rejected
# error-class: null-deref
# message: invalid mem access 'map_value_or_null'
# hint: test the pointer returned by bpf_map_lookup_elem ("if r0 == 0 goto ...") before using it

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	null_deref
	.p2align	3
	.type	null_deref,@function
null_deref:
	r1 = 0
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1                          # bpf_map_lookup_elem
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1     # r0 may be NULL here
	r0 = 0
	exit
.Lnull_deref_end:
	.size	null_deref, .Lnull_deref_end-null_deref

	.section	maps,"aw",@progbits
	.globl	counts
	.p2align	2
	.type	counts,@object
counts:
	.long	1, 4, 8, 16, 0
	.size	counts, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

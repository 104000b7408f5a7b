# reject_unbounded_index.s — a map value indexed by a number the verifier cannot bound.
# The index comes from bpf_get_prandom_u32 and is added to the value
# pointer without a check: the access could be anywhere.
#
# expect: rejected
# error-class: unbounded-access
# message: with unbounded min value is not allowed
# hint: check the index against both ends before using it ("if (i >= N) return" with i unsigned)

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_unbounded_index
	.p2align	3
	.type	reject_unbounded_index,@function
reject_unbounded_index:
	r1 = 0
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1                          # bpf_map_lookup_elem
	if r0 == 0 goto .Lout
	r6 = r0
	call 7                          # bpf_get_prandom_u32
	r6 += r0                        # no bound on r0
	r1 = 1
	*(u8 *)(r6 + 0) = r1
.Lout:
	r0 = 0
	exit
.Lreject_unbounded_index_end:
	.size	reject_unbounded_index, .Lreject_unbounded_index_end-reject_unbounded_index

	.section	maps,"aw",@progbits
	.globl	counts
	.p2align	2
	.type	counts,@object
counts:
	.long	2, 4, 8, 1, 0
	.size	counts, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# reject_negative_index.s — a map value indexed by a signed number that may be negative.
# The index is checked against the upper end only (signed compare), so
# its minimum is still negative.
#
# expect: rejected
# error-class: unbounded-access
# message: makes map_value pointer be out of bounds
# hint: check the index against both ends before using it ("if (i >= N) return" with i unsigned)

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_negative_index
	.p2align	3
	.type	reject_negative_index,@function
reject_negative_index:
	r1 = 0
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1                          # bpf_map_lookup_elem
	if r0 == 0 goto .Lout
	r6 = r0
	call 7                          # bpf_get_prandom_u32
	r0 <<= 32
	r0 s>>= 32                      # a signed 32-bit number
	if r0 s> 7 goto .Lout           # upper bound only
	r6 += r0
	r1 = 1
	*(u8 *)(r6 + 0) = r1
.Lout:
	r0 = 0
	exit
.Lreject_negative_index_end:
	.size	reject_negative_index, .Lreject_negative_index_end-reject_negative_index

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

# map_value_oob.s — an access past the end of a map value.
#
# Exercises: the verifier's bounds check on map values. The value is 8
# bytes; the program writes 8 bytes at offset 8, after a correct NULL check.
# The verifier prints "invalid access to map value, value_size=8 off=8
# size=8" and then, as its last line before the statistics, the line below.
#   map counts: BPF_MAP_TYPE_ARRAY (2), key 4, value 8, max_entries 1, flags 0
#
# expect: rejected
# error-class: invalid-mem-access
# message: min value is outside of the allowed memory range
# hint: the offset plus the access size must stay within the map's value_size

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	map_value_oob
	.p2align	3
	.type	map_value_oob,@function
map_value_oob:
	r1 = 0
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1                          # bpf_map_lookup_elem
	if r0 == 0 goto .Lout
	r1 = 1
	*(u64 *)(r0 + 8) = r1           # one past the 8-byte value
.Lout:
	r0 = 0
	exit
.Lmap_value_oob_end:
	.size	map_value_oob, .Lmap_value_oob_end-map_value_oob

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

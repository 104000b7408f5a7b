# maps_long_def.s — legacy maps with definitions longer than iproute2's.
#
# Exercises: two map symbols in "maps" whose records are 40 bytes: the
# nine u32 of iproute2's struct bpf_elf_map (type, key_size, value_size,
# max_entries, flags, id, pinning, inner_id, inner_idx) and a tenth that
# no loader knows. bpfload reads a definition longer than 36 bytes when
# every byte past the ninth field is zero (a tenth that is not zero is
# refused: the unit tests patch it). The definition size is the section
# size divided by the number of map symbols: 80 / 2 = 40.
#   map first:  BPF_MAP_TYPE_ARRAY (2), key 4, value 8, max 1, id 5, inner_idx 0
#   map second: BPF_MAP_TYPE_HASH (1),  key 4, value 4, max 8, pinning PIN_NONE
# The program references the second map.
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	long_def
	.p2align	3
	.type	long_def,@function
long_def:
	r1 = 0
	*(u32 *)(r10 - 4) = r1          # key = 0
	r2 = r10
	r2 += -4
	r1 = second ll
	call 1                          # bpf_map_lookup_elem
	r0 = 0
	exit
.Llong_def_end:
	.size	long_def, .Llong_def_end-long_def

	.section	maps,"aw",@progbits
	.p2align	2
	.globl	first
	.type	first,@object
first:
	.long	2, 4, 8, 1, 0, 5, 0, 0, 0, 0
	.size	first, 40
	.globl	second
	.type	second,@object
second:
	.long	1, 4, 4, 8, 0, 0, 0, 0, 0, 0
	.size	second, 40

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# two_progs.s — two programs in one section.
#
# Exercises: two global functions in the same executable section. The
# reader must cut the section at the symbols: prog_first at byte 0 (2
# instructions), prog_second at byte 16 (12 instructions). prog_second's
# map relocation sits at instruction 6 of the section, which is
# instruction 4 of prog_second: relocation indexes are per program.
#   map hits: BPF_MAP_TYPE_ARRAY (2), key 4, value 8, max_entries 2, flags 0
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getpid,"ax",@progbits
	.globl	prog_first
	.p2align	3
	.type	prog_first,@function
prog_first:
	r0 = 0
	exit
.Lprog_first_end:
	.size	prog_first, .Lprog_first_end-prog_first

	.globl	prog_second
	.p2align	3
	.type	prog_second,@function
prog_second:
	r1 = 1
	*(u32 *)(r10 - 4) = r1          # key = 1
	r2 = r10
	r2 += -4
	r1 = hits ll
	call 1                          # bpf_map_lookup_elem
	if r0 == 0 goto .Lsecond_out
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
.Lsecond_out:
	r0 = 0
	exit
.Lprog_second_end:
	.size	prog_second, .Lprog_second_end-prog_second

	.section	maps,"aw",@progbits
	.globl	hits
	.p2align	2
	.type	hits,@object
hits:
	.long	2                       # type: BPF_MAP_TYPE_ARRAY
	.long	4                       # key_size
	.long	8                       # value_size
	.long	2                       # max_entries
	.long	0                       # map_flags
	.size	hits, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

# map_lookup.s — a legacy map, an ld_imm64 map relocation, a helper call.
#
# Exercises: the "maps" section with one struct bpf_map_def-style record
# (type, key_size, value_size, max_entries, map_flags: 20 bytes), the
# R_BPF_64_64 relocation of "r1 = counts ll" (instruction 4 of the
# program), call 1 (bpf_map_lookup_elem) and the NULL check the verifier
# requires before the value is written.
#   map counts: BPF_MAP_TYPE_HASH (1), key 4, value 8, max_entries 16, flags 0
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	count_getppid
	.p2align	3
	.type	count_getppid,@function
count_getppid:
	r1 = 0
	*(u32 *)(r10 - 4) = r1          # key = 0 on the stack
	r2 = r10
	r2 += -4                        # r2 = &key
	r1 = counts ll                  # relocated: the map's fd
	call 1                          # bpf_map_lookup_elem(map, &key)
	if r0 == 0 goto .Lout           # the NULL check
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
.Lout:
	r0 = 0
	exit
.Lcount_getppid_end:
	.size	count_getppid, .Lcount_getppid_end-count_getppid

	.section	maps,"aw",@progbits
	.globl	counts
	.p2align	2
	.type	counts,@object
counts:
	.long	1                       # type: BPF_MAP_TYPE_HASH
	.long	4                       # key_size
	.long	8                       # value_size
	.long	16                      # max_entries
	.long	0                       # map_flags
	.size	counts, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

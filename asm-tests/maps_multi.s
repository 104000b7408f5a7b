# maps_multi.s — several legacy maps with a longer definition record.
#
# Exercises: three map symbols in "maps" whose records are 28 bytes (the
# five usual u32 fields followed by the id and pinning of iproute2's
# struct bpf_elf_map, as cilium's older programs wrote it; here zero).
# The definition size is the section size divided by the number of map
# symbols: 84 / 3 = 28.
# The ring buffer has key_size 0, which is legal only for that map type.
# The program references the second and the third map, so the relocations
# must carry map indexes, not just "a map".
#   map arr:    BPF_MAP_TYPE_ARRAY (2),    key 4, value 8, max 4,     flags 0
#   map hash:   BPF_MAP_TYPE_HASH (1),     key 8, value 16, max 128,  flags 1 (BPF_F_NO_PREALLOC)
#   map events: BPF_MAP_TYPE_RINGBUF (27), key 0, value 0, max 4096,  flags 0
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	multi
	.p2align	3
	.type	multi,@function
multi:
	call 14                         # bpf_get_current_pid_tgid
	*(u64 *)(r10 - 8) = r0          # key = pid_tgid
	r2 = r10
	r2 += -8
	r1 = hash ll                    # second map
	call 1                          # bpf_map_lookup_elem
	if r0 == 0 goto .Lemit
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
.Lemit:
	r2 = r10
	r2 += -8                        # data = &key
	r1 = events ll                  # third map
	r3 = 8                          # size
	r4 = 0                          # flags
	call 130                        # bpf_ringbuf_output
	r0 = 0
	exit
.Lmulti_end:
	.size	multi, .Lmulti_end-multi

	.section	maps,"aw",@progbits
	.p2align	2
	.globl	arr
	.type	arr,@object
arr:
	.long	2, 4, 8, 4, 0, 0, 0
	.size	arr, 28
	.globl	hash
	.type	hash,@object
hash:
	.long	1, 8, 16, 128, 1, 0, 0
	.size	hash, 28
	.globl	events
	.type	events,@object
events:
	.long	27, 0, 0, 4096, 0, 0, 0
	.size	events, 28

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4

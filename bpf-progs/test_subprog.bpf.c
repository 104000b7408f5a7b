/* test_subprog.bpf.c - test object: bpf-to-bpf calls and a callback.
 *
 * For the loader's tests.  Functions that are not inlined are
 * subprograms: the loader appends each one a program calls (directly or
 * through another subprogram) after the program's instructions, once per
 * program, and fixes the calls' offsets.  Here:
 *   square      global, in .text: the verifier checks it on its own,
 *               which needs the BTF func_info of the program
 *   cube        global but hidden: checked like a static function
 *   sum3        static, in .text, calls square
 *   store       static, in .text, uses the map results and the
 *               variable stores (relocations inside a subprogram)
 *   loop_step   static, a bpf_loop callback: its address is an ld_imm64
 *               of src_reg BPF_PSEUDO_FUNC
 *   plus_seven  static, in the program's own section: called without a
 *               relocation
 * Both programs call square and store: each gets its own copy.
 *
 * Run:     bpfload run build/bpf-progs/test_subprog.bpf.o
 * Trigger: getppid(2) (the tracepoint program) and any system call (the
 *          raw tracepoint one)
 * Output:  results[0] = square(7) = 49, [1] = sum3(1, 2, 3) = 12,
 *          [2] = the number of bpf_loop calls (loops, 5),
 *          [3] = 0 + 1 + ... + (loops - 1) = 10, [4] = plus_seven(5 + 30) = 42,
 *          [5] = square(12) = 144 (from the raw tracepoint program),
 *          [6] = cube(3) = 27;
 *          in test_sub.bss, stores counts the calls of store.
 */
#include "bpfload.bpf.h"

BL_LEGACY_MAP(results, BPF_MAP_TYPE_ARRAY, __u32, __u64, 8);

const volatile __u32 loops = 5;		/* .rodata */
__u64 stores;				/* .bss, counted in a subprogram */

struct loop_ctx {
	__u64 sum;
	__u32 calls;
};

__noinline int square(int x)
{
	return x * x;
}

/* global but hidden: verified like a static function (in its caller's
 * context), as libbpf arranges by making its BTF FUNC static */
__attribute__((visibility("hidden"))) __noinline __u64 cube(__u64 x)
{
	return x * x * x;
}

static __noinline __u64 sum3(__u64 a, __u64 b, __u64 c)
{
	return a + b + (__u64)square((int)c);
}

static __noinline void store(__u32 key, __u64 value)
{
	__u64 *slot = bpf_map_lookup_elem(&results, &key);

	if (slot)
		*slot = value;
	__sync_fetch_and_add(&stores, 1);
}

static int loop_step(__u32 index, void *data)
{
	struct loop_ctx *c = data;

	c->sum += index;
	c->calls++;
	return 0;
}

static __noinline __attribute__((section("tracepoint/syscalls/sys_enter_getppid")))
__u64 plus_seven(__u64 x)
{
	return x + 7;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int call_subprogs(void *ctx)
{
	struct loop_ctx lc = { 0, 0 };

	(void)ctx;
	store(0, (__u64)square(7));
	store(1, sum3(1, 2, 3));
	bpf_loop(loops, loop_step, &lc, 0);
	store(2, lc.calls);
	store(3, lc.sum);
	store(4, plus_seven(lc.calls + 30)); /* not a constant: not folded away */
	store(6, cube(3));
	return 0;
}

SEC("raw_tp/sys_enter")
int call_square(void *ctx)
{
	(void)ctx;
	store(5, (__u64)square(12));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

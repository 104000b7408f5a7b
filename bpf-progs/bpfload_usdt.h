/* bpfload_usdt.h - reading a USDT probe's arguments in a BPF program
 * built with bpf-progs/bpfload.bpf.h alone (no libbpf headers).
 *
 * It offers what libbpf's <bpf/usdt.bpf.h> offers, under the same names
 * and with the same maps, so that the loader (loader/attach/usdt.c) fills
 * them the same way for either header; docs/usdt.md tells the story:
 *
 *   bpf_usdt_arg_cnt(ctx)        the number of arguments of the site that
 *                                fired, or -ESRCH (3) negated when the
 *                                loader gave it no spec;
 *   bpf_usdt_arg(ctx, n, &val)   argument n (from 0) as a long, sign- or
 *                                zero-extended from its size; 0, or
 *                                -ENOENT (n past the last), -ESRCH, or a
 *                                helper's error (an unreadable address);
 *   bpf_usdt_cookie(ctx)         the spec's cookie (0 as bpfload attaches);
 *   BPF_USDT(name, args...)      a program whose C parameters are the
 *                                probe's arguments:
 *
 *     SEC("usdt/usdt_target:bltest:consts")
 *     int BPF_USDT(consts, int a, int b, int c)
 *     {
 *             bpf_printk("a=%d b=%d c=%d", a, b, c);
 *             return 0;
 *     }
 *
 * The maps (one per object: __weak, so several files of one object share
 * them):
 *   __bpf_usdt_specs           array, key int, value struct
 *                              __bpf_usdt_spec (208 bytes): per site, where
 *                              each argument is;
 *   __bpf_usdt_ip_to_spec_id   hash, key long (the site's address in the
 *                              process), value __u32 spec id: read only on
 *                              kernels without BPF cookies.
 * A site's spec id is its BPF cookie (bpf_get_attach_cookie, Linux 5.15)
 * when the kernel has cookies, which the kconfig extern
 * LINUX_HAS_BPF_COOKIE says (the loader sets it, loader/load/kconfig.c);
 * the value is constant for the verifier (a frozen read-only map), which
 * then never looks at the branch the kernel cannot run: an older kernel
 * does not see the call of a helper it lacks.  Else the id is found by
 * the instruction pointer, PT_REGS_IP(ctx), which bpfload_regs_ARCH.h
 * generates from arch/'s table (a uprobe's ip is the probed address).
 *
 * Where an argument is (a register, memory at a register plus an
 * offset, or a constant) the loader worked out from the note; the
 * register is given as its byte offset in struct pt_regs, which the
 * loader takes from the same tables in arch/.  So nothing here depends
 * on the architecture but PT_REGS_IP.  Needs -D__TARGET_ARCH_x86 or
 * -D__TARGET_ARCH_arm64, as PT_REGS_* do.
 *
 * The functions are static __always_inline (libbpf's are __weak __hidden
 * subprograms): each program gets its own copy, which any loader takes.
 */
#ifndef BPFLOAD_USDT_H
#define BPFLOAD_USDT_H

#include "bpfload.bpf.h"

#ifndef PT_REGS_IP
#error "bpfload_usdt.h needs PT_REGS_IP: compile with -D__TARGET_ARCH_x86 or -D__TARGET_ARCH_arm64"
#endif

/* The spec ids: the loader checks that __bpf_usdt_specs has room for
 * every site it attaches (an error names BPF_USDT_MAX_SPEC_CNT). */
#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif
/* <sys/sdt.h> writes at most 12 arguments. */
#define BPF_USDT_MAX_ARG_CNT 12

/* The errors (<asm-generic/errno-base.h>; the header may not be
 * reachable for -target bpf). */
#define __BL_USDT_ENOENT 2
#define __BL_USDT_ESRCH 3
#define __BL_USDT_EINVAL 22

#ifndef __kconfig
#define __kconfig __attribute__((section(".kconfig")))
#endif

/* The attachment's BPF cookie (BPF_LINK_CREATE perf_event.bpf_cookie);
 * Linux 5.15 for kprobes and uprobes. */
static __u64 (*bpf_get_attach_cookie)(void *ctx) = (void *)BPF_FUNC_get_attach_cookie;

/* Where an argument is (the loader's enum bl_usdt_arg_kind). */
enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST,	/* val_off is the value */
	BPF_USDT_ARG_REG,	/* the register at reg_off of struct pt_regs */
	BPF_USDT_ARG_REG_DEREF,	/* user memory at that register + val_off */
};

/* One argument: 16 bytes. */
struct __bpf_usdt_arg_spec {
	__u64 val_off;
	enum __bpf_usdt_arg_type arg_type;
	short reg_off;
	_Bool arg_signed;
	/* 64 - 8 * the argument's size: the 8 bytes read are shifted up by
	 * this and back down (arithmetically when signed), which leaves the
	 * argument's own bytes, zero- or sign-extended */
	char arg_bitshift;
};

/* One site's spec: 208 bytes (the loader checks the map's value size). */
struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;
	short arg_cnt;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

/* The spec of the site that fired, or NULL. */
static __always_inline struct __bpf_usdt_spec *__bl_usdt_spec(struct pt_regs *ctx)
{
	int id;

	if (LINUX_HAS_BPF_COOKIE) {
		id = (int)bpf_get_attach_cookie(ctx);
	} else {
		long ip = (long)PT_REGS_IP(ctx);
		__u32 *idp = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);

		if (!idp)
			return 0;
		id = (int)*idp;
	}
	return bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
}

static __always_inline int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bl_usdt_spec(ctx);

	return spec ? spec->arg_cnt : -__BL_USDT_ESRCH;
}

static __always_inline long bpf_usdt_cookie(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bl_usdt_spec(ctx);

	return spec ? (long)spec->usdt_cookie : 0;
}

static __always_inline int bpf_usdt_arg(struct pt_regs *ctx, __u64 n, long *res)
{
	struct __bpf_usdt_spec *spec = __bl_usdt_spec(ctx);
	struct __bpf_usdt_arg_spec *a;
	unsigned long v = 0;
	long err;

	*res = 0;
	if (!spec)
		return -__BL_USDT_ESRCH;
	if (n >= BPF_USDT_MAX_ARG_CNT || n >= (__u64)spec->arg_cnt)
		return -__BL_USDT_ENOENT;
	a = &spec->args[n];
	switch (a->arg_type) {
	case BPF_USDT_ARG_CONST:
		v = a->val_off;
		break;
	case BPF_USDT_ARG_REG:
	case BPF_USDT_ARG_REG_DEREF:
		/* the register's saved value: ctx is the struct pt_regs of
		 * the probe, reg_off a variable offset, which a context
		 * load may not have; bpf_probe_read_kernel takes it */
		err = bpf_probe_read_kernel(&v, sizeof(v), (const char *)ctx + a->reg_off);
		if (err)
			return (int)err;
		if (a->arg_type == BPF_USDT_ARG_REG)
			break;
#if defined(__TARGET_ARCH_arm)
		/* 32-bit arm: a slot of pt_regs is 4 bytes (long uregs[18]),
		 * the 8 read hold the next register above the address; the
		 * kernel would drop them too (BPF_CALL's __BPF_CAST to a
		 * 32-bit pointer, include/linux/filter.h), but say so */
		v = (__u32)v;
#endif
		err = bpf_probe_read_user(&v, sizeof(v), (const void *)(v + a->val_off));
		if (err)
			return (int)err;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		/* the argument's bytes are the first ones read: move them
		 * to the low end */
		v >>= a->arg_bitshift;
#endif
		break;
	default:
		return -__BL_USDT_EINVAL;
	}
	v <<= a->arg_bitshift;
	*res = a->arg_signed ? (long)v >> a->arg_bitshift : (long)(v >> a->arg_bitshift);
	return 0;
}

/* --- BPF_USDT ----------------------------------------------------------
 * int BPF_USDT(name, T1 a1, T2 a2, ...) defines the program name(struct
 * pt_regs *ctx), which reads arguments 0, 1, ... with bpf_usdt_arg and
 * calls the body with them (and ctx) as a1, a2, ...  Each is a long
 * converted to its parameter's type as an assignment converts it: a
 * pointer parameter (const char *) gets the address, a char the low
 * byte.  The macro cannot know the types, so the conversion of a long
 * to a pointer is made with -Wint-conversion silenced around the call.
 * At most 12 arguments.
 */
#define __bl_usdt_nth(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, N, ...) N
#define __bl_usdt_narg(...) \
	__bl_usdt_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __bl_usdt_cat(a, b) __bl_usdt_cat_(a, b)
#define __bl_usdt_cat_(a, b) a##b

/* argument i as a long */
#define __bl_usdt_get(i) ({ long ____v; bpf_usdt_arg(ctx, i, &____v); ____v; })
#define __bl_usdt_args0() ctx
#define __bl_usdt_args1(x) __bl_usdt_args0(), __bl_usdt_get(0)
#define __bl_usdt_args2(x, ...) __bl_usdt_args1(__VA_ARGS__), __bl_usdt_get(1)
#define __bl_usdt_args3(x, ...) __bl_usdt_args2(__VA_ARGS__), __bl_usdt_get(2)
#define __bl_usdt_args4(x, ...) __bl_usdt_args3(__VA_ARGS__), __bl_usdt_get(3)
#define __bl_usdt_args5(x, ...) __bl_usdt_args4(__VA_ARGS__), __bl_usdt_get(4)
#define __bl_usdt_args6(x, ...) __bl_usdt_args5(__VA_ARGS__), __bl_usdt_get(5)
#define __bl_usdt_args7(x, ...) __bl_usdt_args6(__VA_ARGS__), __bl_usdt_get(6)
#define __bl_usdt_args8(x, ...) __bl_usdt_args7(__VA_ARGS__), __bl_usdt_get(7)
#define __bl_usdt_args9(x, ...) __bl_usdt_args8(__VA_ARGS__), __bl_usdt_get(8)
#define __bl_usdt_args10(x, ...) __bl_usdt_args9(__VA_ARGS__), __bl_usdt_get(9)
#define __bl_usdt_args11(x, ...) __bl_usdt_args10(__VA_ARGS__), __bl_usdt_get(10)
#define __bl_usdt_args12(x, ...) __bl_usdt_args11(__VA_ARGS__), __bl_usdt_get(11)
#define __bl_usdt_args(...) \
	__bl_usdt_cat(__bl_usdt_args, __bl_usdt_narg(__VA_ARGS__))(__VA_ARGS__)

#define BPF_USDT(name, ...)							\
name(struct pt_regs *ctx);							\
static __always_inline typeof(name(0))						\
____##name(struct pt_regs *ctx, ##__VA_ARGS__);					\
typeof(name(0)) name(struct pt_regs *ctx)					\
{										\
	_Pragma("GCC diagnostic push")						\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")			\
	return ____##name(__bl_usdt_args(__VA_ARGS__));				\
	_Pragma("GCC diagnostic pop")						\
}										\
static __always_inline typeof(name(0))						\
____##name(struct pt_regs *ctx, ##__VA_ARGS__)

#endif /* BPFLOAD_USDT_H */

/* bpfload.bpf.h - the BPF-side header of bpfload.
 *
 * Include this in BPF C programs compiled with clang alone:
 *
 *   clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -I bpf-progs \
 *         -c X.bpf.c -o X.bpf.o
 *
 * It needs nothing but the kernel UAPI header <linux/bpf.h> (helper ids,
 * map types, flags).  The small asm/ directory next to this file lets
 * <linux/types.h> build for -target bpf: see asm/types.h.
 *
 * What the loader supports: maps are legacy definitions in the "maps"
 * section or BTF-defined maps in ".maps" (below); global variables in
 * .data, .rodata and .bss (each section becomes a one-element array map;
 * `const volatile` ones in .rodata can be set before the load with
 * bpfload --set NAME=VALUE); and bpf-to-bpf calls: functions that are not
 * inlined (__noinline), in .text or static in the program's section, and
 * callbacks (bpf_loop).  The examples still keep to __always_inline
 * functions and an on-stack bpf_printk format, which any loader takes.
 *
 * Reference: include/uapi/linux/bpf.h (helper descriptions),
 * Documentation/bpf/ in the kernel tree.
 */
#ifndef BPFLOAD_BPF_H
#define BPFLOAD_BPF_H

#include <linux/types.h>
#include <linux/bpf.h>

/* --- Sections --------------------------------------------------------
 * The ELF section a function or variable is placed in tells the loader
 * what it is: "tracepoint/<category>/<name>", "raw_tracepoint/<name>"
 * (or "raw_tp/<name>"), "kprobe/<function>", ... for programs, "maps" for
 * map definitions, "license" for the license string.  "used" keeps clang
 * from dropping an object nothing refers to.
 */
#define SEC(name) __attribute__((section(name), used))

/* --- License ---------------------------------------------------------
 * The loader passes this string to BPF_PROG_LOAD (attr.license).  Many
 * tracing helpers (bpf_trace_printk, bpf_probe_read_*, ...) are "GPL only":
 * the verifier refuses them unless the license is GPL-compatible.
 * Every program file has one line:
 *
 *   char LICENSE[] SEC("license") = "GPL";
 */

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
/* A function the program calls (a bpf-to-bpf call): the loader appends
 * it to every program that calls it. */
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif

/* --- Helpers -----------------------------------------------------------
 * A BPF program calls a kernel helper with the instruction `call <id>`.
 * Clang emits exactly that when it calls a function pointer whose value
 * is a constant: so each helper is a static pointer initialised with its
 * id from enum bpf_func_id (BPF_FUNC_*, <linux/bpf.h>).  The prototypes
 * follow the descriptions in include/uapi/linux/bpf.h; `void *map` is
 * the address of a map variable (&my_map), which the loader turns into
 * the map's file descriptor.
 */

/* Maps (BPF_MAP_TYPE_HASH, ARRAY, ...).  flags: BPF_ANY, BPF_NOEXIST,
 * BPF_EXIST.  Lookup returns a pointer into the map or NULL. */
static void *(*bpf_map_lookup_elem)(void *map, const void *key) =
	(void *)BPF_FUNC_map_lookup_elem;
static long (*bpf_map_update_elem)(void *map, const void *key,
				   const void *value, __u64 flags) =
	(void *)BPF_FUNC_map_update_elem;
static long (*bpf_map_delete_elem)(void *map, const void *key) =
	(void *)BPF_FUNC_map_delete_elem;

/* Reading memory the program does not own.  bpf_probe_read is the old
 * form that guesses kernel or user; prefer the _user / _kernel ones.
 * The _str forms stop at the NUL and return the length including it. */
static long (*bpf_probe_read)(void *dst, __u32 size, const void *src) =
	(void *)BPF_FUNC_probe_read;
static long (*bpf_probe_read_user)(void *dst, __u32 size, const void *src) =
	(void *)BPF_FUNC_probe_read_user;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *src) =
	(void *)BPF_FUNC_probe_read_kernel;
static long (*bpf_probe_read_user_str)(void *dst, __u32 size,
				       const void *src) =
	(void *)BPF_FUNC_probe_read_user_str;
static long (*bpf_probe_read_kernel_str)(void *dst, __u32 size,
					 const void *src) =
	(void *)BPF_FUNC_probe_read_kernel_str;

/* Time (CLOCK_MONOTONIC, nanoseconds) and the current CPU. */
static __u64 (*bpf_ktime_get_ns)(void) = (void *)BPF_FUNC_ktime_get_ns;
static __u32 (*bpf_get_smp_processor_id)(void) =
	(void *)BPF_FUNC_get_smp_processor_id;

/* The current task.  pid_tgid: upper 32 bits tgid (what user space calls
 * the pid), lower 32 bits the thread id.  uid_gid: upper gid, lower uid.
 * get_current_task returns the kernel address of its struct task_struct. */
static __u64 (*bpf_get_current_pid_tgid)(void) =
	(void *)BPF_FUNC_get_current_pid_tgid;
static __u64 (*bpf_get_current_uid_gid)(void) =
	(void *)BPF_FUNC_get_current_uid_gid;
static long (*bpf_get_current_comm)(void *buf, __u32 size) =
	(void *)BPF_FUNC_get_current_comm;
static __u64 (*bpf_get_current_task)(void) =
	(void *)BPF_FUNC_get_current_task;

/* Appends a line to the tracefs file trace_pipe.  At most 3 arguments,
 * one %s; conversions %d %i %u %x %X (with l / ll), %p..., %s, %c.
 * %o is refused (the call returns -EINVAL and prints nothing). */
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) =
	(void *)BPF_FUNC_trace_printk;

/* Sends data to user space through a BPF_MAP_TYPE_PERF_EVENT_ARRAY;
 * flags BPF_F_CURRENT_CPU picks this CPU's ring. */
static long (*bpf_perf_event_output)(void *ctx, void *map, __u64 flags,
				     void *data, __u64 size) =
	(void *)BPF_FUNC_perf_event_output;

/* Jumps to the program in slot index of a BPF_MAP_TYPE_PROG_ARRAY (of the
 * same program type); returns only when the slot is empty. */
static long (*bpf_tail_call)(void *ctx, void *prog_array_map, __u32 index) =
	(void *)BPF_FUNC_tail_call;

/* Stores the current stack in a BPF_MAP_TYPE_STACK_TRACE map and returns
 * its id (flags: BPF_F_USER_STACK, ...). */
static long (*bpf_get_stackid)(void *ctx, void *map, __u64 flags) =
	(void *)BPF_FUNC_get_stackid;

/* BPF_MAP_TYPE_RINGBUF: copy a record in (output), or reserve room,
 * fill it, then submit or discard it. */
static long (*bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size,
				  __u64 flags) =
	(void *)BPF_FUNC_ringbuf_output;
static void *(*bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) =
	(void *)BPF_FUNC_ringbuf_reserve;
static void (*bpf_ringbuf_submit)(void *data, __u64 flags) =
	(void *)BPF_FUNC_ringbuf_submit;
static void (*bpf_ringbuf_discard)(void *data, __u64 flags) =
	(void *)BPF_FUNC_ringbuf_discard;

/* Calls callback_fn(index, callback_ctx) for index 0 .. nr_loops - 1, or
 * until it returns 1; returns the number of calls (Linux 5.17).  The
 * callback is a static function: the loader passes its address
 * (BPF_PSEUDO_FUNC), the verifier checks it as a subprogram. */
static long (*bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx,
			__u64 flags) = (void *)BPF_FUNC_loop;

/* Per-CPU kernel variables (a typed __ksym of the kernel's .data..percpu,
 * below): this CPU's copy, or CPU cpu's (NULL past the last CPU). Linux
 * 5.10. */
static void *(*bpf_per_cpu_ptr)(const void *percpu_ptr, __u32 cpu) =
	(void *)BPF_FUNC_per_cpu_ptr;
static void *(*bpf_this_cpu_ptr)(const void *percpu_ptr) =
	(void *)BPF_FUNC_this_cpu_ptr;

/* --- Kernel symbols and kfuncs (__ksym) -------------------------------
 * An extern declared __ksym is something of the running kernel, which
 * the loader finds at load time (libbpf's names and rules):
 *
 *   extern const struct rq runqueues __ksym;   a kernel variable, typed:
 *       its VAR in the kernel's BTF (the verifier checks every access
 *       against the kernel's type; needs CONFIG_KALLSYMS_ALL);
 *   extern const void init_task __ksym;        its address only, from
 *       /proc/kallsyms (root: addresses are hidden from others);
 *   extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
 *       a kfunc, a kernel function the program calls by its BTF id
 *       (Documentation/bpf/kfuncs.rst): declared as the kernel declares it.
 *
 * With __weak, an extern the kernel lacks is 0 instead of failing the
 * load: bpf_ksym_exists(sym) says whether it is there, and the verifier
 * drops the code it guards when it is not (the only way to call a kfunc
 * that may be missing). Taking a kfunc's address this way needs Linux
 * 6.4; variables' work everywhere.
 */
#define __ksym __attribute__((section(".ksyms")))
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(!__builtin_constant_p(!!(sym)),			\
		       #sym " must be declared __weak to be tested");	\
	!!(sym);							\
})

/* --- bpf_printk ------------------------------------------------------
 * bpf_trace_printk wants the format in memory the program can point to:
 * in .rodata (a string literal passed straight to bpf_trace_printk lands
 * in .rodata.str1.1, a read-only global-data map), or on the stack, which
 * needs no global data at all and is what this macro does, so that the
 * examples load with any loader.  `char fmt[] = "...";` is not enough: clang initialises the
 * array with a memcpy from a string constant and, although the BPF
 * backend turns that memcpy into immediate stores, the unused constant
 * stays in a .rodata.str1.1 section (for any string of 9 bytes or more).
 *
 * So the literal goes into a 64-byte union that is only read one __u64
 * at a time (clang folds those reads into constants and drops the
 * string), and the words are stored into the buffer that is passed to
 * the helper: a few "r1 = <8 chars> ll; *(u64 *)(r10 - n) = r1".
 * Formats are limited to 63 characters.
 */
#define BL_PRINTK_MAX 64

#define __bl_fmt_word(i, n)						\
	if (8 * (i) < (n))						\
		____fmt.w[i] = ____lit.w[i]

#define bpf_printk(fmt, ...)						\
	({								\
		union { char c[BL_PRINTK_MAX]; __u64 w[BL_PRINTK_MAX / 8]; } \
			____lit = { .c = fmt }, ____fmt;		\
		_Static_assert(sizeof(fmt) <= BL_PRINTK_MAX,		\
			       "bpf_printk format too long");		\
		__bl_fmt_word(0, sizeof(fmt));				\
		__bl_fmt_word(1, sizeof(fmt));				\
		__bl_fmt_word(2, sizeof(fmt));				\
		__bl_fmt_word(3, sizeof(fmt));				\
		__bl_fmt_word(4, sizeof(fmt));				\
		__bl_fmt_word(5, sizeof(fmt));				\
		__bl_fmt_word(6, sizeof(fmt));				\
		__bl_fmt_word(7, sizeof(fmt));				\
		bpf_trace_printk(____fmt.c, sizeof(fmt), ##__VA_ARGS__); \
	})

/* --- Legacy map definitions ------------------------------------------
 * One global variable per map in the section "maps".  The loader reads
 * the five fields and passes them to BPF_MAP_CREATE (attr.map_type,
 * key_size, value_size, max_entries, map_flags), then rewrites every
 * `r1 = &name` instruction (a relocation against the symbol) to load the
 * map's file descriptor (BPF_PSEUDO_MAP_FD).
 */
struct bl_map_spec {
	__u32 type;		/* enum bpf_map_type, e.g. BPF_MAP_TYPE_HASH */
	__u32 key_size;		/* bytes */
	__u32 value_size;	/* bytes */
	__u32 max_entries;
	__u32 map_flags;	/* BPF_F_NO_PREALLOC, ... */
};

/* A map whose key and value are C types. */
#define BL_LEGACY_MAP(name, map_type, key_type, value_type, max)	\
	struct bl_map_spec name SEC("maps") = {				\
		.type = (map_type),					\
		.key_size = sizeof(key_type),				\
		.value_size = sizeof(value_type),			\
		.max_entries = (max),					\
	}

/* A map given by sizes, for types whose key or value size is not a C
 * type: BPF_MAP_TYPE_RINGBUF (0, 0, size in bytes) or
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY (4, 4, number of CPUs). */
#define BL_LEGACY_MAP_SIZES(name, map_type, key_size_, value_size_, max, flags)	\
	struct bl_map_spec name SEC("maps") = {				\
		.type = (map_type),					\
		.key_size = (key_size_),				\
		.value_size = (value_size_),				\
		.max_entries = (max),					\
		.map_flags = (flags),					\
	}

/* iproute2's longer form (its include/bpf_elf.h, read by tc and by
 * bpfload): the five fields under other names, then
 *   id         a number of the object's choosing, for inner_id to name;
 *   pinning    PIN_GLOBAL_NS: pinned by name (bpfload: in its pin
 *              directory, /sys/fs/bpf or --pin-path; tc: in
 *              /sys/fs/bpf/tc/globals); PIN_OBJECT_NS is tc's only;
 *   inner_id   a map of maps: the id of the map its inner maps are like;
 *   inner_idx  a map with an id: its slot in the maps of maps whose
 *              inner_id is that id; -1 (~0): in none, only an example.
 */
struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};
#define PIN_NONE	0
#define PIN_OBJECT_NS	1
#define PIN_GLOBAL_NS	2

/* --- BTF-defined maps (".maps") ---------------------------------------
 * The form libbpf's bpf_helpers.h defines, with the same macro names, so
 * that map definitions written for libbpf compile unchanged.  A map is a
 * global variable of an anonymous struct in the section ".maps"; the
 * struct's members say what the map is, in its BTF type (clang -g), not in
 * its bytes:
 *
 *   __uint(name, N)    int (*name)[N]: a pointer to an array of N ints;
 *                      the loader reads N from the array's BTF.  Names:
 *                      type, max_entries, map_flags, key_size, value_size,
 *                      numa_node, pinning, map_extra.
 *   __type(name, T)    T *name: key or value; the size is sizeof(T) and
 *                      the map is created with T's BTF id.
 *   __array(name, T)   T *name[]: "values" of a map of maps (T is the
 *                      struct of the inner map's definition) or of a
 *                      program array (T a function type); may be set:
 *                      .values = { [2] = &other_map } fills slot 2.
 *
 *   struct {
 *           __uint(type, BPF_MAP_TYPE_HASH);
 *           __type(key, __u32);
 *           __type(value, struct stats);
 *           __uint(max_entries, 1024);
 *           __uint(pinning, LIBBPF_PIN_BY_NAME);   (optional)
 *   } stats_by_pid SEC(".maps");
 *
 * pinning LIBBPF_PIN_BY_NAME: the loader pins the map in bpffs as
 * /sys/fs/bpf/<name> (or bpfload --pin-path DIR), and a later load reuses
 * the map pinned there.  See Documentation/bpf/maps.rst and
 * Documentation/bpf/map_of_maps.rst.
 */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,	/* pinned in bpffs under the map's name */
};

/* --- Raw tracepoints ---------------------------------------------------
 * A "raw_tracepoint/<name>" program gets struct bpf_raw_tracepoint_args
 * (<linux/bpf.h>): ctx->args[i] is argument i of the tracepoint's
 * TP_PROTO in the kernel source, widened to __u64, before any formatting
 * into a record.  For sys_enter: args[0] = struct pt_regs *, args[1] =
 * syscall number; for sys_exit: args[0] = struct pt_regs *, args[1] =
 * return value.  A "tracepoint/<category>/<name>" program instead gets
 * the formatted record described in tracefs events/<category>/<name>/format.
 */

/* --- PT_REGS_* ---------------------------------------------------------
 * A kprobe (or uprobe) program's context is the saved registers, struct
 * pt_regs, whose layout and calling conventions differ per architecture.
 * The macros that read them are generated from the tables in arch/ (one
 * source of truth; `bpfload regs` prints them, docs/arch.md explains them)
 * into build/gen/bpfload_regs_<arch>.h, picked by -D__TARGET_ARCH_<arch>
 * (the build passes -I build/gen).  Names and meaning are libbpf's:
 *
 *   PT_REGS_PARM1(ctx) .. PT_REGS_PARMn(ctx)   argument n of the probed
 *       function (x86_64: 6, arm64: 8, arm: 4), PT_REGS_RC(ctx) its return value
 *       (in a kretprobe), PT_REGS_SP / _IP / _FP(ctx): plain loads from ctx.
 *   PT_REGS_SYSCALL_REGS(ctx)   in a kprobe on a system call's wrapper
 *       (ksyscall/NAME, kprobe/__x64_sys_NAME): the struct pt_regs * the
 *       user's arguments are in;
 *   PT_REGS_PARM1_SYSCALL(regs) .. PT_REGS_PARM6_SYSCALL(regs), and
 *       PT_REGS_RC / _SP / _IP / _FP_SYSCALL(regs): read from that inner
 *       struct with bpf_probe_read_kernel (it is not the context).  They
 *       know the syscall convention: x86_64's 4th argument is in r10,
 *       arm64's 1st in orig_x0.  They also take args[0] of the raw
 *       tracepoint sys_enter.
 *
 *     SEC("kprobe/__x64_sys_fchmodat")
 *     int f(struct pt_regs *ctx)
 *     {
 *             struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);
 *             unsigned long mode = PT_REGS_PARM3_SYSCALL(regs);
 *             ...
 *
 * 32-bit arm (-D__TARGET_ARCH_arm) has no syscall wrapper: a kprobe on
 * sys_NAME reads the arguments with PT_REGS_PARMn(ctx), and there is no
 * PT_REGS_SYSCALL_REGS (docs/arch.md).
 *
 * Without -D__TARGET_ARCH_x86, _arm64 or _arm there are none.
 */
#if defined(__TARGET_ARCH_x86)
#include "bpfload_regs_x86_64.h"
#elif defined(__TARGET_ARCH_arm64)
#include "bpfload_regs_arm64.h"
#elif defined(__TARGET_ARCH_arm)
#include "bpfload_regs_arm.h"
#endif

#endif /* BPFLOAD_BPF_H */

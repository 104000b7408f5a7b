/* test_core.bpf.c - test object: one CO-RE relocation of every kind that
 * clang 14 emits (Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations"),
 * against kernel types declared here, without vmlinux.h.
 *
 * For the unit tests of elf/core/ (tests/unit/test_core_vmlinux.c
 * resolves each relocation against /sys/kernel/btf/vmlinux and checks it
 * against an independent walk of that BTF) and for the loader's CO-RE
 * tests: each result is stored in a slot of the array `results`, so a
 * test can compare what the program saw with the kernel's BTF.
 *
 *   core_task   (tracepoint/syscalls/sys_enter_getppid)
 *     slot  0  offsetof(task_struct, pid)         FIELD_BYTE_OFFSET
 *     slot  1  offsetof(task_struct, tgid)        FIELD_BYTE_OFFSET
 *     slot  2  sizeof(task_struct.pid)            FIELD_BYTE_SIZE
 *     slot  3  task_struct has pid: 1             FIELD_EXISTS
 *     slot  4  task_struct has bl_no_such_member: 0
 *     slot  5  pid is signed: 1                   FIELD_SIGNED
 *     slot  6  flags is signed: 0
 *     slot  7  sizeof(struct task_struct)         TYPE_SIZE
 *     slot  8  struct task_struct exists: 1       TYPE_EXISTS
 *     slot  9  struct bl_no_such_type exists: 0
 *     slot 10  the kernel's type id of task_struct TYPE_ID_TARGET
 *     slot 11  this object's type id of it        TYPE_ID_LOCAL
 *     slot 12  offsetof(task_struct, comm[3])     array index in the access
 *     slot 13  offsetof(task_struct, se.vruntime) nested struct
 *     slot 14  sched_contributes_to_load          FIELD_LSHIFT_U64 (bitfield)
 *     slot 15  the same                           FIELD_RSHIFT_U64
 *     slot 16  the same                           FIELD_BYTE_OFFSET (of its load)
 *     slot 17  the same                           FIELD_BYTE_SIZE (of its load)
 *     slot 18  PIDTYPE_SID___bl exists: 1         ENUMVAL_EXISTS (flavored name)
 *     slot 19  PIDTYPE_SID's value: 3             ENUMVAL_VALUE
 *     slot 20  BL_PIDTYPE_NONE exists: 0
 *     slot 21  BPF_MAP_TYPE_RINGBUF: 27           ENUMVAL_VALUE (UAPI enum)
 *     slot 22  task_struct___old has state: 0     flavor, field gone in 5.14
 *     slot 23  offsetof(task_struct___old, pid)   flavor: same as slot 0
 *     slot 24  current->pid, read with bpf_core_read
 *     slot 25  current->tgid
 *     slot 26  bpf_get_current_pid_tgid()
 *     slot 27  current->real_parent->tgid (two relocations)
 *     slot 30  42, or current->bl_no_such_member if it existed: the read
 *              is guarded by bpf_core_field_exists, so its relocation,
 *              which cannot be resolved, poisons dead code only
 *   core_ctx    (tracepoint/raw_syscalls/sys_enter)
 *     slot 28  ctx->id: the syscall number, read from the context at a
 *              relocated offset (0 here, 8 in the kernel's
 *              trace_event_raw_sys_enter): an LDX whose off is patched
 *     slot 29  ctx->args[1], after the same relocation
 *
 * Run:     bpfload run build/bpf-progs/test_core.bpf.o
 * Trigger: getppid(2), e.g. python3 -c 'import os; os.getppid()'
 * Output:  the array `results`.
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

BL_LEGACY_MAP(results, BPF_MAP_TYPE_ARRAY, __u32, __u64, 32);

/* Only the members used, in an order that is not the kernel's. */
struct sched_entity {
	__u64 vruntime;
} __bl_core;

struct task_struct {
	unsigned int flags;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	char comm[16];
	struct sched_entity se;
	unsigned int sched_reset_on_fork : 1;
	unsigned int sched_contributes_to_load : 1;
	long bl_no_such_member;
} __bl_core;

/* The layout before Linux 5.14, when `long state` became `__state`. */
struct task_struct___old {
	long state;
	int pid;
} __bl_core;

struct bl_no_such_type {
	int x;
} __bl_core;

/* enum pid_type in the kernel: PIDTYPE_PID, _TGID, _PGID, _SID, _MAX. */
enum pid_type___bl {
	BL_PIDTYPE_NONE = 9,
	PIDTYPE_SID___bl = 7,
};

/* The context of tracepoint/raw_syscalls/sys_enter: in the kernel,
 * trace_event_raw_sys_enter { struct trace_entry ent; long id;
 * unsigned long args[6]; ... }; here without ent. */
struct trace_event_raw_sys_enter___bl {
	long id;
	unsigned long args[6];
} __bl_core;

static __always_inline void put(__u32 slot, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&results, &slot);

	if (p)
		*p = v;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int core_task(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct *parent = 0;
	struct task_struct___old *old = (void *)t;
	int pid = 0, tgid = 0, ptgid = 0;

	(void)ctx;
	put(0, bpf_core_field_offset(t->pid));
	put(1, bpf_core_field_offset(t->tgid));
	put(2, bpf_core_field_size(t->pid));
	put(3, bpf_core_field_exists(t->pid));
	put(4, bpf_core_field_exists(t->bl_no_such_member));
	put(5, bpf_core_field_signed(t->pid));
	put(6, bpf_core_field_signed(t->flags));
	put(7, bpf_core_type_size(struct task_struct));
	put(8, bpf_core_type_exists(struct task_struct));
	put(9, bpf_core_type_exists(struct bl_no_such_type));
	put(10, bpf_core_type_id_kernel(struct task_struct));
	put(11, bpf_core_type_id_local(struct task_struct));
	put(12, bpf_core_field_offset(t->comm[3]));
	put(13, bpf_core_field_offset(t->se.vruntime));
	put(14, __builtin_preserve_field_info(t->sched_contributes_to_load, BL_FIELD_LSHIFT_U64));
	put(15, __builtin_preserve_field_info(t->sched_contributes_to_load, BL_FIELD_RSHIFT_U64));
	put(16, bpf_core_field_offset(t->sched_contributes_to_load));
	put(17, bpf_core_field_size(t->sched_contributes_to_load));
	put(18, bpf_core_enum_value_exists(enum pid_type___bl, PIDTYPE_SID___bl));
	put(19, bpf_core_enum_value(enum pid_type___bl, PIDTYPE_SID___bl));
	put(20, bpf_core_enum_value_exists(enum pid_type___bl, BL_PIDTYPE_NONE));
	put(21, bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF));
	put(22, bpf_core_field_exists(old->state));
	put(23, bpf_core_field_offset(old->pid));
	bpf_core_read(&pid, sizeof(pid), &t->pid);
	bpf_core_read(&tgid, sizeof(tgid), &t->tgid);
	put(24, pid);
	put(25, tgid);
	put(26, bpf_get_current_pid_tgid());
	bpf_core_read(&parent, sizeof(parent), &t->real_parent);
	bpf_core_read(&ptgid, sizeof(ptgid), &parent->tgid);
	put(27, ptgid);
	if (bpf_core_field_exists(t->bl_no_such_member)) {
		long v = 0;

		bpf_core_read(&v, sizeof(v), &t->bl_no_such_member);
		put(30, v);
	} else {
		put(30, 42);
	}
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int core_ctx(struct trace_event_raw_sys_enter___bl *ctx)
{
	if ((__u32)bpf_get_current_pid_tgid() != 0) {
		put(28, ctx->id);
		put(29, ctx->args[1]);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

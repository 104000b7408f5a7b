/* test_fentry.bpf.c - test object: fentry, fexit and fmod_ret on
 * functions of vmlinux (BPF trampolines, kernel/bpf/trampoline.c).
 *
 * Each is BPF_PROG_TYPE_TRACING, loaded with attr.attach_btf_id = the id
 * of the FUNC in the kernel's BTF; its context is the function's
 * arguments as u64s (ctx[0], ctx[1], ...), typed by that FUNC's
 * prototype, and for fexit and fmod_ret the return value after them.
 *
 *   on_unlink_entry  fentry/do_unlinkat: counts the calls of process
 *                    target_tgid and copies the path (struct filename's
 *                    name, read through the typed pointer);
 *   on_unlink_exit   fexit/do_unlinkat: the return value (-2, ENOENT, for
 *                    a file that does not exist);
 *   deny_getsid      fmod_ret/security_task_getsid: when deny_getsid is
 *                    set, getsid(2) of process target_tgid fails with
 *                    EPERM: a non-zero return replaces the function's
 *                    (allowed for security_* functions and for those
 *                    marked ALLOW_ERROR_INJECTION).
 *
 * Results in the one slot of `fentry_seen`.
 *
 * Run:     bpfload run build/bpf-progs/test_fentry.bpf.o --set target_tgid=PID [--set deny_getsid=1]
 * Trigger: unlink(2) of a missing file, getsid(2), from PID
 * Needs:   a kernel that makes BPF trampolines (Debian's x86_64 6.1; not
 *          this project's development host, nor arm64 before 6.4: bpfload
 *          says why in one line).
 */
#include "bpfload.bpf.h"
#include "bpfload_core.h"

struct filename {
	const char *name;
} __bl_core;

struct unlink_seen {
	__u64 entries;
	__u64 exits;
	__u64 getsid_calls;
	__s64 ret;
	__s32 dfd;
	char path[64];
};

const volatile __s32 target_tgid = 0;
const volatile _Bool deny_getsid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct unlink_seen);
	__uint(max_entries, 1);
} fentry_seen SEC(".maps");

static __always_inline struct unlink_seen *mine(void)
{
	__u32 zero = 0;

	if ((bpf_get_current_pid_tgid() >> 32) != (__u32)target_tgid)
		return 0;
	return bpf_map_lookup_elem(&fentry_seen, &zero);
}

/* int do_unlinkat(int dfd, struct filename *name) */
SEC("fentry/do_unlinkat")
int on_unlink_entry(__u64 *ctx)
{
	struct filename *name = (struct filename *)ctx[1];
	struct unlink_seen *s = mine();

	if (!s)
		return 0;
	s->dfd = (__s32)ctx[0];
	bpf_probe_read_kernel_str(s->path, sizeof(s->path), name->name);
	__sync_fetch_and_add(&s->entries, 1);
	return 0;
}

SEC("fexit/do_unlinkat")
int on_unlink_exit(__u64 *ctx)
{
	struct unlink_seen *s = mine();

	if (!s)
		return 0;
	s->ret = (__s32)ctx[2];
	__sync_fetch_and_add(&s->exits, 1);
	return 0;
}

/* int security_task_getsid(struct task_struct *p) */
SEC("fmod_ret/security_task_getsid")
int deny_getsid_prog(__u64 *ctx)
{
	struct unlink_seen *s = mine();

	(void)ctx;
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->getsid_calls, 1);
	return deny_getsid ? -1 /* -EPERM */ : 0;
}

char LICENSE[] SEC("license") = "GPL";

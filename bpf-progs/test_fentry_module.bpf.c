/* test_fentry_module.bpf.c - test object: fentry and fexit on a function
 * of a kernel module, tun's tun_chr_open (drivers/net/tun.c: open(2) of
 * /dev/net/tun).
 *
 * The function is in the module's own BTF (/sys/kernel/btf/tun, split
 * BTF on top of vmlinux's): the program is loaded with attach_btf_id =
 * its id there and attach_btf_obj_fd = the fd of the module's BTF
 * object. The entry names the module the way libbpf writes it,
 * SEC("fentry/tun:tun_chr_open"), which looks in that module only; the
 * exit names the bare function, found by searching vmlinux and then
 * every loaded module.
 *
 *   on_tun_open       fentry: counts the opens of process target_tgid
 *   on_tun_open_exit  fexit: the return value (0)
 *
 * Run:     bpfload run build/bpf-progs/test_fentry_module.bpf.o --set target_tgid=PID
 * Needs:   the module loaded (modprobe tun) and BPF trampolines; the VM
 *          tests insmod Debian's tun.ko (tests/vm/tests.d/70-btf-attach.sh).
 * Trigger: open("/dev/net/tun") from PID (cat /dev/net/tun).
 */
#include "bpfload.bpf.h"

struct tun_seen {
	__u64 entries;
	__u64 exits;
	__s64 ret;
};

const volatile __s32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct tun_seen);
	__uint(max_entries, 1);
} tun_seen SEC(".maps");

static __always_inline struct tun_seen *mine(void)
{
	__u32 zero = 0;

	if ((bpf_get_current_pid_tgid() >> 32) != (__u32)target_tgid)
		return 0;
	return bpf_map_lookup_elem(&tun_seen, &zero);
}

/* static int tun_chr_open(struct inode *inode, struct file *file) */
SEC("fentry/tun:tun_chr_open")
int on_tun_open(__u64 *ctx)
{
	struct tun_seen *s = mine();

	(void)ctx;
	if (s)
		__sync_fetch_and_add(&s->entries, 1);
	return 0;
}

SEC("fexit/tun_chr_open")
int on_tun_open_exit(__u64 *ctx)
{
	struct tun_seen *s = mine();

	if (!s)
		return 0;
	s->ret = (__s32)ctx[2];
	__sync_fetch_and_add(&s->exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

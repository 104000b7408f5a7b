/* compat/test_kconfig.bpf.c - .kconfig externs, written against libbpf's
 * <bpf/bpf_helpers.h> (__kconfig, __weak, enum libbpf_tristate).
 *
 * For the host tests (tests/host/test_kconfig.c): every getppid(2) copies
 * the externs into .bss, where the test compares them with uname, the
 * kernel's symbols and the configuration file it gave bpfload
 * (bl_load_opts.kconfig_path, or $BPFLOAD_KCONFIG).
 *
 * Run:     BPFLOAD_KCONFIG=FILE bpfload run build/bpf-progs/compat/test_kconfig.bpf.o
 * Trigger: getppid(2)
 * Output:  the variables of test_kc.bss
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

extern int LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
extern bool LINUX_HAS_BPF_COOKIE __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;		/* y */
extern enum libbpf_tristate CONFIG_BL_TRISTATE __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;		/* a number */
extern char CONFIG_BL_STRING[16] __kconfig __weak;	/* "..." */
extern __u64 CONFIG_BL_MISSING __kconfig __weak;	/* nowhere: 0 */
extern __u8 LINUX_BL_UNKNOWN __kconfig __weak;		/* unknown: 0 */

__u32 kernel_version;
__u32 has_wrapper;
__u32 has_cookie;
__u32 bpf_syscall;
__u32 tristate;
__s32 hz;
char string[16];
__u64 missing;
__u32 unknown;
__u64 runs;

SEC("tracepoint/syscalls/sys_enter_getppid")
int read_kconfig(void *ctx)
{
	(void)ctx;
	kernel_version = LINUX_KERNEL_VERSION;
	has_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	has_cookie = LINUX_HAS_BPF_COOKIE;
	bpf_syscall = CONFIG_BPF_SYSCALL;
	tristate = CONFIG_BL_TRISTATE;
	hz = CONFIG_HZ;
	for (int i = 0; i < 16; i++)
		string[i] = CONFIG_BL_STRING[i];
	missing = CONFIG_BL_MISSING;
	unknown = LINUX_BL_UNKNOWN;
	__sync_fetch_and_add(&runs, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* tests/host/host_main.c — the host tests: real programs in the running
 * kernel. They need root (or CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN for
 * tracefs); without it, or without bpf(2), they are skipped with one line
 * and the run succeeds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "loader/sys/sys.h"

/* NULL when BPF maps can be created here, else why not. */
static const char *why_no_bpf(void)
{
	static char why[128];
	char eb[16];
	int fd;

	if (geteuid() != 0)
		return "not root";
	fd = bl_sys_map_create(BPF_MAP_TYPE_ARRAY, "bpfload_probe", 4, 8, 1, 0);
	if (fd < 0) {
		snprintf(why, sizeof(why), "bpf(BPF_MAP_CREATE) fails with %s", bl_errno_name(-fd, eb));
		return why;
	}
	close(fd);
	return NULL;
}

int main(void)
{
	const char *why = why_no_bpf();
	SRunner *sr;
	int failed;

	if (why) {
		printf("SKIP host tests: %s\n", why);
		return EXIT_SUCCESS;
	}
	sr = srunner_create(suite_examples());
	srunner_add_suite(sr, suite_load());
	srunner_add_suite(sr, suite_asm_verdicts());
	srunner_add_suite(sr, suite_cli_signals());
	srunner_add_suite(sr, suite_tracefs());
	srunner_add_suite(sr, suite_trace_comm());
	srunner_add_suite(sr, suite_kprobe());
	srunner_add_suite(sr, suite_uprobe());
	srunner_add_suite(sr, suite_select());
	srunner_add_suite(sr, suite_btf_maps());
	srunner_add_suite(sr, suite_legacy_maps());
	srunner_add_suite(sr, suite_buffers());
	srunner_add_suite(sr, suite_globals_calls());
	srunner_add_suite(sr, suite_core());
	srunner_add_suite(sr, suite_kconfig());
	srunner_add_suite(sr, suite_compat());
	srunner_add_suite(sr, suite_latency());
	srunner_add_suite(sr, suite_faults());
	srunner_add_suite(sr, suite_features());
	srunner_add_suite(sr, suite_kernel_btf());
	srunner_add_suite(sr, suite_alternatives());
	srunner_add_suite(sr, suite_ksyms());
	srunner_add_suite(sr, suite_btf_attach());
	srunner_run_all(sr, CK_ENV); /* CK_VERBOSITY=verbose: a line per test */
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

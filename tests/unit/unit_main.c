/* tests/unit/unit_main.c — runs every unit suite; exit status 1 on failure.
 *
 * CK_RUN_SUITE / CK_RUN_CASE (Check's environment variables) select a
 * suite or a test case; CK_FORK=no runs without fork (for gdb).
 */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(suite_section_def());
	int failed;

	srunner_add_suite(sr, suite_error());
	srunner_add_suite(sr, suite_usdt());
	srunner_add_suite(sr, suite_object_asm());
	srunner_add_suite(sr, suite_object_progs());
	srunner_add_suite(sr, suite_object_oracle());
	srunner_add_suite(sr, suite_bad_input());
	srunner_add_suite(sr, suite_bad_content());
	srunner_add_suite(sr, suite_trace_line());
	srunner_add_suite(sr, suite_disasm());
	srunner_add_suite(sr, suite_arch());
	srunner_add_suite(sr, suite_btf());
	srunner_add_suite(sr, suite_btf_ext());
	srunner_add_suite(sr, suite_probe_spec());
	srunner_add_suite(sr, suite_elf_symbols());
	srunner_add_suite(sr, suite_core());
	srunner_add_suite(sr, suite_maps_btf());
	srunner_add_suite(sr, suite_maps_legacy());
	srunner_add_suite(sr, suite_globals());
	srunner_add_suite(sr, suite_subprogs());
	srunner_add_suite(sr, suite_malformed());
	srunner_add_suite(sr, suite_classify());
	srunner_add_suite(sr, suite_btf_value());
	srunner_add_suite(sr, suite_dwarf());
	srunner_add_suite(sr, suite_permissions());
	srunner_add_suite(sr, suite_sys_attr());
	srunner_add_suite(sr, suite_glob_match());
	srunner_add_suite(sr, suite_func_pattern());
	srunner_add_suite(sr, suite_cli_parse());
	srunner_add_suite(sr, suite_verify_results());
	srunner_add_suite(sr, suite_cpus());
	srunner_add_suite(sr, suite_alternatives());
	srunner_add_suite(sr, suite_inflate());
	srunner_add_suite(sr, suite_ksyms());
	srunner_add_suite(sr, suite_btf_target());
	srunner_add_suite(sr, suite_btf_min());
	srunner_add_suite(sr, suite_kernel_req());
	srunner_add_suite(sr, suite_kernel_missing());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* loader/cli/verify_json.h — the JSON line of a program `bpfload verify`
 * tried (docs/json.md, "program"). */
#ifndef BL_CLI_VERIFY_JSON_H
#define BL_CLI_VERIFY_JSON_H

#include "elf/kernel_req/kernel_req.h"
#include "loader/cli/output.h"

/* "accepted", "rejected", "unsupported", "skipped" or "not loaded". */
const char *bl_cli_verdict(const struct bl_prog *p);

/* {"type":"program",...}: its verdict, for a rejected one the errno,
 * what this kernel lacks of it (m, needs_kernel.h) and the class, with
 * stats its statistics, and its log. */
void bl_cli_verify_json(FILE *f, const struct bl_prog *p, const struct bl_object_spec *obj,
			bool stats, const struct bl_kreq_missing *m);

#endif

/* loader/cli/verify_hot.h — `bpfload verify --hot N`: the source lines the
 * verifier walked most in a program (loader/verifier/hot_lines.h), shown
 * under its verdict; for a program over the 1 million limit also without
 * --hot. */
#ifndef BL_CLI_VERIFY_HOT_H
#define BL_CLI_VERIFY_HOT_H

#include "loader/cli/output.h"

/* The largest log --hot asks the kernel for: a longer one is counted from
 * its end (6.4+) or start. */
#define BL_HOT_LOG_MAX (16u << 20)
/* The lines shown of a program over the limit without --hot. */
#define BL_HOT_DEFAULT 5

/* True when p is shown with its hot lines without --hot: rejected for
 * the instruction limit ("BPF program is too large"). */
bool bl_cli_hot_by_default(const struct bl_prog *p);

/* The n hottest lines of p (text, indented under its verdict, or a
 * {"type":"hot_lines"} line), or why there are none. */
void bl_cli_print_hot(const struct bl_out *o, const struct bl_prog *p,
		      const struct bl_object_spec *obj, size_t n);

#endif

/* loader/cli/needs_kernel.h — what the running kernel lacks, said when it
 * refused a program (or a map): "needs Linux 5.12 (atomic fetch-and-add
 * at soak_ringbuf.bpf.c:31); this kernel is 5.10". The needs come from
 * the object alone (elf/kernel_req/), the version from uname(2)
 * (loader/sys/kernel_version.h); `verify` and `run` put the line before
 * the verifier's own words. docs/kernel-versions.md, docs/verifier.md.
 */
#ifndef BL_CLI_NEEDS_KERNEL_H
#define BL_CLI_NEEDS_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "elf/kernel_req/kernel_req.h"
#include "loader/bpfload.h"

struct bl_out;

/* The object's requirements, worked out on first use. */
struct bl_cli_needs {
	const struct bl_object_spec *obj;
	struct bl_kernel_reqs *reqs;	/* NULL until then, or when that failed */
	uint32_t running;		/* BL_KV() of this kernel, 0 when unknown */
	bool done;
};

#define BL_CLI_NEEDS_OBJECT ((size_t)-1)

/* What this kernel lacks of program prog of n->obj (an index of its
 * programs) and of the object, or of the object alone
 * (BL_CLI_NEEDS_OBJECT), into m: empty when nothing or when it cannot
 * be known. Free m with bl_kreq_missing_free. */
void bl_cli_needs_find(struct bl_cli_needs *n, size_t prog, struct bl_kreq_missing *m);
void bl_cli_needs_free(struct bl_cli_needs *n);

/* Was p refused, by the verifier (rejected) or by bpfload before it for
 * something the kernel lacks (unsupported): the programs that may get a
 * needs line. */
bool bl_cli_kernel_refused(const struct bl_prog *p);

/* "PREFIXneeds Linux ...; this kernel is 5.10", then each further
 * reason on a line of its own ("INDENT  5.13  callback ..."); nothing
 * when m is empty. */
void bl_cli_print_needs(FILE *f, const char *prefix, const char *indent,
			const struct bl_kreq_missing *m);
/* The JSON members for m, each after a comma:
 * ,"needs_kernel":"5.12","running_kernel":"5.10","needs":[...];
 * nothing when m is empty. */
void bl_cli_json_needs(FILE *f, const struct bl_kreq_missing *m);

/* The error of a load that failed (bl_load's message), and what this
 * kernel lacks of each program it refused, or of the object when it
 * refused a map: text on stderr, or one JSON error line with the needs
 * of the first of them. */
void bl_cli_print_load_error(const struct bl_out *o, const struct bl_object *l, const char *msg);

#endif

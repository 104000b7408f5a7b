/* loader/load/attach_target.h — BTF-attached programs (tp_btf, fentry,
 * fexit, fmod_ret, lsm, iter, freplace): what attr.attach_btf_id names,
 * and why the kernel refused one. Used by prog_load.c and by the attach
 * provider (loader/attach/btf_trace.c); not part of the library's API.
 *
 * attach_target.c: the type id of the program's target, found by name in
 * the running kernel's BTF (vmlinux or a module, kernel_btf.h) or, for
 * freplace, in the BTF of the target program (bl_load_opts.replace_target).
 * attach_why.c: the facts about the running kernel that explain a
 * refusal (capabilities, CONFIG_*, the active LSMs), handed to
 * loader/verifier/btf_attach_why.c.
 */
#ifndef BL_LOAD_ATTACH_TARGET_H
#define BL_LOAD_ATTACH_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "load.h"
#include "loader/sys/sys.h"
#include "loader/verifier/btf_attach_why.h"

/* Fills a->attach_btf_id and a->attach_btf_obj_fd (a module's BTF) or
 * a->attach_prog_fd (freplace) for program p, and records them in p
 * (attach_btf_id, attach_where, attach_prog_fd). An LSM program is
 * refused here when the BPF LSM is known not to be active (it would load
 * and never run). Errors name the object, the program and its section. */
int bl_attach_target_resolve(struct bl_object *l, struct bl_prog *p, const struct bl_load_opts *o,
			     struct bl_prog_load_args *a, struct bl_err *err);

/* The facts of the running kernel (attach_why.c): cheap to ask again,
 * read only when something is to be explained. */
void bl_btf_attach_facts_read(struct bl_btf_attach_facts *f);

/* One line explaining why the kernel refused p (a BTF-attached program)
 * with errnum (positive) at stage, from the verifier's log p->log and the
 * facts, into buf; false when there is nothing more to say than errnum. */
bool bl_attach_refusal_explain(const struct bl_prog *p, enum bl_btf_attach_stage stage, int errnum,
			       char *buf, size_t len);

#endif

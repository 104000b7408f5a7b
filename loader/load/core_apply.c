/* loader/load/core_apply.c — CO-RE relocations applied at load time.
 *
 * Each function (piece) of a linked program gets the CO-RE relocations
 * of its ELF section whose insn_off falls inside it (.BTF.ext, elf/
 * btf_ext.h), resolved against the target BTF (elf/core/core.h): the
 * kernel's, /sys/kernel/btf/vmlinux, or the file of --btf
 * (bl_load_opts.btf_path), parsed once per bl_load and freed by
 * bl_unload. A relocation that cannot be resolved poisons its
 * instruction (a call of helper BL_CORE_POISON_HELPER) and is
 * remembered; when the verifier then refuses the program at that
 * instruction ("invalid func unknown#195896080"), bl_core_explain says
 * which relocation it was. Other failures (ambiguous, incompatible,
 * malformed) stop the program's load with one line naming the file, the
 * program and the relocation.
 */
#include "internal.h"
#include "kernel_btf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"
#include "elf/core/core.h"


static int remember(struct bl_assembled *out, size_t insn, uint32_t relo, const char *desc)
{
	struct bl_core_poisoned *p = realloc(out->poisoned, (out->poisoned_cnt + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	out->poisoned = p;
	p += out->poisoned_cnt++;
	p->insn = insn;
	p->relo = relo;
	snprintf(p->desc, sizeof(p->desc), "%s", desc);
	return 0;
}

int bl_core_apply_piece(const struct bl_object *l, const struct bl_prog_spec *prog,
			const struct bl_prog_spec *piece, struct bl_assembled *out, size_t start,
			struct bl_err *err)
{
	const struct bl_object_spec *obj = l->spec;
	const struct bl_btf_ext_sec *sec;
	uint64_t end = piece->sec_offset + piece->insn_cnt * sizeof(struct bpf_insn);
	char in[160] = "";

	if (!obj->btf_ext || !obj->btf)
		return 0;
	sec = bl_btf_ext_find(&obj->btf_ext->core_relo, piece->section);
	if (!sec || !sec->cnt)
		return 0;
	if (piece != prog)
		snprintf(in, sizeof(in), " (in subprogram %s)", piece->name);
	if (!l->core_btf)
		return bl_err_set(err, -ENOENT, "%s: program %s%s: CO-RE relocations without a target BTF",
				  obj->path, prog->name, in);
	for (uint32_t n = 0; n < sec->cnt; n++) {
		const struct bpf_core_relo *relo = &sec->core_relo[n];
		struct bl_core_result res;
		size_t idx;
		int ret;

		if (relo->insn_off < piece->sec_offset || relo->insn_off >= end)
			continue;
		idx = (relo->insn_off - piece->sec_offset) / sizeof(struct bpf_insn);
		memset(&res, 0, sizeof(res));
		ret = bl_core_resolve(obj->btf, l->core_btf, relo, &res, err);
		if (!ret)
			ret = bl_core_patch_insn(out->insns + start, piece->insn_cnt, idx, &res, err);
		if (ret)
			return bl_err_prefix(err, ret, "%s: program %s%s: CO-RE relocation %u", obj->path,
					     prog->name, in, n);
		if (bl_core_insn_poisoned(&out->insns[start + idx]) &&
		    remember(out, start + idx, n, res.desc))
			return bl_err_set(err, -ENOMEM, "%s: program %s: out of memory", obj->path,
					  prog->name);
	}
	return 0;
}

/* The instruction of "N: (85) call unknown#195896080" just before the
 * verifier's "invalid func unknown#195896080", or -1. */
static long poisoned_call_in_log(const char *log)
{
	static const char invalid[] = "invalid func unknown#195896080";
	const char *hit = NULL, *s = log, *line;
	char *endp;
	long n;

	while ((s = strstr(s, invalid))) {
		hit = s;
		s += sizeof(invalid) - 1;
	}
	if (!hit || hit == log || hit[-1] != '\n')
		return -1;
	/* the line before it */
	line = hit - 1;
	while (line > log && line[-1] != '\n')
		line--;
	n = strtol(line, &endp, 10);
	if (endp == line || *endp != ':' || n < 0 || !strstr(endp, "call unknown#195896080") ||
	    strstr(endp, "call unknown#195896080") > hit)
		return -1;
	return n;
}

bool bl_core_explain(const struct bl_object *l, struct bl_prog *p, const struct bl_assembled *linked,
		     struct bl_core_poisoned *out)
{
	const struct bl_core_poisoned *hit = NULL;
	char *log, where[300];
	size_t len;
	long n;

	if (!p->log || !linked->poisoned_cnt)
		return false;
	n = poisoned_call_in_log(p->log);
	if (n < 0 || (size_t)n >= linked->insn_cnt || !bl_core_insn_poisoned(&linked->insns[n]))
		return false;
	for (size_t i = 0; i < linked->poisoned_cnt; i++)
		if (linked->poisoned[i].insn == (size_t)n)
			hit = &linked->poisoned[i];
	if (!hit)
		return false;
	*out = *hit;
	/* a file stood in for the kernel's BTF: it may be another object's
	 * or another kernel's (core_target.c) */
	if (l->core_btf_path)
		snprintf(where, sizeof(where), "in the target BTF %.200s (from %s): is it this kernel's, made for this object?",
			 l->core_btf_path, bl_btf_from_name(l->core_btf_from));
	else
		snprintf(where, sizeof(where), "on this kernel");
#define HEAD "CO-RE relocation %u (%s) could not be resolved %s (instruction %ld calls the poison helper 0x%x instead); the verifier's log:\n%s"
	len = (size_t)snprintf(NULL, 0, HEAD, hit->relo, hit->desc, where, n,
			       BL_CORE_POISON_HELPER, p->log) + 1;
	log = malloc(len);
	if (log) {
		snprintf(log, len, HEAD, hit->relo, hit->desc, where, n, BL_CORE_POISON_HELPER,
			 p->log);
		free(p->log);
		p->log = log;
	}
#undef HEAD
	return true;
}

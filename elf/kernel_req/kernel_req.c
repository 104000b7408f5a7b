/* elf/kernel_req/kernel_req.c — the lowest Linux version an object needs,
 * and every reason, from the object alone.
 *
 * Per program: its section's program type and expected attach type, how
 * bpfload attaches it (here), and its code (insns.c). Object-wide: the
 * maps (types, flags), global data, names, the BTF kinds. Then the
 * minimum: of the object-wide needs, of the programs loaded by default
 * and, for each group of alternatives (elf/alternatives.h), of its least
 * demanding mechanism. Versions come from versions.c, the reasons are
 * gathered by reasons.c. Pure: no syscalls.
 */
#include "kreq_internal.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>

#include "elf/btf/btf.h"

static void scan_section(struct bl_kreq_acc *a, const struct bl_prog_spec *p)
{
	const struct bl_section_def *d = p->def;
	const char *src;
	uint32_t v;

	if (!d) {
		bl_kreq_add(a, 0, BL_KREQ_PROG_TYPE, false, NULL,
		    "section %s names no program type bpfload knows", p->section);
		return;
	}
	v = bl_kv_prog_type(d->prog_type, &src);
	bl_kreq_add(a, v, BL_KREQ_PROG_TYPE, false, src, "program type %s (SEC(\"%s\"))",
	    bl_prog_type_name(d->prog_type), p->section);
	if (d->has_expected) {
		const char *name = bl_attach_type_str(d->expected_attach_type);

		/* the multi kinds: one probe per function before their link */
		bool multi = d->attach >= BL_ATTACH_KPROBE_MULTI && d->attach <= BL_ATTACH_URETPROBE_MULTI;

		v = bl_kv_attach_type(d->expected_attach_type, &src);
		bl_kreq_add(a, v ? v : KV(4, 17), BL_KREQ_ATTACH, multi, v ? src : SRC_EXPECTED,
			    multi ? "expected attach type %s (%u); bpfload attaches one probe per function before it"
				  : "expected attach type %s (%u)", name ? name : "?",
			    d->expected_attach_type);
	}
	if (d->flags & BL_SEC_SLEEPABLE)
		bl_kreq_add(a, KV(5, 10), BL_KREQ_ATTACH, false, SRC_SLEEP,
			    "sleepable program (BPF_F_SLEEPABLE)");
	if (d->flags & BL_SEC_XDP_FRAGS)
		bl_kreq_add(a, KV(5, 18), BL_KREQ_ATTACH, false, SRC_FRAGS,
		    "XDP with fragments (BPF_F_XDP_HAS_FRAGS)");
	switch (d->attach) {
	case BL_ATTACH_USDT:
		bl_kreq_add(a, KV(4, 20), BL_KREQ_ATTACH, true, BL_KREQ_SRC("uprobes: Support SDT markers having reference count (semaphore)"),
		    "USDT semaphores through the uprobe's reference counter (ref_ctr_offset)");
		/* fall through */
	case BL_ATTACH_UPROBE:
	case BL_ATTACH_URETPROBE:
	case BL_ATTACH_UPROBE_MULTI:
	case BL_ATTACH_URETPROBE_MULTI:
		bl_kreq_add(a, KV(4, 3), BL_KREQ_ATTACH, false, SRC_UPROBE, "BPF program on a uprobe");
		bl_kreq_add(a, KV(4, 17), BL_KREQ_ATTACH, true, BL_KREQ_SRC("trace_uprobe: support perf_uprobe PMU"),
		    "uprobe PMU; bpfload uses tracefs uprobe_events before it");
		/* fall through */
	case BL_ATTACH_KPROBE:
	case BL_ATTACH_KRETPROBE:
	case BL_ATTACH_KSYSCALL:
	case BL_ATTACH_KRETSYSCALL:
	case BL_ATTACH_KPROBE_MULTI:
	case BL_ATTACH_KRETPROBE_MULTI:
		if (d->attach != BL_ATTACH_UPROBE && d->attach != BL_ATTACH_URETPROBE &&
		    d->attach != BL_ATTACH_USDT && d->attach != BL_ATTACH_UPROBE_MULTI &&
		    d->attach != BL_ATTACH_URETPROBE_MULTI)
			bl_kreq_add(a, KV(4, 17), BL_KREQ_ATTACH, true, SRC_KPROBE_PMU,
			    "kprobe PMU; bpfload uses tracefs kprobe_events before it");
		/* fall through */
	case BL_ATTACH_TRACEPOINT:
		bl_kreq_add(a, KV(5, 15), BL_KREQ_ATTACH, true, SRC_PERF_LINK,
		    "BPF link on a perf event; bpfload uses PERF_EVENT_IOC_SET_BPF before it");
		break;
	case BL_ATTACH_BTF_TRACE:
	case BL_ATTACH_FREPLACE:
	case BL_ATTACH_ITER:
		bl_kreq_add(a, 0, BL_KREQ_ATTACH, true, NULL,
		    "needs the kernel's BTF (CONFIG_DEBUG_INFO_BTF, /sys/kernel/btf/vmlinux)");
		break;
	default:
		break;
	}
}

static void scan_maps(struct bl_kreq_acc *a)
{
	const struct bl_object_spec *obj = a->obj;
	bool data = false;
	const char *src, *name;
	uint32_t v;

	for (size_t i = 0; i < obj->map_cnt; i++) {
		const struct bl_map_spec *m = &obj->maps[i];

		if (m->inner_template)
			continue;
		v = bl_kv_map_type(m->type, &src);
		bl_kreq_add(a, v, BL_KREQ_MAP, false, src, "map type %s (map %s)", bl_map_type_name(m->type),
		    m->name);
		for (uint32_t bit = 1; bit; bit <<= 1) {
			if (!(m->map_flags & bit))
				continue;
			v = bl_kv_map_flag(bit, &name, &src);
			if (bit == BPF_F_MMAPABLE && m->origin == BL_MAP_DATA)
				bl_kreq_add(a, v, BL_KREQ_MAP, true, src,
				    "%s on global data (map %s): bpfload leaves it out before 5.5",
				    name, m->name);
			else
				bl_kreq_add(a, v, BL_KREQ_MAP, false, src, "map flag %s (map %s)",
				    name ? name : "unknown", m->name);
		}
		if (m->origin == BL_MAP_DATA)
			data = true;
		if (m->origin == BL_MAP_DATA && m->map_flags & BPF_F_RDONLY_PROG)
			bl_kreq_add(a, KV(5, 2), BL_KREQ_MAP, false, SRC_FREEZE,
			    "read-only global data frozen (BPF_MAP_FREEZE, map %s)", m->name);
	}
	if (data)
		bl_kreq_add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
		    "global data (.data, .rodata, .bss, .kconfig as array maps)");
	if (obj->map_cnt || obj->program_cnt)
		bl_kreq_add(a, KV(4, 15), BL_KREQ_FEATURE, false, SRC_NAMES,
		    "object names (bpfload names every map and program: BPF_OBJ_NAME_LEN)");
}

static void scan_btf(struct bl_kreq_acc *a)
{
	const struct bl_btf *btf = a->obj->btf;
	bool seen[32] = { false };
	const char *src;
	uint32_t v;

	if (!btf)
		return;
	bl_kreq_add(a, KV(4, 18), BL_KREQ_BTF, true, SRC_BTF,
	    "BTF (types for maps, func_info, line_info): bpfload loads the object without it "
	    "when the kernel refuses it");
	for (uint32_t id = bl_btf_first_id(btf); id < bl_btf_type_cnt(btf); id++) {
		const struct btf_type *t = bl_btf_type(btf, id);
		unsigned kind = t ? bl_btf_kind(t) : 0;

		if (!t || kind >= 32 || seen[kind])
			continue;
		seen[kind] = true;
		v = bl_kv_btf_kind(kind, &src);
		if (v > KV(4, 18))
			bl_kreq_add(a, v, BL_KREQ_BTF, true, src,
			    "BTF kind %s: bpfload rewrites it for an older kernel",
			    bl_btf_kind_name(kind));
	}
}

/* Highest version first; notes after requirements of the same version. */
static int by_version(const void *x, const void *y)
{
	const struct bl_kreq_reason *a = x, *b = y;

	if (a->note != b->note)
		return a->note ? 1 : -1;
	if (a->version != b->version)
		return a->version > b->version ? -1 : 1;
	return 0;
}

static void finish(struct bl_kreq *r)
{
	if (r->cnt > 1)
		qsort(r->reasons, r->cnt, sizeof(*r->reasons), by_version);
}

/* What a group of alternatives needs: of its ranks (mechanisms), the
 * one whose programs need the least (bpfload loads the most preferred
 * rank the kernel takes: loader/load/alternatives.c). */
static uint32_t group_version(const struct bl_object_spec *obj, const struct bl_kernel_reqs *res,
			      size_t g)
{
	const struct bl_alt_group *grp = &obj->alt_groups[g];
	uint32_t best = UINT32_MAX;

	for (unsigned rank = 0; rank <= BL_ALT_RANK_PERF; rank++) {
		uint32_t v = 0;
		bool any = false;

		for (size_t m = 0; m < grp->member_cnt; m++) {
			size_t i = grp->members[m];

			if (obj->programs[i].alt_rank != rank || res->progs[i].optional)
				continue;
			any = true;
			if (res->progs[i].version > v)
				v = res->progs[i].version;
		}
		if (any && v < best)
			best = v;
	}
	return best == UINT32_MAX ? 0 : best;
}

int bl_kernel_reqs(const struct bl_object_spec *obj, struct bl_kernel_reqs **out,
		   struct bl_err *err)
{
	struct bl_kernel_reqs *res = calloc(1, sizeof(*res));
	struct bl_kreq_acc a = { NULL, obj, 0 };

	*out = NULL;
	if (!res || !(res->progs = calloc(obj->program_cnt ? obj->program_cnt : 1,
					  sizeof(*res->progs)))) {
		free(res);
		return bl_err_set(err, -ENOMEM, "%s: out of memory", obj->path);
	}
	res->prog_cnt = obj->program_cnt;
	a.r = &res->object;
	scan_maps(&a);
	scan_btf(&a);
	finish(&res->object);
	res->version = res->object.version;
	res->unmet = res->object.unmet;
	for (size_t i = 0; i < obj->program_cnt && !a.ret; i++) {
		a.r = &res->progs[i];
		a.r->name = obj->programs[i].name;
		a.r->optional = !obj->programs[i].autoload;
		a.r->alt_group = obj->programs[i].alt_group;
		scan_section(&a, &obj->programs[i]);
		bl_kreq_scan_code(&a, &obj->programs[i]);
		finish(a.r);
		if (!a.r->optional && a.r->alt_group < 0 && a.r->version > res->version)
			res->version = a.r->version;
		if (!a.r->optional && a.r->alt_group < 0)
			res->unmet |= a.r->unmet;
	}
	for (size_t g = 0; g < obj->alt_group_cnt && !a.ret; g++) {
		uint32_t v = group_version(obj, res, g);

		if (v > res->version)
			res->version = v;
	}
	if (a.ret) {
		bl_kernel_reqs_free(res);
		return bl_err_set(err, a.ret, "%s: out of memory", obj->path);
	}
	*out = res;
	return 0;
}

void bl_kernel_reqs_free(struct bl_kernel_reqs *r)
{
	if (!r)
		return;
	free(r->object.reasons);
	for (size_t i = 0; i < r->prog_cnt; i++)
		free(r->progs[i].reasons);
	free(r->progs);
	free(r);
}

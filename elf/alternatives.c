/* elf/alternatives.c — event keys and groups of alternatives, from the
 * section names alone (docs/alternatives.md). Pure: no syscalls.
 *
 * The mechanisms are told apart by the program type and expected attach
 * type the section table gives (elf/section_def.c; the constants of
 * include/uapi/linux/bpf.h, the names of
 * Documentation/bpf/libbpf/program_types.rst): BPF_PROG_TYPE_TRACING with
 * BPF_TRACE_FENTRY, BPF_TRACE_FEXIT or BPF_TRACE_RAW_TP (BTF trampolines
 * and BTF tracepoints), BPF_PROG_TYPE_RAW_TRACEPOINT,
 * BPF_PROG_TYPE_TRACEPOINT and BPF_PROG_TYPE_KPROBE.
 */
#include "alternatives.h"
#include "object.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* "+0", "+0x0", "+00": an offset of zero, the function's entry. */
static bool zero_offset(const char *plus)
{
	char *end;

	if (plus[1] < '0' || plus[1] > '9')
		return false;
	return strtoull(plus + 1, &end, 0) == 0 && *end == '\0';
}

static void set(struct bl_event_key *key, enum bl_event_kind kind, const char *name, size_t len,
		enum bl_alt_rank rank, const char *mechanism)
{
	key->kind = kind;
	key->name = name;
	key->name_len = len;
	key->rank = rank;
	key->mechanism = mechanism;
}

/* fentry/F, fexit/F: libbpf also takes fentry/MODULE:F; the event is F. */
static bool trampoline_key(const struct bl_section_def *def, const char *target,
			   struct bl_event_key *key)
{
	const char *colon = strrchr(target, ':');
	const char *f = colon ? colon + 1 : target;

	if (!*f)
		return false;
	if (def->expected_attach_type == BPF_TRACE_FENTRY)
		set(key, BL_EVENT_FUNC_ENTRY, f, strlen(f), BL_ALT_RANK_BTF, "fentry");
	else if (def->expected_attach_type == BPF_TRACE_FEXIT)
		set(key, BL_EVENT_FUNC_RETURN, f, strlen(f), BL_ALT_RANK_BTF, "fexit");
	else if (def->expected_attach_type == BPF_TRACE_RAW_TP)
		set(key, BL_EVENT_TRACEPOINT, target, strlen(target), BL_ALT_RANK_BTF, "tp_btf");
	else
		return false; /* fmod_ret changes the result; iter is no event */
	return true;
}

/* kprobe/F, kprobe/F+0, kretprobe/F. */
static bool probe_key(const struct bl_section_def *def, const char *target,
		      struct bl_event_key *key)
{
	const char *plus = strchr(target, '+');
	size_t len = plus ? (size_t)(plus - target) : strlen(target);

	if (!len || (plus && !zero_offset(plus)))
		return false; /* inside the function: no fentry can be there */
	if (def->attach == BL_ATTACH_KPROBE)
		set(key, BL_EVENT_FUNC_ENTRY, target, len, BL_ALT_RANK_PERF, "kprobe");
	else if (def->attach == BL_ATTACH_KRETPROBE && !plus)
		set(key, BL_EVENT_FUNC_RETURN, target, len, BL_ALT_RANK_PERF, "kretprobe");
	else
		return false; /* uprobes, ksyscall, kprobe.multi, usdt */
	return true;
}

bool bl_event_key(const struct bl_section_def *def, const char *target, struct bl_event_key *key)
{
	const char *slash;

	memset(key, 0, sizeof(*key));
	if (!def || !target || !*target)
		return false;
	switch (def->prog_type) {
	case BPF_PROG_TYPE_TRACING:
		return def->has_expected && trampoline_key(def, target, key);
	case BPF_PROG_TYPE_KPROBE:
		return !def->has_expected && probe_key(def, target, key);
	case BPF_PROG_TYPE_RAW_TRACEPOINT: /* not .w: that one may write the args */
		set(key, BL_EVENT_TRACEPOINT, target, strlen(target), BL_ALT_RANK_RAW, "raw_tp");
		return true;
	case BPF_PROG_TYPE_TRACEPOINT: /* CAT/NAME: raw and BTF tracepoints name NAME */
		slash = strrchr(target, '/');
		if (!slash || !slash[1])
			return false;
		set(key, BL_EVENT_TRACEPOINT, slash + 1, strlen(slash + 1), BL_ALT_RANK_PERF,
		    "tracepoint");
		return true;
	default:
		return false;
	}
}

bool bl_event_key_same(const struct bl_event_key *a, const struct bl_event_key *b)
{
	return a->kind != BL_EVENT_NONE && a->kind == b->kind && a->name_len == b->name_len &&
	       memcmp(a->name, b->name, a->name_len) == 0;
}

const char *bl_event_kind_name(enum bl_event_kind kind)
{
	switch (kind) {
	case BL_EVENT_FUNC_ENTRY: return "function entry";
	case BL_EVENT_FUNC_RETURN: return "function return";
	case BL_EVENT_TRACEPOINT: return "tracepoint";
	default: return "none";
	}
}

/* Members by rank, then program order (they come in program order; an
 * insertion sort keeps that order within a rank). */
static void sort_by_rank(const struct bl_object_spec *obj, struct bl_alt_group *g)
{
	for (size_t i = 1; i < g->member_cnt; i++) {
		size_t m = g->members[i], k = i;

		for (; k > 0 && obj->programs[g->members[k - 1]].alt_rank > obj->programs[m].alt_rank; k--)
			g->members[k] = g->members[k - 1];
		g->members[k] = m;
	}
}

/* Group g gets the programs from first on with first's key; it is a
 * group only if they have two ranks or more. 0, 1 (no group) or -ENOMEM. */
static int make_group(struct bl_object_spec *obj, struct bl_event_key *keys, size_t first)
{
	struct bl_alt_group *g = &obj->alt_groups[obj->alt_group_cnt];
	bool ranks = false;
	size_t n = 0;

	for (size_t i = first; i < obj->program_cnt; i++)
		if (bl_event_key_same(&keys[first], &keys[i])) {
			n++;
			ranks |= keys[i].rank != keys[first].rank;
		}
	if (!ranks)
		return 1;
	g->members = malloc(n * sizeof(*g->members));
	if (!g->members)
		return -ENOMEM;
	g->key = keys[first];
	for (size_t i = first; i < obj->program_cnt; i++)
		if (bl_event_key_same(&keys[first], &keys[i])) {
			g->members[g->member_cnt++] = i;
			obj->programs[i].alt_group = (int)obj->alt_group_cnt;
			obj->programs[i].alt_rank = keys[i].rank;
		}
	sort_by_rank(obj, g);
	obj->alt_group_cnt++;
	return 0;
}

int bl_object_spec_group_alternatives(struct bl_object_spec *obj)
{
	struct bl_event_key *keys = calloc(obj->program_cnt ? obj->program_cnt : 1, sizeof(*keys));
	int ret = 0;

	/* at most one group per two programs */
	obj->alt_groups = calloc(obj->program_cnt / 2 + 1, sizeof(*obj->alt_groups));
	if (!keys || !obj->alt_groups) {
		free(keys);
		return -ENOMEM;
	}
	for (size_t i = 0; i < obj->program_cnt; i++) {
		struct bl_prog_spec *p = &obj->programs[i];

		p->alt_group = -1;
		p->alt_rank = 0;
		bl_event_key(p->def, p->attach_target, &keys[i]);
	}
	for (size_t i = 0; i < obj->program_cnt && ret >= 0; i++)
		if (keys[i].kind != BL_EVENT_NONE && obj->programs[i].alt_group < 0)
			ret = make_group(obj, keys, i);
	free(keys); /* the groups' keys point into section names, which stay */
	return ret < 0 ? ret : 0;
}

void bl_alt_groups_free(struct bl_object_spec *obj)
{
	for (size_t g = 0; g < obj->alt_group_cnt; g++)
		free(obj->alt_groups[g].members);
	free(obj->alt_groups);
	obj->alt_groups = NULL;
	obj->alt_group_cnt = 0;
}

/* loader/load/alternatives.c — which program of a group of alternatives
 * the load chose (docs/alternatives.md). The groups come from the section
 * names (elf/alternatives.c); what the kernel took comes from each
 * BPF_PROG_LOAD (prog_load.c). No syscalls here.
 *
 * The rule: of a group in play, the chosen rank is the most preferred
 * one whose selected programs all loaded; the loaded programs of the
 * later complete ranks are fallbacks for bl_attach; every other member
 * is unused, and its failure to load is not the object's. A group none
 * of whose ranks loaded whole has no choice: its members' failures are
 * the object's, as if there were no group.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *bl_prog_msg_reason(const struct bl_prog *p, const char *s)
{
	char needle[160];
	const char *at, *end;

	snprintf(needle, sizeof(needle), "program %s", p->spec->name);
	at = strstr(s, needle);
	if (!at)
		return s;
	at += strlen(needle);
	if (!strncmp(at, " (section ", 10) && (end = strstr(at, "): ")))
		return end + 3;
	return !strncmp(at, ": ", 2) ? at + 2 : s;
}

const char *bl_prog_outcome(const struct bl_prog *p, char *buf, size_t len)
{
	char eb[16];

	switch (p->state) {
	case BL_PROG_LOADED:
		return "loaded";
	case BL_PROG_SKIPPED:
		return "skipped";
	case BL_PROG_REJECTED:
		snprintf(buf, len, "not loaded: the kernel refused it with %s (%s)",
			 bl_errno_name(p->load_errno, eb), strerror(p->load_errno));
		return buf;
	case BL_PROG_UNSUPPORTED:
		snprintf(buf, len, "not loaded: %s", p->log ? bl_prog_msg_reason(p, p->log) : "not supported");
		return buf;
	default:
		return "not loaded (not tried)";
	}
}

bool bl_prog_failed(const struct bl_prog *p)
{
	return p->state != BL_PROG_LOADED && p->state != BL_PROG_SKIPPED &&
	       p->alt != BL_ALT_UNUSED;
}

bool bl_object_usable(const struct bl_object *l)
{
	if (!l || l->stage == BL_LOAD_CHECKED)
		return false;
	for (size_t i = 0; i < l->prog_cnt; i++)
		if (bl_prog_failed(&l->progs[i]))
			return false;
	return true;
}

void bl_alt_activate(struct bl_object *l, const struct bl_load_opts *o)
{
	const struct bl_object_spec *obj = l->spec;

	for (size_t g = 0; g < l->alt_cnt; g++) {
		const struct bl_alt_group *grp = &obj->alt_groups[g];
		int first = -1;

		l->alts[g] = (struct bl_alt_state){ false, -1, -1 };
		/* --prog names each program it wants: all of them are used */
		if (o->all_alternatives || o->only_prog_cnt)
			continue;
		for (size_t k = 0; k < grp->member_cnt; k++) {
			const struct bl_prog *p = &l->progs[grp->members[k]];

			if (p->state == BL_PROG_SKIPPED)
				continue;
			if (first < 0)
				first = (int)p->spec->alt_rank;
			else if ((int)p->spec->alt_rank != first)
				l->alts[g].active = true;
		}
	}
}

bool bl_alt_in_play(const struct bl_object *l, const struct bl_prog *p)
{
	int g = p->spec->alt_group;

	return g >= 0 && (size_t)g < l->alt_cnt && l->alts[g].active;
}

/* Did every selected program of rank r of group g load? */
static bool rank_loaded(const struct bl_object *l, const struct bl_alt_group *grp, unsigned r)
{
	bool any = false;

	for (size_t k = 0; k < grp->member_cnt; k++) {
		const struct bl_prog *p = &l->progs[grp->members[k]];

		if (p->spec->alt_rank != r || p->state == BL_PROG_SKIPPED)
			continue;
		if (p->state != BL_PROG_LOADED)
			return false;
		any = true;
	}
	return any;
}

static void settle_group(struct bl_object *l, size_t g)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[g];
	struct bl_alt_state *st = &l->alts[g];

	for (size_t k = 0; k < grp->member_cnt; k++) {
		struct bl_prog *p = &l->progs[grp->members[k]];
		unsigned r = p->spec->alt_rank;

		if (p->state == BL_PROG_SKIPPED)
			p->alt = BL_ALT_NONE;
		else if (!rank_loaded(l, grp, r))
			p->alt = BL_ALT_UNUSED;
		else if (st->loaded_rank >= 0 && st->loaded_rank != (int)r)
			p->alt = BL_ALT_FALLBACK;
		else {
			st->loaded_rank = (int)r; /* the first rank loaded whole */
			p->alt = BL_ALT_CHOSEN;
		}
	}
	if (st->loaded_rank >= 0)
		return;
	/* nothing loaded whole: no choice, every failure counts */
	for (size_t k = 0; k < grp->member_cnt; k++)
		l->progs[grp->members[k]].alt = BL_ALT_NONE;
}

void bl_alt_settle(struct bl_object *l)
{
	for (size_t g = 0; g < l->alt_cnt; g++) {
		l->alts[g].loaded_rank = -1;
		l->alts[g].attached_rank = -1;
		if (l->alts[g].active)
			settle_group(l, g);
	}
}

int bl_alt_group_failed(const struct bl_object *l, const struct bl_prog *p, int ret,
			struct bl_err *err)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[p->spec->alt_group];
	char names[512] = "";
	struct bl_err first = *err;
	size_t n = 0;

	for (size_t k = 0; k < grp->member_cnt && n < sizeof(names); k++) {
		const struct bl_prog *m = &l->progs[grp->members[k]];

		if (m->state == BL_PROG_SKIPPED)
			continue;
		n += snprintf(names + n, sizeof(names) - n, "%s%s", n ? ", " : "", m->spec->section);
	}
	return bl_err_set(err, ret, "%s: %s %.*s: none of its alternatives loaded (%s); %s",
			  l->spec->path, bl_event_kind_name(grp->key.kind), (int)grp->key.name_len,
			  grp->key.name, names, first.msg);
}

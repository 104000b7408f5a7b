/* loader/cli/alternatives.c — how the commands show groups of
 * alternatives (docs/alternatives.md): `inspect` lists each group in
 * order of preference (elf/alternatives.h, from the section names);
 * `verify` says which program bl_load chose and which would be tried
 * next; `run` says which bl_attach attached and why the others were not
 * used. One line per group, or one JSON object of type "alternatives".
 */
#include "loader/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "loader/cli/output.h"

static const char *mechanism_of(const struct bl_prog_spec *p)
{
	struct bl_event_key k;

	return bl_event_key(p->def, p->attach_target, &k) ? k.mechanism : "?";
}

static void json_head(const struct bl_out *o, const struct bl_alt_group *grp)
{
	char name[256];

	snprintf(name, sizeof(name), "%.*s", (int)grp->key.name_len, grp->key.name);
	fputs("{\"type\":\"alternatives\",\"event\":", o->f);
	bl_json_str(o->f, bl_event_kind_name(grp->key.kind));
	fputs(",\"name\":", o->f);
	bl_json_str(o->f, name);
}

static void json_member(const struct bl_out *o, const struct bl_prog_spec *p, bool first)
{
	fputs(first ? "{\"program\":" : ",{\"program\":", o->f);
	bl_json_str(o->f, p->name);
	fputs(",\"section\":", o->f);
	bl_json_str(o->f, p->section);
	fputs(",\"mechanism\":", o->f);
	bl_json_str(o->f, mechanism_of(p));
	fprintf(o->f, ",\"rank\":%u", p->alt_rank);
}

void bl_cli_print_alt_groups(const struct bl_out *o, const struct bl_object_spec *obj)
{
	for (size_t g = 0; g < obj->alt_group_cnt; g++) {
		const struct bl_alt_group *grp = &obj->alt_groups[g];

		if (o->json) {
			json_head(o, grp);
			fputs(",\"members\":[", o->f);
		} else {
			fprintf(o->f, "alternatives %s %.*s, by preference:",
				bl_event_kind_name(grp->key.kind), (int)grp->key.name_len, grp->key.name);
		}
		for (size_t k = 0; k < grp->member_cnt; k++) {
			const struct bl_prog_spec *p = &obj->programs[grp->members[k]];

			if (o->json) {
				json_member(o, p, k == 0);
				fputc('}', o->f);
			} else {
				fprintf(o->f, "%s %s (%s)", k ? "," : "", p->section, p->name);
			}
		}
		fputs(o->json ? "]}\n" : "\n", o->f);
	}
}

/* The mechanism of rank r of group grp. */
static const char *rank_mechanism(const struct bl_object *l, const struct bl_alt_group *grp, int r)
{
	for (size_t k = 0; k < grp->member_cnt; k++)
		if ((int)l->progs[grp->members[k]].spec->alt_rank == r)
			return mechanism_of(l->progs[grp->members[k]].spec);
	return "?";
}

/* What a member is: "attached" / "chosen" (used), "fallback", or
 * "unused" with why in buf. */
static const char *member_role(const struct bl_object *l, size_t g, const struct bl_prog *p,
			       bool attached, char *buf, size_t n)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[g];
	int used = attached ? l->alts[g].attached_rank : l->alts[g].loaded_rank;
	char ob[BL_ERR_MAX];

	buf[0] = '\0';
	if (p->state != BL_PROG_LOADED) {
		snprintf(buf, n, "%s", bl_prog_outcome(p, ob, sizeof(ob)));
	} else if (p->attach_error) {
		snprintf(buf, n, "could not be attached: %s", bl_prog_msg_reason(p, p->attach_error));
	} else if (p->alt == BL_ALT_UNUSED) {
		snprintf(buf, n, "loaded, but a program of its kind was not");
	} else if ((int)p->spec->alt_rank == used) {
		return attached ? "attached" : "chosen";
	} else if (!attached && p->alt == BL_ALT_FALLBACK) {
		snprintf(buf, n, "loaded, attached only if %s cannot be",
			 rank_mechanism(l, grp, used));
	} else if (used >= 0 && (int)p->spec->alt_rank < used) {
		snprintf(buf, n, "loaded, but a program of its kind could not be attached");
	} else {
		snprintf(buf, n, "loaded, %s preferred", rank_mechanism(l, grp, used));
	}
	return !attached && p->alt == BL_ALT_FALLBACK ? "fallback" : "unused";
}

/* One member in the text line: "SECTION (NAME) attached", or
 * "SECTION (NAME) not used: WHY". */
static void text_member(const struct bl_out *o, const struct bl_prog *p, const char *role,
			const char *why, bool attached, bool first)
{
	const char *sep = first ? " " : "; ";

	if (!why[0])
		fprintf(o->f, "%s%s (%s) %s", sep, p->spec->section, p->spec->name,
			attached ? "attached" : "would be attached");
	else
		fprintf(o->f, "%s%s (%s) %s: %s", sep, p->spec->section, p->spec->name,
			strcmp(role, "fallback") ? "not used" : "fallback", why);
}

static void json_role(const struct bl_out *o, const struct bl_prog *p, const char *role,
		      const char *why, bool first)
{
	json_member(o, p->spec, first);
	fputs(",\"role\":", o->f);
	bl_json_str(o->f, role);
	if (why[0]) {
		fputs(",\"reason\":", o->f);
		bl_json_str(o->f, why);
	}
	fputc('}', o->f);
}

/* The members of group g: in text, the one(s) used first, then the
 * others; in JSON, by preference. */
static void print_members(const struct bl_out *o, const struct bl_object *l, size_t g,
			  bool attached)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[g];
	char why[BL_ERR_MAX];
	bool first = true;

	for (int pass = 0; pass < (o->json ? 1 : 2); pass++) {
		for (size_t k = 0; k < grp->member_cnt; k++) {
			const struct bl_prog *p = &l->progs[grp->members[k]];
			const char *role;

			if (p->state == BL_PROG_SKIPPED)
				continue;
			role = member_role(l, g, p, attached, why, sizeof(why));
			if (o->json)
				json_role(o, p, role, why, first);
			else if ((pass == 0) == !why[0])
				text_member(o, p, role, why, attached, first);
			else
				continue;
			first = false;
		}
	}
}

static void print_choice(const struct bl_out *o, const struct bl_object *l, size_t g, bool attached)
{
	const struct bl_alt_group *grp = &l->spec->alt_groups[g];
	int used = attached ? l->alts[g].attached_rank : l->alts[g].loaded_rank;

	if (o->json) {
		json_head(o, grp);
		fputs(",\"used\":", o->f);
		if (used >= 0)
			bl_json_str(o->f, rank_mechanism(l, grp, used));
		else
			fputs("null", o->f);
		fputs(",\"members\":[", o->f);
	} else {
		fprintf(o->f, "alternative %s %.*s:", bl_event_kind_name(grp->key.kind),
			(int)grp->key.name_len, grp->key.name);
		if (used < 0)
			fputs(attached ? " none attached;" : " none loaded;", o->f);
	}
	print_members(o, l, g, attached);
	fputs(o->json ? "]}\n" : "\n", o->f);
}

void bl_cli_print_alt_choices(const struct bl_out *o, const struct bl_object *l, bool attached)
{
	for (size_t g = 0; g < l->alt_cnt; g++)
		if (l->alts[g].active)
			print_choice(o, l, g, attached);
}

/* elf/btf/btf_loops.c — a .BTF type that contains itself.
 *
 * A type may refer to itself through a pointer (struct list { struct list
 * *next; }), never otherwise: a TYPEDEF or CONST chain that comes back
 * to where it started has no end, a struct that holds itself (directly,
 * through an array, or through another struct) has no size. The kernel
 * refuses such BTF at BPF_BTF_LOAD ("Loop detected", kernel/bpf/btf.c);
 * the object reader refuses it when it reads the file (btf_read.c), so
 * that the type is named instead of the object loaded without its BTF.
 *
 * The edges followed are those that need the other type complete: a
 * modifier's or VAR's type, an ARRAY's element, a STRUCT's or UNION's
 * members, a DATASEC's variables. PTR, FUNC, FUNC_PROTO and DECL_TAG
 * only refer. An iterative depth-first search, linear in the types.
 */
#include "btf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

/* Edge k of type id (the type it needs complete), false past the last. */
static bool edge(const struct bl_btf *btf, uint32_t id, uint32_t k, uint32_t *to)
{
	const struct btf_type *t = bl_btf_type(btf, id);

	switch (bl_btf_kind(t)) {
	case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
		*to = t->type;
		return k == 0;
	case BTF_KIND_ARRAY:
		*to = bl_btf_array(t)->type;
		return k == 0;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		if (k >= bl_btf_vlen(t))
			return false;
		*to = bl_btf_members(t)[k].type;
		return true;
	case BTF_KIND_DATASEC:
		if (k >= bl_btf_vlen(t))
			return false;
		*to = bl_btf_secinfos(t)[k].type;
		return true;
	}
	return false;
}

/* 1 with *at on a loop, 0 without, -ENOMEM. */
static int find_loop(const struct bl_btf *btf, uint32_t *at)
{
	enum { NEW, ON_PATH, DONE };
	uint32_t cnt = bl_btf_type_cnt(btf);
	struct frame {
		uint32_t id, next;
	} *stack = malloc(cnt * sizeof(*stack));
	unsigned char *state = calloc(cnt, 1);
	int found = 0;

	if (!stack || !state) {
		free(stack);
		free(state);
		return -ENOMEM;
	}
	for (uint32_t root = 1; root < cnt && !found; root++) {
		size_t sp = 0;

		if (state[root] != NEW)
			continue;
		state[root] = ON_PATH;
		stack[sp++] = (struct frame){ root, 0 };
		while (sp && !found) {
			struct frame *f = &stack[sp - 1];
			uint32_t to;

			if (!edge(btf, f->id, f->next++, &to)) {
				state[f->id] = DONE;
				sp--;
			} else if (to && to < cnt && state[to] == ON_PATH) {
				*at = to;
				found = 1;
			} else if (to && to < cnt && state[to] == NEW) {
				state[to] = ON_PATH;
				stack[sp++] = (struct frame){ to, 0 };
			}
		}
	}
	free(stack);
	free(state);
	return found;
}

int bl_btf_check_loops(const struct bl_btf *btf, const char *name, struct bl_err *err)
{
	uint32_t at = 0;
	int ret = find_loop(btf, &at);
	const struct btf_type *t;

	if (ret < 0)
		return bl_err_set(err, ret, "%s: .BTF: out of memory", name);
	if (!ret)
		return 0;
	t = bl_btf_type(btf, at);
	return bl_err_set(err, -EINVAL,
			  "%s: .BTF: type [%u] %s%s%s%s: contains itself: its type, elements or members lead back to it without a pointer between",
			  name, at, bl_btf_kind_name(bl_btf_kind(t)), *bl_btf_name(btf, t->name_off) ? " '" : "",
			  bl_btf_name(btf, t->name_off), *bl_btf_name(btf, t->name_off) ? "'" : "");
}

/* elf/value/btf_hist.c — is a map's value a histogram (elf/value/btf_hist.h)?
 *
 * The convention is bcc's libbpf-tools' (e.g. biolatency.h:
 * `struct hist { __u32 slots[MAX_SLOTS]; };`): a struct with an array
 * member named "slots", whose elements are integer counts. bpfload adds
 * one convention of its own: when the struct's name (or a typedef's
 * name on the way to it) contains "linear", slot i counts the value i
 * instead of the log2 range 2^i .. 2^(i+1) - 1.
 */
#include "btf_hist.h"

#include <errno.h>
#include <string.h>

static bool says_linear(const struct bl_btf *btf, const struct btf_type *t)
{
	const char *name = bl_btf_name(btf, t->name_off);

	return name && strstr(name, "linear");
}

int bl_btf_hist_find(const struct bl_btf *btf, uint32_t id, struct bl_btf_hist *out)
{
	const struct btf_type *t = bl_btf_type(btf, id), *s, *elem;
	const struct btf_member *m;
	bool linear = false;
	uint32_t size, total;

	if (!t)
		return -ENOENT;
	/* the typedefs on the way may carry the name: typedef struct {..} linear_hist_t */
	for (uint32_t steps = 0; t && bl_btf_kind(t) == BTF_KIND_TYPEDEF &&
				 steps < bl_btf_type_cnt(btf); steps++) {
		linear |= says_linear(btf, t);
		t = bl_btf_type(btf, t->type);
	}
	s = bl_btf_skip_modifiers(btf, id, NULL);
	if (!s || bl_btf_kind(s) != BTF_KIND_STRUCT)
		return -ENOENT;
	linear |= says_linear(btf, s);
	m = bl_btf_members(s);
	for (unsigned i = 0; i < bl_btf_vlen(s); i++) {
		const char *name = bl_btf_name(btf, m[i].name_off);
		const struct btf_type *a = bl_btf_skip_modifiers(btf, m[i].type, NULL);
		uint32_t bit = bl_btf_member_bit_offset(s, &m[i]);

		if (!name || strcmp(name, "slots") || !a || bl_btf_kind(a) != BTF_KIND_ARRAY ||
		    bit % 8 || bl_btf_member_bitfield_size(s, &m[i]))
			continue;
		elem = bl_btf_skip_modifiers(btf, bl_btf_array(a)->type, NULL);
		if (!elem || bl_btf_kind(elem) != BTF_KIND_INT)
			return -ENOENT;
		size = elem->size;
		if ((size != 1 && size != 2 && size != 4 && size != 8) ||
		    BTF_INT_BITS(bl_btf_int_data(elem)) != size * 8 ||
		    bl_btf_resolve_size(btf, m[i].type, &total) ||
		    (uint64_t)bit / 8 + total > s->size)
			return -ENOENT;
		out->offset = bit / 8;
		out->elem_size = size;
		out->nslots = bl_btf_array(a)->nelems;
		out->linear = linear;
		return out->nslots ? 0 : -ENOENT;
	}
	return -ENOENT;
}

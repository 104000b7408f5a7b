/* elf/btf/btf_index.c — finding BTF types by name without a scan.
 *
 * The kernel's BTF (/sys/kernel/btf/vmlinux) holds about 126,000 types;
 * a loader looks names up in it for every CO-RE relocation (the
 * candidates: Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations"),
 * every fentry/tp_btf/lsm target (its FUNC or btf_trace_* TYPEDEF) and
 * every __ksym extern. A scan per lookup made loads of CO-RE objects
 * slow; this index is built once, on the first lookup, and then each
 * lookup costs one hash and a short probe.
 *
 * The key is a type's essential name: the name without a "___flavor"
 * suffix (CO-RE's convention, libbpf's documentation of CO-RE: "struct
 * flavors"), so one index answers both exact lookups and CO-RE's
 * "same essential name" candidates. An open-addressing table with linear
 * probing holds type ids (0: empty slot); ids are inserted in increasing
 * order, so a probe meets the types of one name in id order. Split BTF
 * (a module's) indexes its own types; lookups also ask its base.
 *
 * Two indexes, each built on the first lookup that needs it: one of the
 * names of symbols (FUNC, VAR, DATASEC, DECL_TAG: 56,404 of the kernel's
 * 70,756 names, most of them functions) and one of the names of types
 * (every other kind). A CO-RE relocation never asks for a symbol, so a
 * CO-RE load hashes 14,352 names, not 70,756 (the kernel 6.18 here).
 */
#define _GNU_SOURCE /* memmem */
#include "btf_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct bl_btf_index {
	uint32_t *slots;	/* type ids, 0: empty */
	uint32_t mask;		/* slot count - 1 (a power of two) */
};

static bool is_flavor_sep(const char *s)
{
	return s[0] != '_' && s[1] == '_' && s[2] == '_' && s[3] == '_' && s[4] != '_';
}

size_t bl_btf_essential_name_len(const char *name)
{
	size_t n = strlen(name);

	/* "X___Y" takes 5 bytes; look for the last one. */
	for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;)
		if (is_flavor_sep(name + i))
			return i + 1;
	return n;
}

/* A hash of the first len bytes, 8 at a time (multiply and fold, as
 * FxHash and wyhash do): the index hashes 100,000 kernel names, and a
 * byte at a time was a third of a CO-RE load's instructions. When seps
 * is not NULL, it also says whether "___" occurs in those bytes: in the
 * same pass, from a mask of the '_' bytes of each word (little-endian
 * byte order; elsewhere strstr does it). */
#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

static uint64_t underscores(uint64_t w)
{
	uint64_t z = w ^ (0x5f * ONES);			/* '_' bytes are now 0 */
	uint64_t nonzero = ((z & ~HIGH) + ~HIGH) | z;	/* high bit of each byte != 0 */

	return ~nonzero & HIGH;
}

/* One word of hash_scan: mixed into h, its '_' bytes checked for three
 * in a row (also with the last two bytes of the word before, prev). */
static inline void scan_word(uint64_t w, uint64_t *h, uint64_t *prev, bool *three, bool seps)
{
	const uint64_t k = 0x9e3779b97f4a7c15ull;
	uint64_t u;

	*h = (*h ^ w) * k;
	*h ^= *h >> 29;
	if (!seps)
		return;
	u = underscores(w);	/* bit 8i+7: byte i is '_' */
	*three |= (u & u >> 8 & u >> 16) != 0;
	*three |= (*prev >> 56) && (u & 0x80) && (u & 0x8000);
	*three |= (*prev >> 48 & 0x80) && (*prev >> 56) && (u & 0x80);
	*prev = u;
}

static uint32_t finish(uint64_t h, size_t len)
{
	h = (h ^ len) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h ^ h >> 32);
}

static uint32_t hash_scan(const char *s, size_t len, bool *seps)
{
	uint64_t h = 0, w, prev = 0;
	const char *start = s;
	bool three = false;
	size_t n = len;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		scan_word(w, &h, &prev, &three, seps != NULL);
	}
	if (n || !len) {
		w = 0;
		memcpy(&w, s, n);	/* past len: zero bytes, never '_' */
		scan_word(w, &h, &prev, &three, seps != NULL);
	}
	if (seps) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		*seps = three;
#else
		*seps = memmem(start, len, "___", 3) != NULL;	/* the masks assume LE */
#endif
	}
	(void)start;
	return finish(h, len);
}

static uint32_t hash(const char *s, size_t len)
{
	return hash_scan(s, len, NULL);
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* hash_scan of the NUL-terminated name at s, whose string area ends at
 * end, with its length found in the same pass (the index hashes every
 * name once; a strlen first read each twice). A word is read whole
 * only where 8 bytes are left before end, never past the area. */
static uint32_t hash_name(const char *s, const char *end, bool *seps)
{
	uint64_t h = 0, w, prev = 0, zeros;
	const char *start = s;
	bool three = false;

	for (; end - s >= 8; s += 8) {
		memcpy(&w, s, 8);
		zeros = (w - ONES) & ~w & HIGH;	/* high bit of each 0 byte (the first is exact) */
		if (zeros) {
			unsigned int k = (unsigned int)__builtin_ctzll(zeros) / 8;

			if (k) {	/* the bytes before the NUL, zero-padded */
				w &= ~0ull >> (64 - 8 * k);
				scan_word(w, &h, &prev, &three, true);
			} else if (s == start) {
				scan_word(0, &h, &prev, &three, true);	/* "" */
			}
			*seps = three;
			return finish(h, (size_t)(s - start) + k);
		}
		scan_word(w, &h, &prev, &three, true);
	}
	/* the last bytes of the area: a byte at a time (the area ends in a NUL) */
	size_t done = (size_t)(s - start), n = strnlen(s, (size_t)(end - s));

	if (n || !done) {
		w = 0;
		memcpy(&w, s, n);
		scan_word(w, &h, &prev, &three, true);
	}
	*seps = three;
	return finish(h, done + n);
}
#else
static uint32_t hash_name(const char *s, const char *end, bool *seps)
{
	(void)end;
	return hash_scan(s, strlen(s), seps);
}
#endif

static const char *type_name(const struct bl_btf *btf, uint32_t id)
{
	return bl_btf_name(btf, bl_btf_type(btf, id)->name_off);
}

/* The name at off and the end of the string area that holds it (a split
 * BTF's names continue its base's area). */
static const char *name_at(const struct bl_btf *btf, uint32_t off, const char **area_end)
{
	while (off < btf->first_str)
		btf = btf->base;
	*area_end = btf->strs + btf->str_len;
	return btf->strs + (off - btf->first_str);
}

/* The hash of name's essential part. Kernel names almost never hold a
 * flavor, so the rule (bl_btf_essential_name_len, a byte at a time) is
 * applied only to names that have "___" at all, which the hash's own
 * pass finds out. */
static uint32_t essential_hash(const char *name, const char *area_end)
{
	bool seps;
	uint32_t h = hash_name(name, area_end, &seps);

	return seps ? hash(name, bl_btf_essential_name_len(name)) : h;
}

static struct bl_btf_index *build(const struct bl_btf *btf, unsigned int group)
{
	struct bl_btf_index *ix = malloc(sizeof(*ix));
	uint32_t named = btf->named[group], size = 16;	/* counted by the parse */

	if (!ix)
		return NULL;
	/* at most 3/4 full: short probes (vmlinux: 14,352 names of
	 * types in 32,768 slots, 56,404 of symbols in 131,072; 4 bytes each) */
	while (size / 4 * 3 < named)
		size *= 2;
	ix->slots = calloc(size, sizeof(*ix->slots));
	if (!ix->slots) {
		free(ix);
		return NULL;
	}
	ix->mask = size - 1;
	for (uint32_t id = btf->first_id; id < btf->type_cnt; id++) {
		const struct btf_type *t = bl_btf_own_type(btf, id);
		const char *name, *end;
		uint32_t s;

		if (!t->name_off || bl_btf_index_group(bl_btf_kind(t)) != group)
			continue;
		name = name_at(btf, t->name_off, &end);
		if (!*name)
			continue;	/* anonymous: never looked up by name */
		s = essential_hash(name, end) & ix->mask;
		while (ix->slots[s])
			s = (s + 1) & ix->mask;
		ix->slots[s] = id;
	}
	return ix;
}

/* The index of btf's own types of group, built now if needed; NULL
 * without memory (the callers then scan). The index is a cache: building
 * it does not change what btf describes. */
static const struct bl_btf_index *index_of(const struct bl_btf *btf, unsigned int group)
{
	struct bl_btf *mut = (struct bl_btf *)btf;

	if (!mut->index[group])
		mut->index[group] = build(btf, group);
	return mut->index[group];
}

void bl_btf_index_free(struct bl_btf *btf)
{
	for (unsigned int g = 0; g < BL_BTF_INDEX_GROUPS; g++) {
		if (btf->index[g])
			free(btf->index[g]->slots);
		free(btf->index[g]);
		btf->index[g] = NULL;
	}
}

static bool essential_match(const struct bl_btf *btf, uint32_t id, const char *name, size_t len)
{
	const char *n = type_name(btf, id);

	return strncmp(n, name, len) == 0 && bl_btf_essential_name_len(n) == len;
}

void bl_btf_name_iter_init(struct bl_btf_name_iter *it, const struct bl_btf *btf,
			   const char *name, size_t len, unsigned int kind)
{
	memset(it, 0, sizeof(*it));
	it->group = bl_btf_index_group(kind);
	it->top = btf;
	it->cur = btf->base ? btf->base : btf;
	it->name = name;
	it->len = len;
}

/* The next match in it->cur's own types, or 0 when they are done. */
static uint32_t next_in(struct bl_btf_name_iter *it)
{
	const struct bl_btf *b = it->cur;
	const struct bl_btf_index *ix = index_of(b, it->group);

	if (!ix) {	/* no memory for an index: scan */
		if (!it->started)
			it->pos = b->first_id;
		it->started = true;
		while (it->pos < b->type_cnt) {
			uint32_t id = it->pos++;

			if (bl_btf_index_group(bl_btf_kind(bl_btf_own_type(b, id))) == it->group &&
			    essential_match(b, id, it->name, it->len))
				return id;
		}
		return 0;
	}
	if (!it->started)
		it->pos = hash(it->name, it->len) & ix->mask;
	else
		it->pos = (it->pos + 1) & ix->mask;
	it->started = true;
	for (; ix->slots[it->pos]; it->pos = (it->pos + 1) & ix->mask)
		if (essential_match(b, ix->slots[it->pos], it->name, it->len))
			return ix->slots[it->pos];
	return 0;
}

uint32_t bl_btf_name_iter_next(struct bl_btf_name_iter *it)
{
	while (it->cur) {
		uint32_t id = next_in(it);

		if (id)
			return id;
		/* base done: go on with the split BTF's own types */
		it->cur = it->cur != it->top ? it->top : NULL;
		it->started = false;
	}
	return 0;
}

static int find(const struct bl_btf *btf, const char *name, unsigned int kind, bool own_only)
{
	struct bl_btf_name_iter it;
	uint32_t id;

	if (!*name) {	/* anonymous types are not indexed: the first one */
		for (id = own_only ? btf->first_id : 1; id < btf->type_cnt; id++)
			if (bl_btf_kind(bl_btf_type(btf, id)) == kind && !*type_name(btf, id))
				return (int)id;
		return -ENOENT;
	}
	bl_btf_name_iter_init(&it, btf, name, bl_btf_essential_name_len(name), kind);
	if (own_only)
		it.cur = btf;
	while ((id = bl_btf_name_iter_next(&it)))
		/* the essential name matched; a lookup by name wants it whole */
		if (bl_btf_kind(bl_btf_type(btf, id)) == kind &&
		    strcmp(type_name(btf, id), name) == 0)
			return (int)id;
	return -ENOENT;
}

int bl_btf_find_by_name_kind(const struct bl_btf *btf, const char *name, unsigned int kind)
{
	return find(btf, name, kind, false);
}

int bl_btf_find_own_by_name_kind(const struct bl_btf *btf, const char *name, unsigned int kind)
{
	return find(btf, name, kind, true);
}

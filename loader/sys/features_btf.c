/* loader/sys/features_btf.c — the BTF kinds the running kernel knows: one
 * tiny BPF_BTF_LOAD each (the BL_FEAT_BTF_* probes of features.c).
 *
 * Documentation/bpf/btf.rst: BPF_BTF_LOAD checks every type and refuses
 * a kind it does not know with EINVAL. So a BTF of a few types, the last
 * of the kind in question, is loaded (and its fd closed at once): an fd
 * means the kind is known. libbpf's probes (src/features.c) do the same.
 */
#include "features_impl.h"
#include "sys.h"

#include <linux/btf.h>
#include <string.h>
#include <unistd.h>

#define INFO(kind, vlen) ((uint32_t)(kind) << 24 | (uint32_t)(vlen))

/* Strings of every probe: "\0int\0x\0a\0.data\0float\0tag\0e\0" */
static const char probe_strs[] = "\0int\0x\0a\0.data\0float\0tag\0e";
enum { S_INT = 1, S_X = 5, S_A = 7, S_DATA = 9, S_FLOAT = 15, S_TAG = 21, S_E = 25 };

/* A BTF of a few types, written word by word: a header, the types, then
 * the strings. 0 when the kernel takes it, else -errno. */
static int load_tiny(const uint32_t *types, size_t words)
{
	struct btf_header h;
	unsigned char buf[sizeof(h) + 32 * 4 + sizeof(probe_strs)];
	int fd;

	if (words > 32)
		return -E2BIG;
	memset(&h, 0, sizeof(h));
	h.magic = BTF_MAGIC;
	h.version = BTF_VERSION;
	h.hdr_len = sizeof(h);
	h.type_len = (uint32_t)(words * 4);
	h.str_off = h.type_len;
	h.str_len = sizeof(probe_strs);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), types, words * 4);
	memcpy(buf + sizeof(h) + words * 4, probe_strs, sizeof(probe_strs));
	fd = bl_sys_btf_load(buf, (uint32_t)(sizeof(h) + words * 4 + sizeof(probe_strs)), NULL, 0, 0);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

#define LOAD(...) \
	load_tiny((const uint32_t[]){ __VA_ARGS__ }, sizeof((uint32_t[]){ __VA_ARGS__ }) / 4)

/* [1] int: INT, 4 bytes, signed, 32 bits. */
#define INT_WORDS S_INT, INFO(BTF_KIND_INT, 0), 4, (1u << 24) | 32

int bl_probe_btf_func(struct bl_feature_result *r)
{
	r->step = "BPF_BTF_LOAD of a FUNC";
	/* int x(int a): FUNC_PROTO [2], FUNC [3] */
	return LOAD(INT_WORDS, 0, INFO(BTF_KIND_FUNC_PROTO, 1), 1, S_A, 1,
		    S_X, INFO(BTF_KIND_FUNC, BTF_FUNC_STATIC), 2);
}

int bl_probe_btf_global_func(struct bl_feature_result *r)
{
	/* Without FUNC at all (before 5.0) this load fails too. */
	r->step = "BPF_BTF_LOAD of a global FUNC";
	return LOAD(INT_WORDS, 0, INFO(BTF_KIND_FUNC_PROTO, 1), 1, S_A, 1,
		    S_X, INFO(BTF_KIND_FUNC, BTF_FUNC_GLOBAL), 2);
}

int bl_probe_btf_datasec(struct bl_feature_result *r)
{
	r->step = "BPF_BTF_LOAD of a DATASEC";
	/* static int x in .data: VAR [2], DATASEC [3] */
	return LOAD(INT_WORDS, S_X, INFO(BTF_KIND_VAR, 0), 1, BTF_VAR_STATIC,
		    S_DATA, INFO(BTF_KIND_DATASEC, 1), 4, 2, 0, 4);
}

int bl_probe_btf_float(struct bl_feature_result *r)
{
	r->step = "BPF_BTF_LOAD of a FLOAT";
	return LOAD(S_FLOAT, INFO(BTF_KIND_FLOAT, 0), 4);
}

int bl_probe_btf_decl_tag(struct bl_feature_result *r)
{
	r->step = "BPF_BTF_LOAD of a DECL_TAG";
	/* int x with a tag: VAR [2], DECL_TAG [3] on it (component_idx -1) */
	return LOAD(INT_WORDS, S_X, INFO(BTF_KIND_VAR, 0), 1, BTF_VAR_STATIC,
		    S_TAG, INFO(BTF_KIND_DECL_TAG, 0), 2, (uint32_t)-1);
}

int bl_probe_btf_type_tag(struct bl_feature_result *r)
{
	r->step = "BPF_BTF_LOAD of a TYPE_TAG";
	/* int __tag *: TYPE_TAG [2], PTR [3] */
	return LOAD(INT_WORDS, S_TAG, INFO(BTF_KIND_TYPE_TAG, 0), 1,
		    0, INFO(BTF_KIND_PTR, 0), 2);
}

int bl_probe_btf_enum64(struct bl_feature_result *r)
{
	r->step = "BPF_BTF_LOAD of an ENUM64";
	/* enum e { a = 1ull << 32 }: ENUM64 [1] */
	return LOAD(S_E, INFO(BTF_KIND_ENUM64, 1), 8, S_A, 0, 1);
}

/* tests/unit/core_test.h — shared by the CO-RE unit tests
 * (test_core_*.c): hand-built BTF for the local object and the target
 * kernel, and running bl_core_resolve on them.
 */
#ifndef BL_CORE_TEST_H
#define BL_CORE_TEST_H

#include "elf/core/core.h"
#include "unit.h"

/* The test cases of suite_core (test_core_util.c). */
TCase *tcase_core_spec(void);		/* test_core_spec.c */
TCase *tcase_core_rules(void);		/* test_core_rules.c */
TCase *tcase_core_types(void);		/* test_core_types.c */
TCase *tcase_core_patch(void);		/* test_core_patch.c */
TCase *tcase_core_vmlinux(void);	/* test_core_vmlinux.c */

/* Records on top of bb_type (test_btf_util.c); each returns the type id
 * or appends what follows the record it belongs to. */
uint32_t cb_int(struct bb *b, const char *name, uint32_t size, bool is_signed);
uint32_t cb_struct(struct bb *b, const char *name, uint32_t size, unsigned int vlen);
/* kind_flag set: members with a bitfield size (cb_bitfield only). */
uint32_t cb_struct_bits(struct bb *b, const char *name, uint32_t size, unsigned int vlen);
uint32_t cb_union(struct bb *b, const char *name, uint32_t size, unsigned int vlen);
void cb_member(struct bb *b, const char *name, uint32_t type, uint32_t bit_off);
void cb_bitfield(struct bb *b, const char *name, uint32_t type, uint32_t bit_off, uint32_t bits);
uint32_t cb_array(struct bb *b, uint32_t elem, uint32_t index_type, uint32_t nelems);
uint32_t cb_ptr(struct bb *b, uint32_t type);
uint32_t cb_enum(struct bb *b, const char *name, uint32_t size, unsigned int vlen, bool is_signed);
void cb_enumval(struct bb *b, const char *name, int32_t val);
uint32_t cb_enum64(struct bb *b, const char *name, unsigned int vlen);
void cb_enum64val(struct bb *b, const char *name, uint64_t val);

/* The local BTF most tests start from: [1] int, [2] unsigned int,
 * [3] struct sname { int a; int b; }. */
void cb_local_s(struct bb *l, const char *sname);

/* A relocation of the local image: access goes into its strings. */
struct bpf_core_relo cb_relo(struct bb *local, uint32_t type_id, const char *access,
			     uint32_t kind);

/* Parses both images and resolves relo; returns bl_core_resolve's code. */
int cb_resolve(const struct bb *local, const struct bb *target, const struct bpf_core_relo *relo,
	       struct bl_core_result *res, struct bl_err *err);
/* The same, that must succeed; returns new_val (res for the rest). */
uint64_t cb_value(const struct bb *local, const struct bb *target, const struct bpf_core_relo *relo,
		  struct bl_core_result *res);
/* The same, that must fail with code and a one-line message containing
 * each '|'-separated word of what. */
void cb_fails(const struct bb *local, const struct bb *target, const struct bpf_core_relo *relo,
	      int code, const char *what);

#endif

/* test_btf.bpf.c - test object: one of each kind of BTF type.
 *
 * For the unit tests of elf/btf/btf.c and elf/btf/btf_ext.c (the type kinds of
 * Documentation/bpf/btf.rst, "BTF Type and String Encoding").  clang puts
 * into .BTF only the types a function signature, a global variable or a
 * CO-RE relocation refers to: so the program's context argument is a
 * struct that holds the kinds to test (the program never reads it as
 * such), and two CO-RE relocations (.BTF.ext) bring in struct hit and
 * struct task_like.
 *
 *   struct btf_kinds   STRUCT with INT, bitfields (kind_flag), PTR, ARRAY,
 *                      UNION, ENUM, FWD, TYPEDEF, CONST, VOLATILE,
 *                      RESTRICT, FLOAT, TYPE_TAG, a DECL_TAG member, a
 *                      forward-declared enum, _Bool and __int128
 *   on_btf_kinds       FUNC (with a DECL_TAG) of a FUNC_PROTO
 *   LICENSE            VAR in the DATASEC "license"
 *
 * clang 14 does not emit ENUM64; the unit tests build that one by hand.
 * Run:     bpfload run build/bpf-progs/test_btf.bpf.o
 * Trigger: getppid(2), e.g. python3 -c 'import os; os.getppid()'
 * Output:  a trace_pipe line "btf size=16 off=4" per call.
 */
#include "bpfload.bpf.h"

struct hit {
	__u64 count;
	__u64 last_pid;
};

/* CO-RE matches this by name (struct task_struct has a pid). */
struct task_like {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

enum btf_color { BTF_RED, BTF_GREEN = 5, BTF_BLUE = -1 };

struct btf_opaque;	/* never defined: a FWD */
enum btf_fwd_e;		/* never defined: an ENUM of size 0, no values */

typedef unsigned int btf_u32_t;

union btf_num {
	int i;
	float f;
};

struct btf_kinds {
	int a;
	unsigned int bits3 : 3;
	unsigned int bits5 : 5;
	const volatile long cv;
	char name[16];
	union btf_num num;
	enum btf_color color;
	struct btf_opaque *opaque;
	btf_u32_t typed;
	int *restrict rp;
	double d;
	int __attribute__((btf_type_tag("user"))) *uptr;
	int tagged __attribute__((btf_decl_tag("member_tag")));
	enum btf_fwd_e *fwd_enum;
	_Bool flag;
	unsigned __int128 big;
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int __attribute__((btf_decl_tag("func_tag"))) on_btf_kinds(struct btf_kinds *ctx)
{
	struct task_like *t = (void *)bpf_get_current_task();
	__u32 size = __builtin_preserve_type_info(*(struct hit *)0, 1);
	__u32 off = __builtin_preserve_field_info(t->tgid, 0);

	(void)ctx;
	bpf_printk("btf size=%u off=%u", size, off);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

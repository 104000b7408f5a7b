/* elf/usdt/usdt.h — USDT probes (statically defined tracepoints in user
 * programs, <sys/sdt.h>): the notes of a binary that describe them
 * (notes.c) and their argument specs (arg_spec.c). Pure: files are read,
 * nothing is probed. docs/usdt.md tells the story. */
#ifndef BL_ELF_USDT_H
#define BL_ELF_USDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "elf/error.h"

/* libbpf's BPF side reads at most 12 arguments (BPF_USDT_MAX_ARG_CNT of
 * <bpf/usdt.bpf.h>); <sys/sdt.h> writes at most 12 too. */
#define BL_USDT_MAX_ARGS 12

/* Where an argument is; the numbers are the BPF side's
 * (enum __bpf_usdt_arg_type of <bpf/usdt.bpf.h>). */
enum bl_usdt_arg_kind {
	BL_USDT_ARG_CONST = 0,		/* the value itself: "4@$5", arm64 "4@5", arm "4@#5" */
	BL_USDT_ARG_REG = 1,		/* a register: "-4@%eax", "8@x0" */
	BL_USDT_ARG_REG_DEREF = 2,	/* memory at register + offset:
					 * "-4@-20(%rbp)", "8@[sp, 16]" */
};

struct bl_usdt_arg {
	enum bl_usdt_arg_kind kind;
	unsigned size;		/* bytes: 1, 2, 4 or 8 */
	bool is_signed;		/* a negative size in the spec */
	int64_t val_off;	/* the constant, or the offset from the register */
	char reg[8];		/* the register as written ("eax", "x0"), "" for a constant */
	unsigned reg_off;	/* its slot's offset in the probe's context (arch/) */
};

/* Splits spec (the argument string of a note, "-4@%eax 8@-8(%rbp) 4@$5"
 * on x86_64, "-4@x0 8@[sp, 12] 4@5" on arm64) into args, the registers
 * looked up in arch's tables. *cnt is the number of arguments. On a form
 * it does not know: -EINVAL, and why (naming the argument by its number
 * and text) in err. Pure. */
int bl_usdt_args_parse(const struct bl_arch *arch, const char *spec,
		       struct bl_usdt_arg args[BL_USDT_MAX_ARGS], unsigned *cnt, struct bl_err *err);

/* "-4@%eax" again from a parsed argument, for listings: "int32 %eax",
 * "uint64 [%rbp - 8]", "int32 5". Returns buf. */
const char *bl_usdt_arg_describe(const struct bl_usdt_arg *a, const struct bl_arch *arch,
				 char *buf, size_t len);

/* One note of .note.stapsdt (owner "stapsdt", type 3): what <sys/sdt.h>
 * wrote for one probe site, with addresses turned into file offsets. */
struct bl_usdt_note {
	char provider[64];
	char name[64];
	char args[512];		/* the argument spec string */
	uint64_t pc;		/* the probe's address as in the note */
	uint64_t base;		/* the address of .stapsdt.base as in the note */
	uint64_t sema;		/* the semaphore's address as in the note, 0: none */
	uint64_t addr;		/* pc adjusted for prelink (see notes.c) */
	uint64_t offset;	/* the file offset of addr: where the uprobe goes */
	uint64_t sema_offset;	/* the file offset of the semaphore, 0: none */
};

/* What notes.c found in a file. */
struct bl_usdt_file {
	struct bl_usdt_note *notes;
	size_t cnt;
	const struct bl_arch *arch;	/* of e_machine; NULL if not x86_64, arm64 or arm,
					 * or not in this build (the static build's is
					 * its own machine's only) */
	const char *machine;		/* "x86_64", "arm64", "arm"; NULL: another */
	bool shared;			/* ET_DYN: a library or a PIE */
};

/* Reads every USDT note of the executable or library path into *out (to
 * be freed with bl_usdt_file_free). A file without .note.stapsdt has
 * none (cnt 0, not an error). A malformed note (truncated, an address
 * outside the file's loaded segments, a string that does not end) is
 * -EINVAL with a message naming the file and the note (its number and,
 * when readable, PROVIDER:NAME). */
int bl_usdt_file_read(const char *path, struct bl_usdt_file *out, struct bl_err *err);
void bl_usdt_file_free(struct bl_usdt_file *f);

/* The notes of one .note.stapsdt section's bytes, without file offsets
 * (addr = pc + base_sec - base when base_sec, the address of
 * .stapsdt.base, is not 0; offset and sema_offset 0): for the unit tests
 * and for bl_usdt_file_read. is64: ELFCLASS64 (8-byte addresses, else
 * 4); big: ELFDATA2MSB. Pure. */
int bl_usdt_notes_parse(const void *data, size_t len, bool is64, bool big, uint64_t base_sec,
			struct bl_usdt_note **notes, size_t *cnt, struct bl_err *err);

#endif

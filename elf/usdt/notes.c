/* elf/usdt/notes.c — the USDT probes of an executable or library: its
 * .note.stapsdt section.
 *
 * <sys/sdt.h> writes one ELF note (elf(5), "Notes (Nhdr)") per probe
 * site: owner "stapsdt", type 3, and as its descriptor three addresses
 * (8 bytes each in a 64-bit file, 4 in a 32-bit one, in the file's byte
 * order) and three strings:
 *
 *     pc        the address of the probe's nop instruction
 *     base      the address of the section .stapsdt.base, as linked
 *     semaphore the address of the probe's semaphore, 0 if it has none
 *     provider\0 name\0 arguments\0
 *
 * (sourceware.org/systemtap/wiki/UserSpaceProbeImplementation). The
 * addresses are link-time ones; a tool such as prelink can move the
 * file's sections afterwards without touching the note, so the note
 * carries .stapsdt.base's address too: the difference between the
 * section's address now and the note's base is added to pc. The
 * semaphore is used as written (as libbpf does).
 *
 * A uprobe is placed at a file offset (Documentation/trace/
 * uprobetracer.rst), so addresses go through the PT_LOAD segment that
 * holds them: offset = addr - p_vaddr + p_offset. The probe must be in
 * an executable segment, the semaphore in a writable one; its file
 * offset is what the uprobe's ref_ctr_offset wants (loader/attach/usdt.c).
 */
#include "usdt.h"
#include "elf/elf_readable.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOTE_OWNER "stapsdt"
#define NOTE_TYPE 3

static uint64_t load(const uint8_t *p, unsigned n, bool big)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[big ? n - 1 - i : i] << (8 * i);
	return v;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The string at *p within [*p, end) into out; false when it does not end
 * there or does not fit. */
static bool take_string(const char **p, const char *end, char *out, size_t len)
{
	const char *nul = memchr(*p, '\0', (size_t)(end - *p));

	if (!nul || (size_t)(nul - *p) >= len)
		return false;
	memcpy(out, *p, (size_t)(nul - *p) + 1);
	*p = nul + 1;
	return true;
}

static int bad_note(struct bl_err *err, size_t i, const struct bl_usdt_note *n, const char *why)
{
	if (n && n->provider[0] && n->name[0])
		return bl_err_set(err, -EINVAL, "USDT note %zu (%s:%s): %s", i + 1, n->provider,
				  n->name, why);
	return bl_err_set(err, -EINVAL, "USDT note %zu: %s", i + 1, why);
}

/* The descriptor of one stapsdt note into n. */
static int parse_desc(const uint8_t *d, size_t len, unsigned asz, bool big, size_t i,
		      struct bl_usdt_note *n, struct bl_err *err)
{
	const char *p = (const char *)d + 3 * asz, *end = (const char *)d + len;

	memset(n, 0, sizeof(*n));
	if (len < 3 * asz)
		return bad_note(err, i, NULL, "the descriptor is shorter than its three addresses");
	n->pc = load(d, asz, big);
	n->base = load(d + asz, asz, big);
	n->sema = load(d + 2 * asz, asz, big);
	if (!take_string(&p, end, n->provider, sizeof(n->provider)))
		return bad_note(err, i, NULL, "the provider name does not end within the note (or is over 63 bytes)");
	if (!take_string(&p, end, n->name, sizeof(n->name)))
		return bad_note(err, i, NULL, "the probe name does not end within the note (or is over 63 bytes)");
	if (!n->provider[0] || !n->name[0])
		return bad_note(err, i, NULL, "an empty provider or probe name");
	if (!take_string(&p, end, n->args, sizeof(n->args)))
		return bad_note(err, i, n, "the argument string does not end within the note (or is over 511 bytes)");
	return 0;
}

int bl_usdt_notes_parse(const void *data, size_t len, bool is64, bool big, uint64_t base_sec,
			struct bl_usdt_note **notes, size_t *cnt, struct bl_err *err)
{
	const uint8_t *d = data;
	unsigned asz = is64 ? 8 : 4;
	struct bl_usdt_note *v = NULL;
	size_t n = 0, off = 0, cap = 0, seen = 0;

	*notes = NULL;
	*cnt = 0;
	while (off < len) {
		uint64_t namesz, descsz, type;
		size_t name_off, desc_off, next;
		int ret;

		if (len - off < 12) {
			free(v);
			return bl_err_set(err, -EINVAL, "USDT note %zu: truncated: %zu bytes left, a note header is 12",
					  seen + 1, len - off);
		}
		namesz = load(d + off, 4, big);
		descsz = load(d + off + 4, 4, big);
		type = load(d + off + 8, 4, big);
		name_off = off + 12;
		desc_off = name_off + align4(namesz);
		next = desc_off + align4(descsz);
		if (namesz > len || descsz > len || desc_off > len || desc_off + descsz > len) {
			free(v);
			return bl_err_set(err, -EINVAL,
					  "USDT note %zu: truncated: its name and descriptor (%llu + %llu bytes) end past the section (%zu bytes)",
					  seen + 1, (unsigned long long)namesz,
					  (unsigned long long)descsz, len);
		}
		off = next < len ? next : len;
		if (type != NOTE_TYPE || namesz != sizeof(NOTE_OWNER) ||
		    memcmp(d + name_off, NOTE_OWNER, sizeof(NOTE_OWNER)))
			continue; /* another kind of note */
		if (n == cap) {
			struct bl_usdt_note *nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return bl_err_set(err, -ENOMEM, "out of memory");
			}
			v = nv;
		}
		if ((ret = parse_desc(d + desc_off, descsz, asz, big, seen, &v[n], err))) {
			free(v);
			return ret;
		}
		v[n].addr = v[n].pc;
		if (base_sec && v[n].base)
			v[n].addr += base_sec - v[n].base; /* prelink moved the file */
		n++;
		seen++;
	}
	*notes = v;
	*cnt = n;
	return 0;
}

/* addr's file offset through the PT_LOAD segment holding it; the
 * segment's flags must include want (PF_X, PF_W). */
static int to_offset(Elf *elf, uint64_t addr, unsigned want, uint64_t *offset)
{
	size_t nph = 0;
	bool found = false;

	if (elf_getphdrnum(elf, &nph))
		return -EINVAL;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (addr < ph.p_vaddr || addr - ph.p_vaddr >= ph.p_memsz)
			continue;
		found = true;
		if ((ph.p_flags & want) != want)
			continue;
		*offset = addr - ph.p_vaddr + ph.p_offset;
		return 0;
	}
	return found ? -EPERM : -ERANGE;
}

static const char *machine_name(unsigned machine)
{
	return machine == EM_X86_64 ? "x86_64" : machine == EM_AARCH64 ? "arm64" :
	       machine == EM_ARM ? "arm" : NULL;
}

static int place(Elf *elf, struct bl_usdt_note *n, size_t i, struct bl_err *err)
{
	char why[160];
	int ret = to_offset(elf, n->addr, PF_X, &n->offset);

	if (ret) {
		snprintf(why, sizeof(why), "its address 0x%llx is %s", (unsigned long long)n->addr,
			 ret == -EPERM ? "in a segment that is not executable" : "in no loaded segment");
		return bad_note(err, i, n, why);
	}
	if (n->sema && (ret = to_offset(elf, n->sema, PF_W, &n->sema_offset))) {
		snprintf(why, sizeof(why), "its semaphore's address 0x%llx is %s",
			 (unsigned long long)n->sema,
			 ret == -EPERM ? "in a segment that is not writable" : "in no loaded segment");
		return bad_note(err, i, n, why);
	}
	return 0;
}

/* The notes of an open file into out. */
static int read_elf(const char *path, Elf *elf, struct bl_usdt_file *out, struct bl_err *err)
{
	Elf_Scn *scn = NULL, *notes = NULL;
	uint64_t base_sec = 0;
	GElf_Ehdr eh;
	size_t shstrndx;
	Elf_Data *data;
	int ret;

	if (!gelf_getehdr(elf, &eh) || elf_getshdrstrndx(elf, &shstrndx))
		return bl_err_set(err, -ENOEXEC, "%s: not an ELF file", path);
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return bl_err_set(err, -ENOEXEC, "%s: not an executable or a shared library", path);
	if ((ret = bl_elf_readable_here(path, eh.e_ident, err)))
		return ret;
	/* by name: a static build knows only its own machine (arch/arch.c) */
	out->machine = machine_name(eh.e_machine);
	out->arch = bl_arch_find(out->machine);
	out->shared = eh.e_type == ET_DYN;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		if (!strcmp(name, ".note.stapsdt") && sh.sh_type == SHT_NOTE)
			notes = scn;
		else if (!strcmp(name, ".stapsdt.base"))
			base_sec = sh.sh_addr;
	}
	if (!notes)
		return 0;
	/* raw bytes: the addresses are decoded in the file's byte order here */
	data = elf_rawdata(notes, NULL);
	if (!data || (!data->d_buf && data->d_size))
		return bl_err_set(err, -EINVAL, "%s: .note.stapsdt cannot be read (it extends past the end of the file?)",
				  path);
	ret = bl_usdt_notes_parse(data->d_buf, data->d_size, eh.e_ident[EI_CLASS] == ELFCLASS64,
				  eh.e_ident[EI_DATA] == ELFDATA2MSB, base_sec, &out->notes, &out->cnt,
				  err);
	for (size_t i = 0; !ret && i < out->cnt; i++)
		ret = place(elf, &out->notes[i], i, err);
	if (ret)
		return bl_err_prefix(err, ret, "%s", path);
	return 0;
}

int bl_usdt_file_read(const char *path, struct bl_usdt_file *out, struct bl_err *err)
{
	struct stat st;
	Elf *elf;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return bl_err_set(err, -EINVAL, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		char eb[16];
		int e = errno;

		return bl_err_set(err, -e, "%s: %s", path,
				  e == ENOENT ? "no such file" : bl_errno_name(e, eb));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return bl_err_set(err, -EINVAL, "%s: not a regular file", path);
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		ret = bl_err_set(err, -ENOEXEC, "%s: not an ELF file", path);
	else
		ret = read_elf(path, elf, out, err);
	if (elf)
		elf_end(elf);
	close(fd);
	if (ret)
		bl_usdt_file_free(out);
	return ret;
}

void bl_usdt_file_free(struct bl_usdt_file *f)
{
	free(f->notes);
	f->notes = NULL;
	f->cnt = 0;
}

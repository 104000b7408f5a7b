/* elf/helper_names.h — a BPF helper's name by its id ("bpf_map_lookup_elem"
 * for 1): elf/helper_names.c. */
#ifndef BL_HELPER_NAMES_H
#define BL_HELPER_NAMES_H

/* NULL for 0 (unspec), a negative id or one past the last helper. */
const char *bl_helper_name(long id);

#endif

/* test_freplace.bpf.c - test object: freplace, a program that replaces
 * a global function of another loaded program (BPF_PROG_TYPE_EXT).
 *
 * SEC("freplace/bl_freplace_value") is loaded with attr.attach_prog_fd =
 * the target program (bpfload --replace-target ID|PIN) and attach_btf_id
 * = the id of FUNC bl_freplace_value in that program's BTF; the verifier
 * checks that both functions have the same prototype. Attaching
 * (BPF_LINK_CREATE with target_fd and target_btf_id) patches the target's
 * call to jump here instead, through a BPF trampoline; detaching puts
 * the original back. The target is test_freplace_target.bpf.c, whose
 * function adds 1; this one adds 100.
 *
 * Run:     bpfload run build/bpf-progs/test_freplace.bpf.o --replace-target ID
 */
#include "bpfload.bpf.h"

SEC("freplace/bl_freplace_value")
int bl_freplace_value(int x)
{
	return x + 100;
}

char LICENSE[] SEC("license") = "GPL";

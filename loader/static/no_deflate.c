/* loader/static/no_deflate.c — linked into the static bpfload only, to
 * keep zlib's compressor out of a binary that never compresses.
 *
 * libelf's elf_strptr() can decompress an SHF_COMPRESSED section, so it
 * brings in elf_compress.o, which holds both directions: inflate, which a
 * reader needs, and deflate, which only elf_compress(3) called to write a
 * compressed section needs. bpfload reads objects and never calls
 * elf_compress(), but the static linker cannot know that and pulls zlib's
 * deflate.o and trees.o (about 33 KB on x86_64) to resolve the three
 * symbols below. Defining them here, before libz.a on the link line,
 * satisfies the references without them: should anything ever ask libelf
 * to compress, deflateInit_() fails with Z_STREAM_ERROR and libelf reports
 * an error instead of compressing (zlib.h documents these return codes).
 *
 * The shared-library build (make all) links the real zlib.
 */
#include <zlib.h>

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	(void)strm, (void)level, (void)version, (void)stream_size;
	return Z_STREAM_ERROR;
}

int deflate(z_streamp strm, int flush)
{
	(void)strm, (void)flush;
	return Z_STREAM_ERROR;
}

int deflateEnd(z_streamp strm)
{
	(void)strm;
	return Z_STREAM_ERROR;
}

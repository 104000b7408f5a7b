/* loader/cli/help_text.c — the static build's packed --help texts
 * (help_text.h): one gzip stream (RFC 1952) that loader/static/pack_help.sh
 * made from `bpfload CMD --help` of the normal build, holding "CMD\0TEXT\0"
 * for each command, inflated once, on the first --help, through zlib's
 * interface (the static build's own inflater, loader/static/zlib_api.c).
 * Empty in the normal build, which prints the literals.
 */
#include "help_text.h"

#ifdef BL_PACKED_HELP
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* $(BUILD)/gen/packed_help.c */
extern const unsigned char bl_packed_help_gz[];
extern const unsigned long bl_packed_help_gz_len;
extern const unsigned long bl_packed_help_size;	/* inflated */

/* The texts, inflated in one call into a buffer of their known size. */
static const char *inflate_texts(void)
{
	static char *text;
	z_stream z = { 0 };
	char *t;
	int ret;

	if (text || !(t = malloc(bl_packed_help_size + 1)))
		return text;
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(t);
		return NULL;
	}
	z.next_in = (unsigned char *)bl_packed_help_gz;
	z.avail_in = (uInt)bl_packed_help_gz_len;
	z.next_out = (unsigned char *)t;
	z.avail_out = (uInt)bl_packed_help_size;
	ret = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (ret != Z_STREAM_END || z.total_out != bl_packed_help_size) {
		free(t);
		return NULL;
	}
	t[bl_packed_help_size] = '\0';
	return text = t;
}

const char *bl_packed_help(const char *cmd)
{
	const char *text = inflate_texts(), *end;

	if (!text)
		return "bpfload: the packed help texts do not inflate (a build fault)\n";
	end = text + bl_packed_help_size;
	for (const char *at = text; at < end; at += strlen(at) + 1) {
		const char *name = at;

		at += strlen(at) + 1;	/* the text after the name */
		if (at < end && !strcmp(name, cmd))
			return at;
	}
	return "bpfload: no help text for this command was packed (a build fault)\n";
}
#endif

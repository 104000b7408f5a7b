/* loader/cli/help_text.h — BL_HELP(CMD, TEXT): the text `bpfload CMD
 * --help` prints. The normal build prints TEXT, the literal beside the
 * command's code. The static build (-DBL_PACKED_HELP, the embedded
 * target: under 400 KB) carries the help texts of all its commands as one
 * gzip stream instead (19 KB of text in 6 KB; BusyBox packs its usage
 * texts the same way), made at build time from what the normal bpfload
 * prints (loader/static/pack_help.sh) and inflated on the first --help
 * (help_text.c); TEXT is then left out by the compiler.
 * tests/cli/static_arm.sh checks that both print the same.
 */
#ifndef BL_CLI_HELP_TEXT_H
#define BL_CLI_HELP_TEXT_H

#ifdef BL_PACKED_HELP
/* CMD's help text from the packed stream; a one-line error text if the
 * stream is damaged or has no CMD (a build fault). */
const char *bl_packed_help(const char *cmd);
#define BL_HELP(cmd, text) ((void)(text), bl_packed_help(cmd))
#else
#define BL_HELP(cmd, text) (text)
#endif

#endif

/* loader/static/gettext.c — linked into the static bpfload only: libelf's
 * elf_errmsg() passes its messages through dcgettext(3) (libintl.h), which
 * in musl brings in the message-catalog reader (.mo files, plural
 * expressions: about 4 KB). The static binary ships no catalogs, so the
 * message is its own translation, as in the "C" locale.
 */
#include <libintl.h>

char *dcgettext(const char *domain, const char *msgid, int category)
{
	(void)domain;
	(void)category;
	return (char *)msgid;
}

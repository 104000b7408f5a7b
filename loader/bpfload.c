/* loader/bpfload.c — what only the top of the library may do: detaching
 * (loader/attach/) and then closing what the load made (loader/load/),
 * two layers that do not call each other. */
#include "bpfload.h"

void bl_close(struct bl_object *obj)
{
	if (!obj)
		return;
	bl_detach(obj);
	bl_unload(obj);
}

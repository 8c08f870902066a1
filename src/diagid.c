/* diagid.c - the table of diagnostic ids (diagid.h's X-macro) as data. */
#include "diagid.h"

#include <string.h>

const diag_id_info diag_ids[DIAG_ID_COUNT] = {
#define DIAG_INFO(name, id, sev, group, doc, desc, help) {id, sev, group, doc, desc, help},
	DIAG_IDS(DIAG_INFO)
#undef DIAG_INFO
};

const diag_id_info *diag_id_find(const char *id)
{
	for (size_t i = 0; i < DIAG_ID_COUNT; i++)
		if (strcmp(diag_ids[i].id, id) == 0)
			return &diag_ids[i];
	return NULL;
}

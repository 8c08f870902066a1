/* diagid.h - every diagnostic id svcbook's C code reports, in one table
 * (an X-macro, as mandoc keeps its messages in one list): the id, its
 * default severity, who reports it, where it is documented, a one-line
 * description and a longer help. Lint, SARIF, rdjson, `lint --list-rules`
 * and book.lua `rules` read it; a call site names an id as
 * DIAG_ID(BAD_INPUT), so a misspelt one does not compile. The Lua rules
 * (lua/rules/) declare their own ids; --list-rules shows both.
 * Included by: every module that reports, report, lint, tests. */
#ifndef SVCBOOK_DIAGID_H
#define SVCBOOK_DIAGID_H

#include "diag.h"
#include "i18n.h"

#include <stddef.h>

/* Who reports an id, which says where it is listed. */
typedef enum {
	DG_CHECK,    /* reading and writing a book: listed with the rules ("always checked") */
	DG_INTERNAL, /* svcbook's own trouble, or a note: in no rule table */
	DG_AUDIT,    /* `svcbook audit` and `svcbook acks`: docs/audit.md, docs/format.md */
} diag_group;

/* X(NAME, "id", default severity, group, documentation page#anchor or NULL,
 *   description (N_: one line, what it finds), help (how to fix; N_ for the
 *   ids SARIF's rule table shows, the check and internal ones)) */
#define DIAG_IDS(X) \
	X(BAD_INPUT, "bad-input", SEV_FATAL, DG_CHECK, "rules.md#bad-input", \
	  N_("The book folder or a file in it cannot be read."), N_("Check the path and the permissions.")) \
	X(BAD_ENCODING, "bad-encoding", SEV_WARNING, DG_CHECK, "rules.md#bad-encoding", \
	  N_("A file is not valid UTF-8 or holds control characters."), \
	  N_("Save the file as UTF-8 without control characters.")) \
	X(BAD_ID, "bad-id", SEV_ERROR, DG_CHECK, "rules.md#bad-id", N_("An {#id} is not a valid XML name."), \
	  N_("Use letters, digits, '-', '_' and '.', starting with a letter.")) \
	X(BAD_ATTRIBUTE, "bad-attribute", SEV_ERROR, DG_CHECK, "rules.md#bad-attribute", \
	  N_("A heading attribute has a value the compiler does not accept."), \
	  N_("See docs/format.md, section 2, for the values.")) \
	X(UNSAFE_PATH, "unsafe-path", SEV_ERROR, DG_CHECK, "rules.md#unsafe-path", \
	  N_("A book file (a symbolic link), a link or an image leads outside the book folder."), \
	  N_("Keep every file of the book inside its folder.")) \
	X(BAD_CONFIG, "bad-config", SEV_ERROR, DG_CHECK, "rules.md#bad-config", \
	  N_("book.lua cannot be used as written."), \
	  N_("book.lua holds plain assignments; see docs/format.md, section 6.")) \
	X(UNKNOWN_CONFIG, "unknown-config", SEV_WARNING, DG_CHECK, "rules.md#unknown-config", \
	  N_("book.lua sets something svcbook does not know."), N_("Check the spelling; see docs/format.md, section 6.")) \
	X(MISSING_FILE, "missing-file", SEV_WARNING, DG_CHECK, "rules.md#missing-file", \
	  N_("A link or image points to a file the book folder does not have; it is left out."), \
	  N_("Add the file to the book folder or fix the address.")) \
	X(UNSAFE_URL, "unsafe-url", SEV_WARNING, DG_CHECK, "rules.md#unsafe-url", \
	  N_("A link or image address would run a script (javascript:, data:); it is left out."), \
	  N_("Link to pages and files only.")) \
	X(TEMPLATE_ERROR, "template-error", SEV_FATAL, DG_CHECK, "rules.md#template-error", \
	  N_("A template of the HTML output (svcbook's or the book's own) fails."), \
	  N_("Fix the book's templates/ file named in the message.")) \
	X(BAD_OUTPUT, "bad-output", SEV_FATAL, DG_CHECK, "rules.md#bad-output", \
	  N_("The output folder cannot be written."), N_("Check the -o folder and its permissions.")) \
	X(BAD_SUPPRESSION, "bad-suppression", SEV_WARNING, DG_CHECK, "rules.md#bad-suppression", \
	  N_("A svcbook-disable or svcbook-enable comment names no rule that exists, or is not written as " \
	     "svcbook reads it."), \
	  N_("Write <!-- svcbook-disable RULE-ID -- reason -->; svcbook lint --list-rules shows the ids.")) \
	X(UNTRUSTED_BOOK, "untrusted-book", SEV_WARNING, DG_INTERNAL, NULL, \
	  N_("The book's own templates or raw HTML are not used without --trust-book."), \
	  N_("Build with --trust-book (or SVCBOOK_TRUST_BOOK=1) when the book's writers are trusted.")) \
	X(HISTORY, "history", SEV_WARNING, DG_INTERNAL, NULL, \
	  N_("The book's revision history cannot be read from git."), \
	  N_("Build the book from a git clone with its history (fetch-depth: 0 in CI).")) \
	X(DOCBOOK_INVALID, "docbook-invalid", SEV_ERROR, DG_INTERNAL, NULL, \
	  N_("The DocBook output is not valid DocBook 5.0, or cannot be validated."), \
	  N_("Install the Debian package docbook5-xml; report the book to svcbook.")) \
	X(IO_ERROR, "io-error", SEV_FATAL, DG_INTERNAL, NULL, N_("An output cannot be written."), \
	  N_("Check the output folder, its free space and its permissions.")) \
	X(LINT, "lint", SEV_FATAL, DG_INTERNAL, NULL, N_("The rules cannot be run over the book."), \
	  N_("Report the book to svcbook.")) \
	X(BAD_CSV, "bad-csv", SEV_ERROR, DG_AUDIT, "audit.md", N_("A results file is not CSV as svcbook reads it."), \
	  "Save it as \"CSV UTF-8 (comma delimited)\".") \
	X(MISSING_COLUMN, "missing-column", SEV_ERROR, DG_AUDIT, "audit.md", \
	  N_("A results file lacks a column, or a row a field."), "See docs/audit.md for the columns.") \
	X(BAD_DATE, "bad-date", SEV_ERROR, DG_AUDIT, "audit.md", N_("A date is not a calendar day written YYYY-MM-DD."), \
	  "Write the date as YYYY-MM-DD.") \
	X(EMPTY_FIELD, "empty-field", SEV_ERROR, DG_AUDIT, "audit.md", N_("A row has no employee, department or result, or a survey answer no score."), \
	  "Fill in the field.") \
	X(UNKNOWN_ROLE, "unknown-role", SEV_ERROR, DG_AUDIT, "audit.md", N_("A row names a role the book has not."), \
	  "Use a role id of the book.") \
	X(UNKNOWN_ITEM, "unknown-item", SEV_ERROR, DG_AUDIT, "audit.md", N_("A row names an item no clause has."), \
	  "Use an id of the role's checklist.") \
	X(NOT_IN_CHECKLIST, "not-in-checklist", SEV_ERROR, DG_AUDIT, "audit.md", \
	  N_("A row names a clause that is not an item of that role's checklist."), \
	  "Use an id of the role's checklist.") \
	X(BAD_RESULT, "bad-result", SEV_ERROR, DG_AUDIT, "audit.md", N_("A result is not one of the result words."), \
	  "Write yes, no or na.") \
	X(BAD_SCORE, "bad-score", SEV_ERROR, DG_AUDIT, "audit.md", \
	  N_("A survey score is not a whole number from 0 to 10."), "Write a whole number from 0 to 10.") \
	X(DUPLICATE_ROW, "duplicate-row", SEV_WARNING, DG_AUDIT, "audit.md", \
	  N_("A row repeats the date, employee and item of an earlier one."), "A row is counted once.") \
	X(EARLIER_ITEM, "earlier-item", SEV_WARNING, DG_AUDIT, "audit.md", \
	  N_("A row names an item an earlier version's checklist had, on a visit before the version that dropped it."), \
	  "The row is left out of the scores.") \
	X(BAD_ACKS, "bad-acks", SEV_ERROR, DG_AUDIT, "format.md", \
	  N_("A line of the acknowledgements file cannot be used."), "See docs/format.md for the file.")

typedef enum {
#define DIAG_ENUM(name, id, sev, group, doc, desc, help) DIAG_##name,
	DIAG_IDS(DIAG_ENUM)
#undef DIAG_ENUM
	DIAG_ID_COUNT
} diag_id;

typedef struct {
	const char *id;
	diag_severity sev;  /* default severity */
	diag_group group;
	const char *doc;    /* "rules.md#bad-input": under svcbook's docs/; NULL: none */
	const char *description;
	const char *help;
} diag_id_info;

extern const diag_id_info diag_ids[DIAG_ID_COUNT];

/* The id string of DIAG_<name>, for diag_add's rule argument. */
#define DIAG_ID(name) (diag_ids[DIAG_##name].id)

/* The entry with this id, or NULL. */
const diag_id_info *diag_id_find(const char *id);

#endif

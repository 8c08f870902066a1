/* lint.h - the rule engine: Lua rules (built-in lua/rules/NAME.lua and a book's
 * own rules/NAME.lua) run in sandboxed states over a read-only Lua view of the
 * model; then suppression comments and book.lua severities are applied to
 * every diagnostic. Included by: main, report. */
#ifndef SVCBOOK_LINT_H
#define SVCBOOK_LINT_H

#include "book.h"
#include "diag.h"

/** What a rule declares about itself (the SARIF rule metadata). */
typedef struct {
	char *id;
	char *description; /**< one line: what the rule finds */
	char *help;        /**< longer text: why and how to fix (may equal description) */
	char *file;        /**< "lua/rules/x.lua" (built-in) or "rules/x.lua" (the book's) */
	diag_severity sev; /**< default severity */
	int builtin;
	int state;         /**< which Lua state holds it (0 built-in, 1 the book's) */
	int ref;           /**< registry reference to the rule's table */
	int selected;      /**< runs (all by default; --rule narrows) */
} lint_rule;

typedef struct lint_ctx lint_ctx;

/* Loads the built-in rules from DATADIR/lua/rules and the book's own from
 * BOOKDIR/rules (when bookdir is not NULL). Problems loading a rule go to d
 * as errors of that rule. Never NULL. */
lint_ctx *lint_new(const char *datadir, const char *bookdir, diag_list *d);
void lint_free(lint_ctx *c);

/* Loads the rules of the folder book.lua's rules_path names (relative to
 * the book folder, inside the book's repository: else a bad-config error),
 * into the book's rules' state. */
void lint_add_rules_path(lint_ctx *c, const book *b);

/* The loaded rules, sorted by id. */
const lint_rule *lint_rules(const lint_ctx *c, size_t *n);

/* Runs only the rules named (ids); returns -1 and leaves the unknown id in
 * *bad when one is not a loaded rule. */
int lint_select(lint_ctx *c, char **ids, size_t n, const char **bad);

/* Runs the selected rules over b, adding their findings to b->diags, then
 * applies suppression comments, book.lua `rules` severities and, when rules
 * were selected, drops other rules' findings (input errors are kept). A
 * rule book.lua turns off does not run: all it could report (its findings,
 * its failure) carries its id, which "off" drops. */
void lint_check(lint_ctx *c, book *b);

/* Whether book.lua's rules = {...} turns the rule (or check) id off. */
int lint_config_off(const book *b, const char *id);

/* What `svcbook build` runs: every rule over b, findings into b->diags.
 * datadir: where lua/rules is (the caller's cli_datadir()). */
void lint_book(book *b, const char *datadir);

/* The findings suppression comments silenced (after lint_check), sorted
 * as found; each one's hint is the comment's reason (NULL when none). */
const diag_list *lint_suppressed(const lint_ctx *c);

/* The Lua state that holds rule r's table (at r->ref in its registry), so
 * what a rule file declares besides check (its tests) can be read; NULL
 * when there is none. Raw access only: the table is the rule's. */
struct lua_State *lint_rule_state(const lint_ctx *c, const lint_rule *r);

/* The rule with this id, or NULL. */
const lint_rule *lint_find(const lint_ctx *c, const char *id);

#endif

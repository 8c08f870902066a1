/* plan.h - what an output shows, worked out once from the frozen book
 * model, the same for every backend: which clauses are shown (the whole
 * book or a role's book), the pages and the page each clause is on, the
 * glossary order, each term's uses, the role order, the pyramid, the
 * support lines and the stage x role matrix, and whether the roles
 * chapter opens with the overview of the roles (the whole book) or with
 * the summary of its role (a role book).
 *
 * A backend makes one plan with plan_new() (or is given one), reads it and
 * never changes it: a plan is const after plan_new() and may be read by
 * several threads at once. It refers to the book by index, as the model
 * does, and must not outlive the book or the view.
 *
 * Included by: the backends (html*, docbook, epub) and what feeds them. */
#ifndef SVCBOOK_PLAN_H
#define SVCBOOK_PLAN_H

#include "book.h"

#include <stddef.h>

/** The pages of a paged output (the HTML site, the EPUB), in reading
 *  order: the title page, the chapters with each role's page after the
 *  roles chapter, the glossary, the revision history, the print page.
 *  A single-document backend (DocBook) needs only plan_clause_page(). */
typedef enum {
	PLAN_PAGE_INDEX,    /**< the title page, "index" */
	PLAN_PAGE_CHAPTER,  /**< a chapter's page (its chapter's page name) */
	PLAN_PAGE_ROLES,    /**< the roles chapter's own page, "roles" */
	PLAN_PAGE_ROLE,     /**< one role's standard, "role-ID" (the role file's page) */
	PLAN_PAGE_GLOSSARY, /**< "glossary", when a term is shown */
	PLAN_PAGE_HISTORY,  /**< "history", when the book has a revision history and this is the whole book */
	PLAN_PAGE_PRINT     /**< "print": the whole output on one page */
} plan_page_kind;

typedef struct {
	const char *name;   /**< the page's name without extension: the book's own string, or a literal */
	plan_page_kind kind;
	int chapter;        /**< index into book.chapters; -1 for index, glossary, history, print */
	int top;            /**< the clause the page opens with; -1 for none */
	int *clauses;       /**< the shown clauses on this page, in document order */
	size_t nclauses, cap;
} plan_page;

/** A term's uses: the shown clauses that refer to it, in document order,
 *  each once (the glossary's "used in"). */
typedef struct {
	const int *clauses;
	size_t n;
} plan_uses;

typedef struct plan {
	const book *b;
	const book_view *v;       /**< NULL: the whole book */
	unsigned char *shown;     /**< per clause: 1 when this output writes it (and so may link to it) */
	plan_page *pages;         /**< see plan_page_kind */
	size_t npages;
	int *page_of;             /**< per clause: its page (index into pages), -1 when not shown */
	int glossary_page;        /**< index into pages, -1 when no term is shown */
	int history_page;         /**< index into pages, -1 when none */
	int *gloss;               /**< the shown terms (indices into book.terms) in glossary order (collate.h) */
	size_t ngloss;
	int *role_order;          /**< every role (index into book.roles), in the book's role order:
	                               book.lua roles when given, then the rest as the files are named;
	                               the sidebar, the numbers, the pyramid and the matrix follow it */
	int overview;             /**< 1 when the roles chapter opens with the pyramid, the support
	                               lines and the matrix: the whole book only (a role book has its
	                               own stages in its journey chapter, not every role's matrix) */
	int summary_role;         /**< a role book: its role (index into book.roles), whose summary the
	                               roles chapter opens with in place of the overview (its tier, its
	                               support line, the stages it owns or has a standard for, each with
	                               that standard, and a link to its standard: the chapter's page is
	                               not left empty); -1 for the whole book */
	int any_line;             /**< 1 when some role has a support line */
	int *stage_sec;           /**< [stage * book.nroles + role]: the role's first section that is
	                               its standard for the stage (stage=ID), -1 for none */
	int *stage_next;          /**< per clause: the next section of its role for its stage, -1
	                               for none (a role may have several standards for one stage) */
	int *use_at;              /**< per term t: its uses are use[use_at[t] .. use_at[t + 1]) */
	int *use;
	size_t cap_pages;
} plan;

/** Plans view v of book b (v NULL: the whole book). The book is read,
 *  never written. plan_free() releases it. */
plan *plan_new(const book *b, const book_view *v);
void plan_free(plan *p);

/** 1 when output p writes clause c. */
int plan_shown(const plan *p, int c);

/** The name (without extension) of the page of the whole book clause c is
 *  on: a role's section is on its role's page, a chapter and its other
 *  sections on the chapter's. For links from a role book to the whole
 *  book (book_view.full_url), and for a paged output's own pages. */
const char *plan_clause_page(const book *b, int c);

/** Term t's uses in this output. */
plan_uses plan_term_uses(const plan *p, int t);

/** Role r's section for stage s (its first standard for the stage), -1 for none. */
int plan_stage_section(const plan *p, int s, int r);

/** The section after sec (one plan_stage_section gave, or this) that is
 *  its role's standard for the same stage, in document order; -1 for none. */
int plan_stage_next(const plan *p, int sec);

/** The pyramid's tiers, top down: management, support, providers, then
 *  roles with no level (shown only when there are any). */
extern const book_level plan_tiers[4];

/** The overview's lists, each in the plan's role order, into out (room
 *  for every role); their count: the roles of pyramid tier level, those
 *  of support line (1-3), those with a standard for stage s. */
size_t plan_level_roles(const plan *p, book_level level, int *out);
size_t plan_line_roles(const plan *p, int line, int *out);
size_t plan_stage_roles(const plan *p, int s, int *out);
/** The stages role r owns or has a standard for, in journey order, into
 *  out (room for every stage); their count. */
size_t plan_role_stages(const plan *p, int r, int *out);

#endif

/* book.h - the book model: what reader.c builds and every backend, the linter
 * and the diff only read.
 *
 * Ownership: a book owns everything reachable from it, including one cmark
 * document per source file, parsed in the book's arena (arena.h). Objects refer to each other by index into the
 * book's arrays (never by pointer), so the arrays may grow while reading.
 * book_free() releases it all. Index -1 means "none".
 *
 * Included by: every module above util/diag. */
#ifndef SVCBOOK_BOOK_H
#define SVCBOOK_BOOK_H

#include <stddef.h>
#include <cmark-gfm.h>

#include "util.h"

/** The most a book's chapter files may hold unless book.lua max_input_mb
 *  says otherwise: reading costs about 110 bytes of memory per byte of
 *  dense inline markup (cmark-gfm's tree, docs/performance.md), so a pull
 *  request cannot ask a CI runner for tens of gigabytes. */
#define BOOK_MAX_INPUT_MB 64

/** A place in a source file. line and col are 1-based; col counts bytes. */
typedef struct {
	int file; /**< index into book.files, -1 for the book as a whole */
	int line, col;
} book_pos;

/** The chapters, in the order a book presents them. */
typedef enum {
	CH_TERMS,      /**< terms.md: one term per level-2 heading */
	CH_GENERAL,    /**< general.md */
	CH_PRINCIPLES, /**< principles.md: one principle per level-2 heading */
	CH_JOURNEY,    /**< journey.md: one stage per level-2 heading */
	CH_ROLES,      /**< roles/NAME.md: one role per file */
	CH_APPEARANCE, /**< appearance.md */
	CH_KIND_COUNT
} book_chapter_kind;

/** One Markdown source file. */
typedef struct {
	char *path;         /**< relative to the book folder, '/' separated: "roles/operator-l1.md" */
	char *text;         /**< the file as read (BOM removed, CRLF kept as cmark sees it);
	                         NULL after book_drop_sources() */
	size_t len;
	cmark_node *doc;    /**< the parsed document; owned; NULL after book_drop_trees() */
	book_chapter_kind chapter_kind;
	int chapter;        /**< index into book.chapters */
	int role;           /**< for roles/NAME.md: index into book.roles, else -1 */
	char *page;         /**< output page name without extension: "terms", "role-operator-l1" */
	size_t *lines;      /**< byte offset of each line's start in text */
	size_t nlines;
	size_t load_tag;    /**< the arena tag its tree was parsed under (arena.h) */
} book_file;

/** A heading attribute: key=value from a {#id key=value} block. */
typedef struct {
	char *key, *value;
	book_pos pos;
} book_attr;

/** A numbered clause: a chapter (depth 0) or any heading below it.
 *  Its body is the run of top-level siblings after its heading node up to
 *  (not including) the next top-level heading: body_first..body_last, both
 *  NULL when empty. For a chapter, the body is what precedes its first
 *  section in its file(s). heading and the body are NULL after
 *  book_drop_trees(). */
typedef struct {
	char *id;           /**< unique NCName */
	int id_explicit;    /**< 1 when written as {#id}, 0 when derived */
	char *number;       /**< "4", "4.2", "4.2.1" */
	char *title;        /**< heading text as plain text (no markup, no attribute block) */
	cmark_node *heading;/**< the heading node in its file's document; NULL for a chapter with no h1 */
	cmark_node *body_first, *body_last;
	int depth;          /**< 0 chapter, 1 section, 2 clause, ... */
	int parent;         /**< clause index of the parent, -1 for chapters */
	int nchildren;      /**< number of direct child clauses */
	int chapter;        /**< index into book.chapters */
	int file;           /**< index into book.files, -1 for a chapter made of several files */
	book_pos pos;
	book_attr *attrs;   /**< all attributes other than #id */
	size_t nattrs;
	int term, role, stage; /**< what this clause defines, or -1 */
	char *stage_ref;    /**< value of stage=ID on a role's section, or NULL */
	book_pos stage_ref_pos;
	char **roles_attr;  /**< roles= on an appearance section, split on spaces ("all" kept as is) */
	size_t nroles_attr;
	book_pos roles_attr_pos;
} book_clause;

typedef struct {
	book_chapter_kind kind;
	int clause;         /**< its depth-0 clause */
	int first_file;     /**< first file index of the chapter (roles: first role file) */
	char *page;         /**< output page name ("terms", "general", ...); roles chapter: "roles" */
} book_chapter;

typedef struct {
	char *name;         /**< as written in the heading */
	char **aka;         /**< synonyms from aka="a, b" */
	size_t naka;
	book_pos *aka_pos;
	int clause;
	char *definition;   /**< plain text of the definition blocks */
	int *uses;          /**< indices into book.refs that resolved to this term */
	size_t nuses, cap_uses;
} book_term;

typedef enum { LEVEL_NONE, LEVEL_PROVIDER, LEVEL_SUPPORT, LEVEL_MANAGEMENT } book_level;

typedef struct {
	char *id;           /**< {#id}, else the file name without .md */
	char *name;         /**< the level-1 heading's text */
	book_level level;
	int line;           /**< support line 1..3, 0 when not given */
	char *owner;        /**< owner=ROLE-ID on its heading: who maintains this standard; NULL when not given */
	book_pos owner_pos;
	int owner_role;     /**< index into book.roles, -1 when missing or unknown */
	int file;
	int clause;         /**< the role's section (depth 1 in the roles chapter) */
	book_pos pos;
} book_role;

typedef struct {
	char *id;
	char *name;
	char *owner;        /**< owner=ROLE-ID as written, NULL when missing */
	book_pos owner_pos;
	int owner_role;     /**< index into book.roles, -1 when missing or unknown */
	int clause;
} book_stage;

/** What a reference or link points at. */
typedef enum {
	TARGET_NONE,
	TARGET_TERM,
	TARGET_ROLE,
	TARGET_STAGE,
	TARGET_CLAUSE,
	TARGET_FILE         /**< a Markdown link to a book file without an anchor */
} book_target_kind;

typedef enum {
	REF_NAME,           /**< [[name]] */
	REF_ROLE,           /**< [[@role-id]] */
	REF_ID,             /**< [[#id]] */
	REF_LINK            /**< [text](other.md#anchor): a Markdown link into the book */
} book_ref_kind;

typedef enum { RESOLVE_OK, RESOLVE_UNDEFINED, RESOLVE_AMBIGUOUS } book_resolve;

/** A cross-reference found while reading; resolved after the whole book is read.
 *  In the cmark tree it is a CMARK_NODE_LINK whose user_data points to this
 *  ref's index + 1 (see book_node_ref()); its children are the shown text. */
typedef struct {
	book_ref_kind kind;
	char *raw;          /**< the text between [[ and ]], or the link's URL */
	char *target;       /**< the part naming the target (without @ or #, without |text) */
	char *shown;        /**< |text part, or NULL */
	book_pos pos;
	int clause;         /**< the clause it appears in (-1 before the first heading) */
	cmark_node *node;   /**< the link node in the tree */
	book_resolve status;
	book_target_kind target_kind;
	int target_index;   /**< index into terms/roles/stages/clauses/files per target_kind */
	int target_clause;  /**< the clause to link to (the file's first clause for TARGET_FILE) */
	int *candidates;    /**< for AMBIGUOUS: clause indices of the competing targets */
	size_t ncandidates;
	char *key;          /**< REF_NAME: target's match key, made on a loading thread; NULL: not yet */
} book_ref;

typedef enum { LANG_RU, LANG_EN } book_lang;

/** book.lua, evaluated as data. */
typedef struct {
	char *title, *organization, *version, *url;
	book_lang language;
	int language_given;
	char region[3];     /**< "GB" or "US" for language = "en-GB"/"en-US", else "" */
	char **roles;       /**< the staff list, NULL when not given */
	size_t nroles;
	int autolink_first; /**< autolink_terms = "first" */
	int unsafe_html;
	/* document control (FORMAT.md 9), as written; NULL / 0 when not given */
	char *owner;        /**< the role id that maintains the book */
	char *approved_by;
	char *approved, *effective; /**< ISO dates as written (lint checks them) */
	int review_every;   /**< months between reviews */
	int max_input_mb;   /**< the most the chapter files may hold, MB; 0: BOOK_MAX_INPUT_MB */
	/* audit bonus (FORMAT.md 10): { {90, 1.2}, {75, 1.0}, {0, 0.8} }, in
	 * the order given (thresholds falling); fixed point, so scores compare
	 * and print exactly */
	int *bonus_min;     /**< each threshold in tenths of a percent (90 -> 900) */
	int *bonus_coef;    /**< each coefficient in thousandths (1.2 -> 1200) */
	size_t nbonus;
	char *rule_options; /**< rule_options = { [id] = {...} } as a Lua table constructor of plain data; NULL: none */
	char *rules_path;   /**< rules_path = "folder": more rules, shared by books (as written); NULL: none */
	char **rule_ids;    /**< rules = { [id] = severity } */
	char **rule_sev;
	size_t nrules;
	int file;           /**< index of book.lua in book.files is not used: positions use -2 */
} book_config;

typedef struct book {
	char *dir;          /**< the book folder as given */
	int trusted;        /**< its own templates and unsafe_html apply (trust.h) */
	book_config config;
	book_file *files;       size_t nfiles, cap_files;
	book_chapter *chapters; size_t nchapters, cap_chapters;
	book_clause *clauses;   size_t nclauses, cap_clauses;
	book_term *terms;       size_t nterms, cap_terms;
	book_role *roles;       size_t nroles, cap_roles;
	book_stage *stages;     size_t nstages, cap_stages;
	book_ref *refs;         size_t nrefs, cap_refs;
	struct match_index *index; /**< names of terms, roles, stages, clauses (match.h) */
	struct arena *arena;       /**< the memory the files' trees were parsed in (arena.h) */
	struct diag_list *diags;   /**< diagnostics found while reading and resolving */
	struct strmap *ids;        /**< clause id -> clause index */
	struct strmap *role_ids;   /**< role id -> role index */
	struct strmap *id_next;    /**< base id -> next free "-N" suffix (reader) */
	char **local_files;        /**< files of the book that links and images use, relative
	                                to the book folder, checked to be inside it; the
	                                backends copy them beside their output */
	size_t nlocal_files, cap_local_files;
	const struct history *history; /**< the revision history from git (history.h) that build
	                                    shows, NULL when none; not owned by the book */
	const struct oblig_table *obligations; /**< every clause's obligations, found once (obligtab.h)
	                                          before a build's threads start; NULL: each reader
	                                          finds them itself. Not owned by the book */
	cmark_node **reserved_links; /**< links an author wrote to an address that starts with
	                                  BOOK_RESERVED_URL, which a backend must not take for its own */
	size_t nreserved_links, cap_reserved_links;
} book;

/** What a backend renders: the whole book, or a part of it (a role's
 *  onboarding book). NULL view pointers passed to backends mean "everything". */
typedef struct {
	const unsigned char *clauses; /**< per clause: 1 to include (NULL: all) */
	const unsigned char *terms;   /**< per term: 1 to show in the glossary (NULL: all) */
	const char *full_url;         /**< base address of the full book for references to
	                                   material left out, or NULL (render as plain text) */
	int role;                     /**< the role a role book is for, -1 for the full book */
} book_view;

/** 1 when the view includes clause c (and so its ancestors' pages exist). */
int book_view_has(const book_view *v, int clause);

/** The start of every address svcbook gives a node for its own use (the
 *  reference links get one when reading ends, BOOK_REF_MARK). */
#define BOOK_RESERVED_URL "svcbook-"

/** The address of every reference link once reading ends (xref_mark):
 *  this and its ref index, "svcbook-ref:12". The HTML backend replaces the
 *  <a> cmark-gfm writes for it by its own markup; its title is empty. */
#define BOOK_REF_MARK BOOK_RESERVED_URL "ref:"

/** Returns the ref index of a reference link node, or -1 for any other node. */
int book_node_ref(cmark_node *node);

/** Finds a clause by id; -1 when none. (Hash look-up.) */
int book_find_id(const book *b, const char *id);

/** The column in characters (as editors count) of byte column col of a
 *  line of file f; col itself when the file's text is gone. */
int book_char_col(const book *b, int f, int line, int col);
/** Finds a role by id; -1 when none. */
int book_find_role(const book *b, const char *id);

/** The role id nearest to id, for a did-you-mean hint, or NULL: the
 *  nearest by spelling (nearest_offer), else by words, the hyphen's
 *  parts: one id's words inside the other's ("nurse" and
 *  "mechanic-senior" -> "veterinary-nurse", "mechanic"), or the same last
 *  word ("vet-nurse" -> "veterinary-nurse"); the most words shared, then
 *  the longer id. */
const char *book_nearest_role(const book *b, const char *id);

/** The plain text of a node's subtree (text, code, and the text of links). Caller frees. */
char *book_node_text(cmark_node *node);

/** The plain text of clause c's body, its blocks joined by a space. Caller frees. */
char *book_clause_text(const book *b, int c);
/** The same text appended to t (no string of its own a block or a clause:
 * the search index takes every clause's). */
void book_clause_text_put(const book *b, int c, buf *t);

/** A chapter kind's name as rules, templates and the DocBook see it: "terms",
 *  "general", "principles", "journey", "roles", "appearance". */
const char *book_chapter_kind_name(book_chapter_kind kind);

/** The title of a chapter kind in the book's language, for chapters without an h1. */
const char *book_chapter_default_title(book_chapter_kind kind, book_lang lang);

/** The order roles are listed in (the pyramid, the support lines, the
 *  matrix): book.lua's staff list first, the order the author chose, then
 *  the other roles as the book has them. b->nroles indexes; caller frees. */
int *book_role_order(const book *b);

/** A role level's name as templates, rules and dump see it: "provider",
 *  "support", "management"; NULL for LEVEL_NONE. */
const char *book_level_name(book_level level);

/** The book's language as a BCP 47 tag for lang attributes: "ru", "en", "en-GB"... */
const char *book_lang_tag(const book_config *c);

/** A word the output itself shows ("contents", "glossary", ...), in the book's language. */
const char *book_word(book_lang lang, const char *key);

/** Frees the files' source text and line index (text and lines become NULL):
 *  once the rules have run, nothing but a file's path and tree is read, so
 *  build lets the backends reuse that memory. */
void book_drop_sources(book *b);

/** Frees the files' trees and the arena they were parsed in: every field
 *  that points into a tree (a file's doc, a clause's heading and body, a
 *  reference's node, the reserved links) becomes NULL. For a build whose
 *  last tree reader is done (the rules, the DocBook, the HTML bodies and
 *  search index), while other threads go on reading the rest of the model:
 *  the trees are some 6 bytes per byte of the book, its largest part. */
void book_drop_trees(book *b);
/* Frees, before book_drop_trees, the parts of the trees that lie wholly in
 * files[0..files_done): for the last reader of the trees, which reads the
 * files in order and nothing of those again (html_render_bodies); no one
 * else may read them meanwhile. Does nothing when the trees have heap
 * parts (book_drop_trees walks them then). Returns the blocks freed. */
size_t book_release_trees(book *b, size_t files_done);

/** Frees what a book.lua's settings own, not c. */
void book_config_free(book_config *c);

/** Frees what a reference owns (its strings and candidates), not r. */
void book_ref_free(book_ref *r);
void book_free(book *b);

#endif

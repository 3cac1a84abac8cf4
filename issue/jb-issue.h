/* SPDX-License-Identifier: MIT
 *
 * The issue model: one bulletin issue (简报, one 期) as data, shared by extract and
 * typeset, with readers and writers for JSON (jianbao-issue/1) and the Markdown
 * authoring format (docs/format.md).
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define JB_ISSUE_FORMAT_NAME "jianbao-issue/1"

/* A value of year/number/total that the bulletin did not print (JSON null). */
#define JB_ISSUE_UNSET (-1)

#define JB_ISSUE_ERROR (jb_issue_error_quark())
GQuark jb_issue_error_quark(void);

/**
 * JbIssueError:
 * @JB_ISSUE_ERROR_FORMAT: the input is not valid (syntax, type, missing field); the
 *   message carries `file:line:column: …`
 * @JB_ISSUE_ERROR_LIMIT: the input is over a hard limit (size, nesting)
 * @JB_ISSUE_ERROR_IO: reading or writing a file failed
 */
typedef enum {
  JB_ISSUE_ERROR_FORMAT,
  JB_ISSUE_ERROR_LIMIT,
  JB_ISSUE_ERROR_IO,
} JbIssueError;

typedef enum {
  JB_ISSUE_SYNTAX_UNKNOWN,
  JB_ISSUE_SYNTAX_JSON,
  JB_ISSUE_SYNTAX_MARKDOWN,
} JbIssueSyntax;

typedef struct {
  GPtrArray *title;      /* (element-type utf8): printed title lines */
  GPtrArray *paragraphs; /* (element-type utf8) */
} JbArticle;

typedef struct {
  char *label;           /* 报, 送, 发, 抄送, … without the colon */
  GPtrArray *recipients; /* (element-type utf8) */
} JbDistribution;

typedef struct {
  GPtrArray *masthead; /* (element-type utf8): lines, top to bottom; may be empty */
  int year;            /* JB_ISSUE_UNSET when not printed */
  int number;
  int total;
  char *editor;            /* (nullable) */
  char *date;              /* (nullable): ISO 8601 YYYY-MM-DD */
  GPtrArray *articles;     /* (element-type JbArticle) */
  GPtrArray *briefs;       /* (element-type utf8) */
  GPtrArray *distribution; /* (element-type JbDistribution) */
  JsonObject *extra;       /* (nullable): unknown top-level fields, kept and written back */
} JbIssue;

JbIssue *jb_issue_new(void);
void jb_issue_free(JbIssue *issue);
JbIssue *jb_issue_copy(const JbIssue *issue);
gboolean jb_issue_equal(const JbIssue *a, const JbIssue *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbIssue, jb_issue_free)

JbArticle *jb_article_new(void);
void jb_article_free(JbArticle *article);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbArticle, jb_article_free)

JbDistribution *jb_distribution_new(const char *label);
void jb_distribution_free(JbDistribution *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbDistribution, jb_distribution_free)

/* Syntax from a file name's extension (.json; .md, .markdown); UNKNOWN otherwise. */
JbIssueSyntax jb_issue_syntax_from_filename(const char *filename);

/**
 * jb_issue_from_json_data:
 * @filename: (nullable): used in error messages only
 * Returns: (transfer full) (nullable): the issue, canonicalised; NULL with
 *   JB_ISSUE_ERROR_FORMAT (`file:line:column: …`) on bad input.
 */
JbIssue *jb_issue_from_json_data(const char *data, gssize length, const char *filename,
                                 GError **error);
JbIssue *jb_issue_from_json_node(JsonNode *node, const char *filename, GError **error);
JbIssue *jb_issue_from_markdown_data(const char *data, gssize length, const char *filename,
                                     GError **error);

/* Reads a file (or "-" for standard input; then @syntax should be given, else JSON is
 * recognised by its opening brace). UNKNOWN @syntax: from the file name's extension.
 * Errors: IO (cannot open or read), LIMIT (over 32 MiB, JSON nested deeper than 64, more
 * than 250000 JSON values or 200000 Markdown lines), FORMAT (empty, not UTF-8, bad syntax
 * or types). Positions are `file:line:column`, the column counted in characters. */
JbIssue *jb_issue_load(const char *path, JbIssueSyntax syntax, GError **error);

/* Returns: (transfer full): UTF-8 text ending in a newline; NULL only in a program
 * whose JSON support could not be loaded (see jb_issue_set_json_loader). */
char *jb_issue_to_json_data(const JbIssue *issue, gsize *length);
JsonNode *jb_issue_to_json_node(const JbIssue *issue);
char *jb_issue_to_markdown_data(const JbIssue *issue, gsize *length);

/* The JSON support (everything that needs json-glib) sits behind one table. libjianbao
 * has it built in; a program linked with the modules but without it (the jianbao program,
 * so that typesetting Markdown does not load json-glib, gio and gobject at every start)
 * sets a loader, called once, the first time JSON is read or written or a front matter
 * holds a quoted value or an unknown key. The loader returns the table, or NULL with an
 * error saying why it could not. */
typedef struct _JbIssueJsonSupport JbIssueJsonSupport;
typedef const JbIssueJsonSupport *(*JbIssueJsonLoader)(GError **error);
void jb_issue_set_json_loader(JbIssueJsonLoader loader);

/* Writes atomically (temporary file + rename; "-" is standard output): on failure no
 * file is created or truncated. */
gboolean jb_issue_save(const JbIssue *issue, const char *path, JbIssueSyntax syntax,
                       GError **error);

/* Writes @data to @path atomically (temporary file beside it + rename; "-" is standard
 * output; a device or FIFO is written in place, never replaced). Every module writes its
 * output files through this. FALSE with JB_ISSUE_ERROR_IO naming @path; then nothing at
 * @path has changed. */
gboolean jb_issue_file_write_atomic(const char *path, const void *data, gsize length,
                                    GError **error);

/* Text canonicalisation per the spec: NFC; no whitespace next to a Han/CJK character;
 * other whitespace runs become one space; trimmed. Returns: (transfer full). */
char *jb_issue_text_canonicalize(const char *text);
/* Canonicalises every string of @issue in place. */
void jb_issue_canonicalize(JbIssue *issue);
/* TRUE when @ch is a Han ideograph, CJK symbol/punctuation or full-width form. */
gboolean jb_issue_text_is_cjk(gunichar ch);
/* The line-breaking prohibitions of W3C clreq / GB/T 15834 (避头尾), one table for typeset
 * and extract: TRUE when @ch may not start a line (closing punctuation, pause marks,
 * ％ ℃ ー …), or may not end one (opening quotes and brackets). */
gboolean jb_issue_text_is_line_start_forbidden(gunichar ch);
gboolean jb_issue_text_is_line_end_forbidden(gunichar ch);

/* "2026-03-27" → "2026年3月27日"; NULL if @iso is not a valid date. (transfer full) */
char *jb_issue_date_format_chinese(const char *iso);
/* Parses "2026-03-27", "2026年3月27日", "2026 年 3 月 27 日", "二〇二四年三月十八日"
 * into ISO; NULL when it is not a date. (transfer full) */
char *jb_issue_date_parse(const char *text);
/* "2026年第9期（总第544期）" from the issue's numbers; NULL when all are unset. */
char *jb_issue_format_issue_line(const JbIssue *issue);
/* Parses an issue line (half/full-width brackets, spaces allowed) into year/number/total;
 * FALSE when @text is not an issue line. */
gboolean jb_issue_parse_issue_line(const char *text, int *year, int *number, int *total);

G_END_DECLS

/* SPDX-License-Identifier: MIT
 *
 * Helpers shared by the issue module's readers and writers, not part of the public API:
 * input limits, error positions (line:column counted in characters, as an editor shows
 * them) and the JSON position scanner that lets type errors point into the source text.
 */
#pragma once

#include "jb-issue.h"

G_BEGIN_DECLS

/* Hard limits on untrusted input: bigger or deeper input is a JB_ISSUE_ERROR_LIMIT. */
#define JB_ISSUE_MAX_BYTES ((gsize)32 * 1024 * 1024)
#define JB_ISSUE_MAX_DEPTH 64
/* Parsed trees cost far more than their text (a json-glib node or a cmark node is ~100
 * bytes and more), so the count of JSON values and of Markdown lines is bounded too: a real
 * bulletin has a few hundred of either. */
#define JB_ISSUE_MAX_VALUES 250000
#define JB_ISSUE_MAX_LINES  200000

/* The name used in messages: "<data>" for NULL, "<stdin>" for "-". */
const char *jb_issue_display_name(const char *filename);

/* 1-based line and column (in characters) of byte @offset of @data. */
void jb_issue_offset_position(const char *data, gsize length, gsize offset, int *line, int *column);

/* Sets a FORMAT (or other @code) error "file:line:column: message" for byte @offset. */
void jb_issue_set_error_at(GError **error, int code, const char *filename, const char *data,
                           gsize length, gsize offset, const char *format, ...) G_GNUC_PRINTF(7, 8);

/* Checks what both readers require of raw input: within the size limit, not empty (only
 * whitespace counts as empty), valid UTF-8 without NUL bytes. Sets a LIMIT or FORMAT error
 * with the position of the first bad byte and returns FALSE otherwise. Skips a leading
 * byte-order mark by advancing *@data. */
gboolean jb_issue_check_input(const char **data, gsize *length, const char *filename,
                              GError **error);

/* A path into a JSON document: member names and array indexes, outermost first. */
typedef struct {
  const char *key[8]; /* NULL where the step is an index */
  guint index[8];
  int depth;
} JbJsonPath;

/* Validates JSON syntax strictly (RFC 8259) and the nesting limit; the error names the
 * exact line:column of the first problem. */
gboolean jb_issue_json_scan(const char *data, gsize length, const char *filename, GError **error);
/* Appends @text as a JSON string literal: UTF-8 as is, only what JSON requires escaped. In
 * the scanner's file, not the JSON support's, because it needs no json-glib: the
 * Markdown writer quotes values with it too. */
void jb_issue_json_write_string(GString *out, const char *text);
/* Whether the JSON string literal @quoted (@length bytes, quotes included, with escapes)
 * reads as @key: the JSON support decodes it, the scanner needing no json-glib. */
typedef gboolean (*JbJsonKeyEqualFunc)(const char *quoted, gsize length, const char *key);
/* Byte offset of the value at @path in valid JSON @data; FALSE when not found. Keys with
 * escapes are compared with @key_equal. */
gboolean jb_issue_json_locate(const char *data, gsize length, const JbJsonPath *path,
                              JbJsonKeyEqualFunc key_equal, gsize *offset);

/* Parses a whole number written with ASCII or full-width digits or Chinese numerals
 * (二〇二四, 十二, 三十一); -1 when @text (of @length bytes) is not one. */
int jb_issue_text_parse_number(const char *text, gsize length);
/* TRUE for a character NFC leaves alone wherever it stands in a string of such
 * characters (so jb_issue_text_canonicalize can skip normalising text made only of them):
 * combining class 0, its own NFC, its decomposition starting with a starter, and never
 * the second character of a composition; tests/issue/test-text-nfc.c proves it for every
 * code point it accepts. */
gboolean jb_issue_text_is_nfc_stable(gunichar ch);
/* The sorted table behind jb_issue_text_is_line_start_forbidden (@line_start) or
 * jb_issue_text_is_line_end_forbidden, for the tests; @n_chars gets its length. */
const gunichar *jb_issue_text_line_break_table(gboolean line_start, gsize *n_chars);

/* The rule for a 版记 label, shared by both readers so that every label they accept the
 * Markdown writer can write as "label：" and read back: 1 to 8 characters, none of them
 * "，", "：" or ":" (@length bytes of @label, or -1 for all of it). */
gboolean jb_issue_label_is_valid(const char *label, gssize length);
/* The rule for the name of an extra (unknown) member, shared by the JSON reader and the
 * front matter: a name the front matter can write as "name: value" and read back as an
 * extra, that is an ASCII identifier (letters, digits, "_" and "-", not starting with a
 * digit or "-") that names no field of the issue in either syntax. */
gboolean jb_issue_extra_key_is_valid(const char *key);

/* ---- The JSON support: all the module's uses of json-glib (jb-issue-json.c) ----
 * The rest of the module reaches it through jb_issue_json(); see jb_issue_set_json_loader
 * for why. Extras (JbIssue.extra) are only ever made by it, so an issue that has them
 * was read with it loaded. */
struct _JbIssueJsonSupport {
  JbIssue *(*from_data)(const char *data, gssize length, const char *filename, GError **error);
  JbIssue *(*from_node)(JsonNode *node, const char *filename, GError **error);
  char *(*to_data)(const JbIssue *issue, gsize *length);
  JsonNode *(*to_node)(const JbIssue *issue);
  void (*extra_free)(JsonObject *extra);
  JsonObject *(*extra_copy)(JsonObject *extra);
  /* As JSON values, member order aside; NULL equals an empty object. */
  gboolean (*extra_equal)(JsonObject *a, JsonObject *b);
  /* The text of a JSON string literal (@value, quotes included); NULL if it is not one. */
  char *(*unquote)(const char *value);
  /* A front matter key's value: JSON when it reads as JSON (42, true, [], "text"), else
   * the text; a list as an array of strings, an empty one as null. */
  void (*set_extra)(JbIssue *issue, const char *key, const char *value);
  void (*set_extra_list)(JbIssue *issue, const char *key, const GPtrArray *items);
  /* Appends "key: value" lines for the extras the front matter can carry. */
  void (*write_extras)(const JbIssue *issue, GString *out);
};

/* The table as jb-issue-json.c makes it. */
extern const JbIssueJsonSupport jb_issue_json_builtin;
/* The JSON support; NULL with an IO error saying why not. Defined twice: in
 * jb-issue-json.c (built in: libjianbao, the tests) and in jb-issue-json-loader.c (loaded
 * through jb_issue_set_json_loader: the jianbao program, linked with jb_issue_lazy). */
const JbIssueJsonSupport *jb_issue_json(GError **error);

/* Reads the `---` front matter at the start of @data into @issue (none is fine) and sets
 * *@body_offset to where the Markdown body starts. FORMAT error with line:column. */
gboolean jb_issue_front_matter_read(JbIssue *issue, const char *data, gsize length,
                                    const char *filename, gsize *body_offset, GError **error);
/* Appends the front matter of @issue, fences included. */
void jb_issue_front_matter_write(const JbIssue *issue, GString *out);

G_END_DECLS

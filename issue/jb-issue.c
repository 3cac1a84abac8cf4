// SPDX-License-Identifier: MIT
//
// The issue model itself: construction, deep copy and comparison, canonicalisation of a
// whole issue, and loading/saving files in either syntax. Reading checks the limits and
// the encoding once here, so the JSON and Markdown readers only see valid UTF-8 text.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "jb-issue-private.h"

G_DEFINE_QUARK(jb - issue - error - quark, jb_issue_error)

JbIssue *
jb_issue_new(void)
{
  JbIssue *issue = g_new0(JbIssue, 1);
  issue->masthead = g_ptr_array_new_with_free_func(g_free);
  issue->year = issue->number = issue->total = JB_ISSUE_UNSET;
  issue->articles = g_ptr_array_new_with_free_func((GDestroyNotify)jb_article_free);
  issue->briefs = g_ptr_array_new_with_free_func(g_free);
  issue->distribution = g_ptr_array_new_with_free_func((GDestroyNotify)jb_distribution_free);
  return issue;
}

void
jb_issue_free(JbIssue *issue)
{
  if (!issue)
    return;
  g_clear_pointer(&issue->masthead, g_ptr_array_unref);
  g_clear_pointer(&issue->editor, g_free);
  g_clear_pointer(&issue->date, g_free);
  g_clear_pointer(&issue->articles, g_ptr_array_unref);
  g_clear_pointer(&issue->briefs, g_ptr_array_unref);
  g_clear_pointer(&issue->distribution, g_ptr_array_unref);
  if (issue->extra)
    jb_issue_json(NULL)->extra_free(issue->extra); /* only the JSON support makes extras */
  g_free(issue);
}

JbArticle *
jb_article_new(void)
{
  JbArticle *article = g_new0(JbArticle, 1);
  article->title = g_ptr_array_new_with_free_func(g_free);
  article->paragraphs = g_ptr_array_new_with_free_func(g_free);
  return article;
}

void
jb_article_free(JbArticle *article)
{
  if (!article)
    return;
  g_clear_pointer(&article->title, g_ptr_array_unref);
  g_clear_pointer(&article->paragraphs, g_ptr_array_unref);
  g_free(article);
}

JbDistribution *
jb_distribution_new(const char *label)
{
  JbDistribution *block = g_new0(JbDistribution, 1);
  block->label = g_strdup(label ? label : "");
  block->recipients = g_ptr_array_new_with_free_func(g_free);
  return block;
}

void
jb_distribution_free(JbDistribution *block)
{
  if (!block)
    return;
  g_clear_pointer(&block->label, g_free);
  g_clear_pointer(&block->recipients, g_ptr_array_unref);
  g_free(block);
}

/* Appends copies of the strings of @from to @to. */
static void
jb_issue_strings_extend(GPtrArray *to, const GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add(to, g_strdup(g_ptr_array_index(from, i)));
}

JbIssue *
jb_issue_copy(const JbIssue *issue)
{
  g_return_val_if_fail(issue != NULL, NULL);
  JbIssue *copy = jb_issue_new();
  jb_issue_strings_extend(copy->masthead, issue->masthead);
  copy->year = issue->year;
  copy->number = issue->number;
  copy->total = issue->total;
  copy->editor = g_strdup(issue->editor);
  copy->date = g_strdup(issue->date);
  for (guint i = 0; i < issue->articles->len; i++) {
    const JbArticle *from = g_ptr_array_index(issue->articles, i);
    JbArticle *to = jb_article_new();
    jb_issue_strings_extend(to->title, from->title);
    jb_issue_strings_extend(to->paragraphs, from->paragraphs);
    g_ptr_array_add(copy->articles, to);
  }
  jb_issue_strings_extend(copy->briefs, issue->briefs);
  for (guint i = 0; i < issue->distribution->len; i++) {
    const JbDistribution *from = g_ptr_array_index(issue->distribution, i);
    JbDistribution *to = jb_distribution_new(from->label);
    jb_issue_strings_extend(to->recipients, from->recipients);
    g_ptr_array_add(copy->distribution, to);
  }
  if (issue->extra)
    copy->extra = jb_issue_json(NULL)->extra_copy(issue->extra);
  return copy;
}

static gboolean
jb_issue_strings_equal(const GPtrArray *a, const GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0)
      return FALSE;
  return TRUE;
}

gboolean
jb_issue_equal(const JbIssue *a, const JbIssue *b)
{
  g_return_val_if_fail(a != NULL && b != NULL, FALSE);
  if (a->year != b->year || a->number != b->number || a->total != b->total ||
      g_strcmp0(a->editor, b->editor) != 0 || g_strcmp0(a->date, b->date) != 0 ||
      !jb_issue_strings_equal(a->masthead, b->masthead) ||
      !jb_issue_strings_equal(a->briefs, b->briefs) || a->articles->len != b->articles->len ||
      a->distribution->len != b->distribution->len)
    return FALSE;
  for (guint i = 0; i < a->articles->len; i++) {
    const JbArticle *x = g_ptr_array_index(a->articles, i);
    const JbArticle *y = g_ptr_array_index(b->articles, i);
    if (!jb_issue_strings_equal(x->title, y->title) ||
        !jb_issue_strings_equal(x->paragraphs, y->paragraphs))
      return FALSE;
  }
  for (guint i = 0; i < a->distribution->len; i++) {
    const JbDistribution *x = g_ptr_array_index(a->distribution, i);
    const JbDistribution *y = g_ptr_array_index(b->distribution, i);
    if (g_strcmp0(x->label, y->label) != 0 || !jb_issue_strings_equal(x->recipients, y->recipients))
      return FALSE;
  }
  if (a->extra == NULL && b->extra == NULL)
    return TRUE;
  return jb_issue_json(NULL)->extra_equal(a->extra, b->extra);
}

/* Canonicalises each string of @strings and drops those that end up empty: an empty
 * paragraph or recipient has no printed form, so it cannot survive a round trip. */
static void
jb_issue_strings_canonicalize(GPtrArray *strings)
{
  guint kept = 0;
  for (guint i = 0; i < strings->len; i++) {
    char *text = strings->pdata[i];
    char *canon = jb_issue_text_canonicalize(text);
    g_free(text);
    if (*canon)
      strings->pdata[kept++] = canon;
    else
      g_free(canon);
  }
  /* The dropped ones are freed already; shrink without calling the free function. */
  for (guint i = kept; i < strings->len; i++)
    strings->pdata[i] = NULL;
  g_ptr_array_set_size(strings, kept);
}

/* Replaces *@text by its canonical form; an empty result becomes NULL. */
static void
jb_issue_field_canonicalize(char **text)
{
  if (!*text)
    return;
  char *canon = jb_issue_text_canonicalize(*text);
  g_free(*text);
  *text = *canon ? canon : (g_free(canon), NULL);
}

void
jb_issue_canonicalize(JbIssue *issue)
{
  g_return_if_fail(issue != NULL);
  jb_issue_strings_canonicalize(issue->masthead);
  jb_issue_field_canonicalize(&issue->editor);
  jb_issue_field_canonicalize(&issue->date);
  for (guint i = 0; i < issue->articles->len; i++) {
    JbArticle *article = g_ptr_array_index(issue->articles, i);
    jb_issue_strings_canonicalize(article->title);
    jb_issue_strings_canonicalize(article->paragraphs);
  }
  jb_issue_strings_canonicalize(issue->briefs);
  for (guint i = 0; i < issue->distribution->len; i++) {
    JbDistribution *block = g_ptr_array_index(issue->distribution, i);
    char *label = jb_issue_text_canonicalize(block->label);
    g_free(block->label);
    block->label = label;
    jb_issue_strings_canonicalize(block->recipients);
  }
}

JbIssueSyntax
jb_issue_syntax_from_filename(const char *filename)
{
  if (!filename)
    return JB_ISSUE_SYNTAX_UNKNOWN;
  g_autofree char *lower = g_ascii_strdown(filename, -1);
  if (g_str_has_suffix(lower, ".json"))
    return JB_ISSUE_SYNTAX_JSON;
  if (g_str_has_suffix(lower, ".md") || g_str_has_suffix(lower, ".markdown"))
    return JB_ISSUE_SYNTAX_MARKDOWN;
  return JB_ISSUE_SYNTAX_UNKNOWN;
}

const char *
jb_issue_display_name(const char *filename)
{
  if (!filename)
    return "<data>";
  if (strcmp(filename, "-") == 0)
    return "<stdin>";
  return filename;
}

void
jb_issue_offset_position(const char *data, gsize length, gsize offset, int *line, int *column)
{
  int l = 1, c = 1;
  if (offset > length)
    offset = length;
  for (gsize i = 0; i < offset; i++) {
    guchar byte = (guchar)data[i];
    if (byte == '\n') {
      l++;
      c = 1;
    } else if ((byte & 0xC0) != 0x80) {
      c++; /* count characters, not bytes: continuation bytes do not advance */
    }
  }
  *line = l;
  *column = c;
}

void
jb_issue_set_error_at(GError **error, int code, const char *filename, const char *data,
                      gsize length, gsize offset, const char *format, ...)
{
  int line, column;
  va_list args;
  va_start(args, format);
  g_autofree char *message = g_strdup_vprintf(format, args);
  va_end(args);
  jb_issue_offset_position(data, length, offset, &line, &column);
  g_set_error(error, JB_ISSUE_ERROR, code, "%s:%d:%d: %s", jb_issue_display_name(filename), line,
              column, message);
}

gboolean
jb_issue_check_input(const char **data, gsize *length, const char *filename, GError **error)
{
  const char *end = NULL;
  if (*length > JB_ISSUE_MAX_BYTES) {
    g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_LIMIT,
                "%s: input is %" G_GSIZE_FORMAT " bytes, over the limit of %" G_GSIZE_FORMAT,
                jb_issue_display_name(filename), *length, JB_ISSUE_MAX_BYTES);
    return FALSE;
  }
  if (!g_utf8_validate(*data, (gssize)*length, &end)) {
    gsize at = (gsize)(end - *data);
    jb_issue_set_error_at(error, JB_ISSUE_ERROR_FORMAT, filename, *data, *length, at,
                          "%s (byte 0x%02X); the text must be UTF-8",
                          (*data)[at] == '\0' ? "NUL byte" : "invalid UTF-8",
                          (guint)(guchar)(*data)[at]);
    return FALSE;
  }
  if (*length >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
    *data += 3;
    *length -= 3;
  }
  gboolean blank = TRUE;
  for (gsize i = 0; i < *length && blank; i++)
    blank = g_ascii_isspace((*data)[i]);
  if (blank) {
    g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_FORMAT, "%s:1:1: the file is empty",
                jb_issue_display_name(filename));
    return FALSE;
  }
  return TRUE;
}

/* Reads all of @fd, stopping one byte past the size limit so that the caller can tell. */
static GBytes *
jb_issue_read_fd(int fd, const char *path, GError **error)
{
  GByteArray *buf = g_byte_array_new();
  guint8 chunk[65536];
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      int saved = errno;
      g_byte_array_unref(buf);
      g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO, "%s: cannot read: %s",
                  jb_issue_display_name(path), g_strerror(saved));
      return NULL;
    }
    if (got == 0 || buf->len > JB_ISSUE_MAX_BYTES)
      break;
    g_byte_array_append(buf, chunk, (guint)got);
  }
  return g_byte_array_free_to_bytes(buf);
}

/* Picks the syntax of data whose name says nothing: JSON starts with an object. */
static JbIssueSyntax
jb_issue_syntax_sniff(const char *data, gsize length)
{
  for (gsize i = 0; i < length; i++) {
    if (g_ascii_isspace(data[i]))
      continue;
    return data[i] == '{' ? JB_ISSUE_SYNTAX_JSON : JB_ISSUE_SYNTAX_MARKDOWN;
  }
  return JB_ISSUE_SYNTAX_MARKDOWN;
}

JbIssue *
jb_issue_load(const char *path, JbIssueSyntax syntax, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  gboolean is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : g_open(path, O_RDONLY, 0);
  if (fd < 0) {
    int saved = errno;
    g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO, "%s: cannot open: %s", path,
                g_strerror(saved));
    return NULL;
  }
  g_autoptr(GBytes) bytes = jb_issue_read_fd(fd, path, error);
  if (!is_stdin)
    close(fd);
  if (!bytes)
    return NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data(bytes, &length);
  if (!data)
    data = "";
  if (syntax == JB_ISSUE_SYNTAX_UNKNOWN)
    syntax = jb_issue_syntax_from_filename(path);
  if (syntax == JB_ISSUE_SYNTAX_UNKNOWN)
    syntax = jb_issue_syntax_sniff(data, length);
  if (syntax == JB_ISSUE_SYNTAX_JSON)
    return jb_issue_from_json_data(data, (gssize)length, path, error);
  return jb_issue_from_markdown_data(data, (gssize)length, path, error);
}

gboolean
jb_issue_save(const JbIssue *issue, const char *path, JbIssueSyntax syntax, GError **error)
{
  g_return_val_if_fail(issue != NULL && path != NULL, FALSE);
  if (syntax == JB_ISSUE_SYNTAX_UNKNOWN)
    syntax = jb_issue_syntax_from_filename(path);
  if (syntax == JB_ISSUE_SYNTAX_UNKNOWN) {
    g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_FORMAT,
                "%s: cannot tell the format from the name (use .json or .md)", path);
    return FALSE;
  }
  if ((syntax == JB_ISSUE_SYNTAX_JSON || issue->extra) && !jb_issue_json(error)) {
    g_prefix_error(error, "%s: ", path);
    return FALSE;
  }
  gsize length = 0;
  g_autofree char *data = syntax == JB_ISSUE_SYNTAX_JSON
                              ? jb_issue_to_json_data(issue, &length)
                              : jb_issue_to_markdown_data(issue, &length);
  return jb_issue_file_write_atomic(path, data, length, error);
}

JbIssue *
jb_issue_from_json_data(const char *data, gssize length, const char *filename, GError **error)
{
  const JbIssueJsonSupport *json = jb_issue_json(error);
  if (json == NULL) {
    g_prefix_error(error, "%s: ", filename ? filename : "<data>");
    return NULL;
  }
  return json->from_data(data, length, filename, error);
}

JbIssue *
jb_issue_from_json_node(JsonNode *node, const char *filename, GError **error)
{
  /* The caller made @node with json-glib, so a table can be found (or is built in). */
  const JbIssueJsonSupport *json = jb_issue_json(error);
  return json ? json->from_node(node, filename, error) : NULL;
}

/* The JSON support for a call that has no GError to report its absence in. */
static const JbIssueJsonSupport *
jb_issue_json_or_critical(const char *caller)
{
  g_autoptr(GError) error = NULL;
  const JbIssueJsonSupport *json = jb_issue_json(&error);
  if (json == NULL)
    g_critical("%s: %s", caller, error->message);
  return json;
}

char *
jb_issue_to_json_data(const JbIssue *issue, gsize *length)
{
  const JbIssueJsonSupport *json = jb_issue_json_or_critical(G_STRFUNC);
  return json ? json->to_data(issue, length) : NULL;
}

JsonNode *
jb_issue_to_json_node(const JbIssue *issue)
{
  const JbIssueJsonSupport *json = jb_issue_json_or_critical(G_STRFUNC);
  return json ? json->to_node(issue) : NULL;
}

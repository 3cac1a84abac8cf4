// SPDX-License-Identifier: MIT
//
// The front matter of the Markdown format: the `---` block at the top that carries the
// masthead, the issue numbers, the editor and the date (docs/format.md). CommonMark has no
// front matter, so it is split off and read here, line by line, before libcmark sees the
// rest; errors carry the line:column of the offending key or value.
#include <string.h>

#include "jb-issue-private.h"

typedef struct {
  const char *filename;
  const char *data;
  gsize length;
  GError **error;
  JbIssue *issue;
  char *list_key;    /* key whose list items follow, or NULL */
  GPtrArray *list;   /* its items so far */
  gsize list_offset; /* where the key line starts, for errors */
} JbFrontMatter;

/* One line of the front matter, without its line ending. */
typedef struct {
  const char *text;
  gsize length;
  gsize offset; /* of text in the data */
} JbFrontLine;

static gboolean
jb_front_fail(JbFrontMatter *fm, gsize offset, const char *format, const char *arg)
{
  jb_issue_set_error_at(fm->error, JB_ISSUE_ERROR_FORMAT, fm->filename, fm->data, fm->length,
                        offset, format, arg);
  return FALSE;
}

/* The JSON support, for what only it can read: NULL with the error at @offset. */
static const JbIssueJsonSupport *
jb_front_json(JbFrontMatter *fm, gsize offset)
{
  g_autoptr(GError) local = NULL;
  const JbIssueJsonSupport *json = jb_issue_json(&local);
  if (json == NULL) /* an installation problem, not the file's: IO */
    jb_issue_set_error_at(fm->error, JB_ISSUE_ERROR_IO, fm->filename, fm->data, fm->length, offset,
                          "reading this value needs the JSON support: %s", local->message);
  return json;
}

/* A value as written: a JSON-quoted string is decoded (the writer quotes values that
 * would otherwise read as something else), anything else is taken as it stands. NULL
 * with the error set when the JSON support is needed and cannot be loaded. */
static char *
jb_front_unquote(JbFrontMatter *fm, const char *value, gsize offset)
{
  gsize n = strlen(value);
  if (n >= 2 && value[0] == '"' && value[n - 1] == '"' &&
      jb_issue_json_scan(value, n, NULL, NULL)) {
    const JbIssueJsonSupport *json = jb_front_json(fm, offset);
    if (json == NULL)
      return NULL;
    char *text = json->unquote(value);
    if (text)
      return text;
  }
  return g_strdup(value);
}

/* Adds a masthead line in canonical form, unless that is empty (text is canonicalised
 * where it is read: the Markdown reader makes no second pass). */
static void
jb_front_add_masthead(JbIssue *issue, const char *line)
{
  char *text = jb_issue_text_canonicalize(line);
  if (*text)
    g_ptr_array_add(issue->masthead, text);
  else
    g_free(text);
}

/* Stores the list gathered for the pending list key. */
static gboolean
jb_front_finish_list(JbFrontMatter *fm)
{
  if (!fm->list_key)
    return TRUE;
  gboolean ok = TRUE;
  if (strcmp(fm->list_key, "masthead") == 0) {
    for (guint i = 0; i < fm->list->len; i++)
      jb_front_add_masthead(fm->issue, g_ptr_array_index(fm->list, i));
  } else {
    const JbIssueJsonSupport *json = jb_front_json(fm, fm->list_offset);
    if (json)
      json->set_extra_list(fm->issue, fm->list_key, fm->list);
    ok = json != NULL;
  }
  g_clear_pointer(&fm->list_key, g_free);
  g_ptr_array_set_size(fm->list, 0);
  return ok;
}

static gboolean
jb_front_is_null(const char *value)
{
  return *value == '\0' || strcmp(value, "null") == 0 || strcmp(value, "~") == 0;
}

static gboolean
jb_front_read_number(JbFrontMatter *fm, const char *key, const char *value, gsize offset, int *out)
{
  guint64 number = 0;
  if (jb_front_is_null(value)) {
    *out = JB_ISSUE_UNSET;
    return TRUE;
  }
  if (!g_ascii_string_to_unsigned(value, 10, 0, 999999999, &number, NULL))
    return jb_front_fail(fm, offset, "expected a whole number for \"%s\"", key);
  *out = (int)number;
  return TRUE;
}

static gboolean
jb_front_is_key(const char *key)
{
  if (!g_ascii_isalpha(key[0]) && key[0] != '_')
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* The front matter's own keys, and the JSON members that the body holds. */
static const char *const jb_front_own_keys[] = { "format", "masthead", "issue", "year", "number",
                                                 "total",  "editor",   "date",  NULL };
static const char *const jb_front_body_keys[] = { "articles", "briefs", "distribution", NULL };

gboolean
jb_issue_extra_key_is_valid(const char *key)
{
  return jb_front_is_key(key) && !g_strv_contains(jb_front_own_keys, key) &&
         !g_strv_contains(jb_front_body_keys, key);
}

/* Applies "key: value" for a known key; unknown keys go to the extras. */
static gboolean
jb_front_apply(JbFrontMatter *fm, const char *key, const char *value, gsize offset)
{
  JbIssue *issue = fm->issue;
  if (strcmp(key, "year") == 0)
    return jb_front_read_number(fm, key, value, offset, &issue->year);
  if (strcmp(key, "number") == 0)
    return jb_front_read_number(fm, key, value, offset, &issue->number);
  if (strcmp(key, "total") == 0)
    return jb_front_read_number(fm, key, value, offset, &issue->total);
  if (strcmp(key, "issue") == 0) {
    if (!jb_front_is_null(value) &&
        !jb_issue_parse_issue_line(value, &issue->year, &issue->number, &issue->total))
      return jb_front_fail(
          fm, offset, "expected an issue line such as 2026年第9期（总第544期） for \"%s\"", key);
    return TRUE;
  }
  if (strcmp(key, "editor") == 0) {
    g_free(issue->editor);
    issue->editor = NULL;
    if (!jb_front_is_null(value)) {
      g_autofree char *text = jb_front_unquote(fm, value, offset);
      if (text == NULL)
        return FALSE;
      issue->editor = jb_issue_text_canonicalize(text);
      if (!*issue->editor)
        g_clear_pointer(&issue->editor, g_free); /* an empty editor is no editor */
    }
    return TRUE;
  }
  if (strcmp(key, "date") == 0) {
    g_clear_pointer(&issue->date, g_free);
    if (jb_front_is_null(value))
      return TRUE;
    g_autofree char *text = jb_front_unquote(fm, value, offset);
    if (text == NULL)
      return FALSE;
    issue->date = jb_issue_date_parse(text);
    return issue->date ? TRUE
                       : jb_front_fail(fm, offset, "expected a date (YYYY-MM-DD) for \"%s\"", key);
  }
  if (strcmp(key, "masthead") == 0) {
    g_ptr_array_set_size(issue->masthead, 0);
    g_autofree char *text = jb_front_unquote(fm, value, offset);
    if (text == NULL)
      return FALSE;
    if (strcmp(value, "[]") != 0 && !jb_front_is_null(value))
      jb_front_add_masthead(issue, text);
    return TRUE;
  }
  if (strcmp(key, "format") == 0) {
    g_autofree char *text = jb_front_unquote(fm, value, offset);
    if (text == NULL)
      return FALSE;
    if (strcmp(text, JB_ISSUE_FORMAT_NAME) != 0)
      return jb_front_fail(fm, offset, "expected \"" JB_ISSUE_FORMAT_NAME "\" for \"%s\"", key);
    return TRUE;
  }
  const JbIssueJsonSupport *json = jb_front_json(fm, offset);
  if (json)
    json->set_extra(issue, key, value);
  return json != NULL;
}

/* Keys whose empty value means "a list follows". */
static gboolean
jb_front_takes_list(const char *key)
{
  static const char *const scalars[] = { "year",   "number", "total",  "issue",
                                         "editor", "date",   "format", NULL };
  return !g_strv_contains(scalars, key);
}

/* Reads one line that is neither blank nor a comment. */
static gboolean
jb_front_line(JbFrontMatter *fm, const JbFrontLine *line)
{
  g_autofree char *text = g_strndup(line->text, line->length);
  char *stripped = g_strstrip(g_strdup(text));
  g_autofree char *owned = stripped;
  gsize indent = (gsize)(strstr(text, stripped) - text);

  if (stripped[0] == '-' && (stripped[1] == ' ' || stripped[1] == '\0')) {
    if (!fm->list_key)
      return jb_front_fail(fm, line->offset + indent,
                           "a list item must follow a line such as \"%s:\"", "masthead");
    char *item = jb_front_unquote(fm, g_strstrip(stripped + 1), line->offset + indent);
    if (item == NULL)
      return FALSE;
    g_ptr_array_add(fm->list, item);
    return TRUE;
  }
  if (!jb_front_finish_list(fm))
    return FALSE;
  char *colon = strchr(text, ':');
  if (colon)
    *colon = '\0';
  if (!colon || !jb_front_is_key(text))
    return jb_front_fail(fm, line->offset, "expected \"key: value\" in the front matter%s", "");
  if (g_strv_contains(jb_front_body_keys, text))
    return jb_front_fail(fm, line->offset,
                         "\"%s\" is not a front matter key: the body holds the articles, "
                         "## 简讯 and ## 版记",
                         text);
  const char *raw = colon + 1;
  while (*raw == ' ' || *raw == '\t')
    raw++;
  g_autofree char *value = g_strstrip(g_strdup(raw));
  gsize value_offset = line->offset + (gsize)(raw - text);
  if (*value == '\0' && jb_front_takes_list(text)) {
    fm->list_key = g_strdup(text);
    fm->list_offset = line->offset;
    if (strcmp(text, "masthead") == 0)
      g_ptr_array_set_size(fm->issue->masthead, 0);
    return TRUE;
  }
  return jb_front_apply(fm, text, value, value_offset);
}

/* Next line at *@pos; FALSE at the end of the data. */
static gboolean
jb_front_next_line(const char *data, gsize length, gsize *pos, JbFrontLine *line)
{
  if (*pos >= length)
    return FALSE;
  const char *start = data + *pos;
  const char *nl = memchr(start, '\n', length - *pos);
  gsize n = nl ? (gsize)(nl - start) : length - *pos;
  line->text = start;
  line->offset = *pos;
  line->length = n > 0 && start[n - 1] == '\r' ? n - 1 : n;
  *pos += nl ? n + 1 : n;
  return TRUE;
}

static gboolean
jb_front_is_fence(const JbFrontLine *line)
{
  gsize n = line->length;
  while (n > 3 && (line->text[n - 1] == ' ' || line->text[n - 1] == '\t'))
    n--;
  return n == 3 && memcmp(line->text, "---", 3) == 0;
}

static gboolean
jb_front_is_blank_or_comment(const JbFrontLine *line)
{
  for (gsize i = 0; i < line->length; i++) {
    char c = line->text[i];
    if (c == '#')
      return TRUE;
    if (c != ' ' && c != '\t')
      return FALSE;
  }
  return TRUE;
}

gboolean
jb_issue_front_matter_read(JbIssue *issue, const char *data, gsize length, const char *filename,
                           gsize *body_offset, GError **error)
{
  JbFrontLine line;
  gsize pos = 0;
  *body_offset = 0;
  if (!jb_front_next_line(data, length, &pos, &line) || !jb_front_is_fence(&line))
    return TRUE; /* no front matter: everything is body */

  JbFrontMatter fm = { filename, data, length, error, issue, NULL, NULL, 0 };
  fm.list = g_ptr_array_new_with_free_func(g_free);
  gboolean ok = TRUE, closed = FALSE;
  while (ok && jb_front_next_line(data, length, &pos, &line)) {
    if (jb_front_is_fence(&line)) {
      closed = TRUE;
      break;
    }
    if (!jb_front_is_blank_or_comment(&line))
      ok = jb_front_line(&fm, &line);
  }
  if (ok)
    ok = jb_front_finish_list(&fm);
  g_free(fm.list_key);
  g_ptr_array_unref(fm.list);
  if (ok && !closed)
    ok = jb_front_fail(&fm, 0, "the front matter has no closing \"---\" line%s", "");
  *body_offset = pos;
  return ok;
}

/* Writes @value, quoted as a JSON string when it would otherwise read back differently. */
static void
jb_front_write_value(GString *out, const char *value)
{
  gboolean quote = *value == '\0' || jb_front_is_null(value) || strcmp(value, "[]") == 0 ||
                   value[0] == '"' || value[0] == ' ';
  if (quote)
    jb_issue_json_write_string(out, value);
  else
    g_string_append(out, value);
}

void
jb_issue_front_matter_write(const JbIssue *issue, GString *out)
{
  g_string_append(out, "---\n");
  if (issue->masthead->len == 0)
    g_string_append(out, "masthead: []\n");
  else
    g_string_append(out, "masthead:\n");
  for (guint i = 0; i < issue->masthead->len; i++) {
    g_string_append(out, "  - ");
    jb_front_write_value(out, g_ptr_array_index(issue->masthead, i));
    g_string_append_c(out, '\n');
  }
  if (issue->year != JB_ISSUE_UNSET)
    g_string_append_printf(out, "year: %d\n", issue->year);
  if (issue->number != JB_ISSUE_UNSET)
    g_string_append_printf(out, "number: %d\n", issue->number);
  if (issue->total != JB_ISSUE_UNSET)
    g_string_append_printf(out, "total: %d\n", issue->total);
  if (issue->editor) {
    g_string_append(out, "editor: ");
    jb_front_write_value(out, issue->editor);
    g_string_append_c(out, '\n');
  }
  if (issue->date)
    g_string_append_printf(out, "date: %s\n", issue->date);
  if (issue->extra)
    jb_issue_json(NULL)->write_extras(issue, out); /* only the JSON support makes extras */
  g_string_append(out, "---\n");
}

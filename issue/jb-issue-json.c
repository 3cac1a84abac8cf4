// SPDX-License-Identifier: MIT
//
// The JSON side of the issue model (format jianbao-issue/1, shared/spec/issue-format.md).
// Reading: the scanner in jb-issue-json-scan.c checks syntax and nesting, json-glib builds
// the tree, and this file checks every field's type, naming the member's line:column.
// Writing: a small generator of our own, because json-glib's pretty printer puts a space
// before each colon and cannot keep short objects on one line as the spec shows them.
// Everything else in the module that needs json-glib is here too (the extras, the front
// matter's quoted values), handed out as one table, jb_issue_json_builtin: the jianbao
// program is linked without this file and loads it as a plugin only when it needs it.
#include <math.h>
#include <string.h>

#include "jb-issue-private.h"

typedef struct {
  const char *filename;
  const char *data; /* (nullable): source text, for positions */
  gsize length;
  JbJsonPath path;
  GError **error;
} JbJsonRead;

static void
jb_json_path_push_key(JbJsonRead *r, const char *key)
{
  g_assert(r->path.depth < (int)G_N_ELEMENTS(r->path.key));
  r->path.key[r->path.depth] = key;
  r->path.index[r->path.depth++] = 0;
}

static void
jb_json_path_push_index(JbJsonRead *r, guint index)
{
  g_assert(r->path.depth < (int)G_N_ELEMENTS(r->path.key));
  r->path.key[r->path.depth] = NULL;
  r->path.index[r->path.depth++] = index;
}

static void
jb_json_path_pop(JbJsonRead *r)
{
  g_assert(r->path.depth > 0);
  r->path.depth--;
}

/* "articles[2].title" for the current path. */
static char *
jb_json_path_to_string(const JbJsonPath *path)
{
  GString *out = g_string_new(NULL);
  for (int i = 0; i < path->depth; i++) {
    if (path->key[i])
      g_string_append_printf(out, "%s%s", out->len ? "." : "", path->key[i]);
    else
      g_string_append_printf(out, "[%u]", path->index[i]);
  }
  return g_string_free(out, FALSE);
}

static gboolean
jb_json_key_equal(const char *quoted, gsize length, const char *key)
{
  g_autofree char *text = g_strndup(quoted, length);
  g_autoptr(JsonNode) node = json_from_string(text, NULL);
  return node && g_strcmp0(json_node_get_string(node), key) == 0;
}

/* Sets "file:line:column: @message" at the value of the current path, or at the nearest
 * enclosing value that exists (a missing member points at its object). Without source
 * text (a tree from elsewhere) there is no position. Returns FALSE. */
static gboolean
jb_json_read_fail_message(JbJsonRead *r, const char *message)
{
  JbJsonPath path = r->path;
  gsize offset = 0;
  while (r->data && !jb_issue_json_locate(r->data, r->length, &path, jb_json_key_equal, &offset))
    path.depth--;
  if (r->data)
    jb_issue_set_error_at(r->error, JB_ISSUE_ERROR_FORMAT, r->filename, r->data, r->length, offset,
                          "%s", message);
  else
    g_set_error(r->error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_FORMAT, "%s: %s",
                jb_issue_display_name(r->filename), message);
  return FALSE;
}

/* Fails with "expected @what for "path"" (see above for the position). */
static gboolean
jb_json_read_fail(JbJsonRead *r, const char *what)
{
  g_autofree char *path = jb_json_path_to_string(&r->path);
  g_autofree char *message = *path ? g_strdup_printf("expected %s for \"%s\"", what, path)
                                   : g_strdup_printf("expected %s at the top level", what);
  return jb_json_read_fail_message(r, message);
}

static gboolean
jb_json_is_null(JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL(node);
}

static gboolean
jb_json_is_string(JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING;
}

/* Reads member @key of @obj, an array of strings or null/missing, into @out. */
static gboolean
jb_json_read_strings(JbJsonRead *r, JsonObject *obj, const char *key, GPtrArray *out)
{
  JsonNode *node = json_object_get_member(obj, key);
  if (jb_json_is_null(node))
    return TRUE;
  jb_json_path_push_key(r, key);
  if (!JSON_NODE_HOLDS_ARRAY(node))
    return jb_json_read_fail(r, "an array of strings");
  JsonArray *array = json_node_get_array(node);
  for (guint i = 0; i < json_array_get_length(array); i++) {
    JsonNode *item = json_array_get_element(array, i);
    if (!jb_json_is_string(item)) {
      jb_json_path_push_index(r, i);
      return jb_json_read_fail(r, "a string");
    }
    g_ptr_array_add(out, g_strdup(json_node_get_string(item)));
  }
  jb_json_path_pop(r);
  return TRUE;
}

/* Reads member @key, a string or null/missing, into *@out. */
static gboolean
jb_json_read_string(JbJsonRead *r, JsonObject *obj, const char *key, char **out)
{
  JsonNode *node = json_object_get_member(obj, key);
  if (jb_json_is_null(node))
    return TRUE;
  if (!jb_json_is_string(node)) {
    jb_json_path_push_key(r, key);
    return jb_json_read_fail(r, "a string");
  }
  g_free(*out);
  *out = g_strdup(json_node_get_string(node));
  return TRUE;
}

/* Reads member @key, a whole number from 0 to 999999999 or null/missing, into *@out. */
static gboolean
jb_json_read_int(JbJsonRead *r, JsonObject *obj, const char *key, int *out)
{
  JsonNode *node = json_object_get_member(obj, key);
  *out = JB_ISSUE_UNSET;
  if (jb_json_is_null(node))
    return TRUE;
  jb_json_path_push_key(r, key);
  if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_INT64)
    return jb_json_read_fail(r, "a whole number or null");
  gint64 value = json_node_get_int(node);
  if (value < 0 || value > 999999999)
    return jb_json_read_fail(r, "a whole number from 0 to 999999999");
  *out = (int)value;
  jb_json_path_pop(r);
  return TRUE;
}

/* Looks up member @key of @obj as an object, or NULL with *@ok FALSE on a type error. */
static JsonObject *
jb_json_read_object(JbJsonRead *r, JsonNode *node, const char *what, gboolean *ok)
{
  *ok = TRUE;
  if (jb_json_is_null(node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    *ok = jb_json_read_fail(r, what);
    return NULL;
  }
  return json_node_get_object(node);
}

static gboolean
jb_json_read_issue_numbers(JbJsonRead *r, JsonObject *root, JbIssue *issue)
{
  gboolean ok;
  jb_json_path_push_key(r, "issue");
  JsonObject *obj = jb_json_read_object(r, json_object_get_member(root, "issue"),
                                        "an object {\"year\", \"number\", \"total\"}", &ok);
  if (!ok)
    return FALSE;
  if (obj && (!jb_json_read_int(r, obj, "year", &issue->year) ||
              !jb_json_read_int(r, obj, "number", &issue->number) ||
              !jb_json_read_int(r, obj, "total", &issue->total)))
    return FALSE;
  jb_json_path_pop(r);
  return TRUE;
}

static gboolean
jb_json_read_date(JbJsonRead *r, JsonObject *root, JbIssue *issue)
{
  g_autofree char *text = NULL;
  if (!jb_json_read_string(r, root, "date", &text))
    return FALSE;
  if (!text)
    return TRUE;
  issue->date = jb_issue_date_parse(text);
  if (!issue->date) {
    jb_json_path_push_key(r, "date");
    return jb_json_read_fail(r, "a date (YYYY-MM-DD)");
  }
  return TRUE;
}

static gboolean
jb_json_read_articles(JbJsonRead *r, JsonObject *root, JbIssue *issue)
{
  JsonNode *node = json_object_get_member(root, "articles");
  jb_json_path_push_key(r, "articles");
  if (!node)
    return jb_json_read_fail_message(r, "missing \"articles\" (an array of articles)");
  if (!JSON_NODE_HOLDS_ARRAY(node))
    return jb_json_read_fail(r, "an array of articles");
  JsonArray *array = json_node_get_array(node);
  for (guint i = 0; i < json_array_get_length(array); i++) {
    gboolean ok;
    jb_json_path_push_index(r, i);
    JsonObject *obj = jb_json_read_object(r, json_array_get_element(array, i),
                                          "an object {\"title\", \"paragraphs\"}", &ok);
    if (!ok)
      return FALSE;
    if (!obj)
      return jb_json_read_fail(r, "an object {\"title\", \"paragraphs\"}");
    JbArticle *article = jb_article_new();
    g_ptr_array_add(issue->articles, article);
    if (!jb_json_read_strings(r, obj, "title", article->title) ||
        !jb_json_read_strings(r, obj, "paragraphs", article->paragraphs))
      return FALSE;
    jb_json_path_pop(r);
  }
  jb_json_path_pop(r);
  return TRUE;
}

/* The canonical label of @text, without the colon it may carry as printed ("报："), or
 * NULL when it breaks the rule of jb_issue_label_is_valid (the Markdown writer could not
 * write it back). */
static char *
jb_json_label(const char *text)
{
  g_autofree char *label = jb_issue_text_canonicalize(text);
  if (g_str_has_suffix(label, "："))
    label[strlen(label) - strlen("：")] = '\0';
  else if (g_str_has_suffix(label, ":"))
    label[strlen(label) - 1] = '\0';
  char *bare = jb_issue_text_canonicalize(label); /* "a :" leaves a space behind */
  if (!jb_issue_label_is_valid(bare, -1))
    return g_free(bare), NULL;
  return bare;
}

static gboolean
jb_json_read_distribution(JbJsonRead *r, JsonObject *root, JbIssue *issue)
{
  JsonNode *node = json_object_get_member(root, "distribution");
  if (jb_json_is_null(node))
    return TRUE;
  jb_json_path_push_key(r, "distribution");
  if (!JSON_NODE_HOLDS_ARRAY(node))
    return jb_json_read_fail(r, "an array of {\"label\", \"recipients\"} objects");
  JsonArray *array = json_node_get_array(node);
  for (guint i = 0; i < json_array_get_length(array); i++) {
    gboolean ok;
    jb_json_path_push_index(r, i);
    JsonObject *obj = jb_json_read_object(r, json_array_get_element(array, i),
                                          "an object {\"label\", \"recipients\"}", &ok);
    if (!ok)
      return FALSE;
    if (!obj)
      return jb_json_read_fail(r, "an object {\"label\", \"recipients\"}");
    JsonNode *label = json_object_get_member(obj, "label");
    if (!label || !jb_json_is_string(label)) {
      jb_json_path_push_key(r, "label");
      return jb_json_read_fail(r, "a string");
    }
    g_autofree char *name = jb_json_label(json_node_get_string(label));
    if (!name) {
      jb_json_path_push_key(r, "label");
      return jb_json_read_fail(r, "a label of 1 to 8 characters without \"，\" or a colon "
                                  "inside (such as \"报\" or \"抄送\")");
    }
    JbDistribution *block = jb_distribution_new(name);
    g_ptr_array_add(issue->distribution, block);
    if (!jb_json_read_strings(r, obj, "recipients", block->recipients))
      return FALSE;
    jb_json_path_pop(r);
  }
  jb_json_path_pop(r);
  return TRUE;
}

static gboolean
jb_json_read_format(JbJsonRead *r, JsonObject *root)
{
  JsonNode *node = json_object_get_member(root, "format");
  if (!node)
    return TRUE;
  jb_json_path_push_key(r, "format");
  if (!jb_json_is_string(node) || strcmp(json_node_get_string(node), JB_ISSUE_FORMAT_NAME))
    return jb_json_read_fail(r, "\"" JB_ISSUE_FORMAT_NAME "\"");
  jb_json_path_pop(r);
  return TRUE;
}

static const char *const jb_json_known_keys[] = { "format", "masthead",     "issue",
                                                  "editor", "date",         "articles",
                                                  "briefs", "distribution", NULL };

/* Fails for an unknown member that the Markdown front matter could not hold. */
static gboolean
jb_json_read_extra_fail(JbJsonRead *r, const char *name)
{
  jb_json_path_push_key(r, name);
  g_autofree char *message =
      g_str_equal(name, "year") || g_str_equal(name, "number") || g_str_equal(name, "total")
          ? g_strdup_printf("\"%s\" belongs in \"issue\": {\"year\", \"number\", \"total\"}", name)
          : g_strdup_printf("\"%s\": the name of an unknown member must be an identifier "
                            "(ASCII letters, digits, \"_\" and \"-\", starting with a letter or "
                            "\"_\") so that Markdown can keep it",
                            name);
  return jb_json_read_fail_message(r, message);
}

/* Keeps the members this version does not know, so that writing gives them back. */
static gboolean
jb_json_read_extra(JbJsonRead *r, JsonObject *root, JbIssue *issue)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  json_object_iter_init_ordered(&iter, root);
  while (json_object_iter_next_ordered(&iter, &name, &node)) {
    if (g_strv_contains(jb_json_known_keys, name))
      continue;
    if (!jb_issue_extra_key_is_valid(name))
      return jb_json_read_extra_fail(r, name);
    if (!issue->extra)
      issue->extra = json_object_new();
    json_object_set_member(issue->extra, name, json_node_copy(node));
  }
  return TRUE;
}

static JbIssue *
jb_json_read_root(JbJsonRead *r, JsonNode *node)
{
  if (!node || !JSON_NODE_HOLDS_OBJECT(node)) {
    jb_json_read_fail(r, "an object");
    return NULL;
  }
  JsonObject *root = json_node_get_object(node);
  g_autoptr(JbIssue) issue = jb_issue_new();
  if (!jb_json_read_format(r, root) ||
      !jb_json_read_strings(r, root, "masthead", issue->masthead) ||
      !jb_json_read_issue_numbers(r, root, issue) ||
      !jb_json_read_string(r, root, "editor", &issue->editor) ||
      !jb_json_read_date(r, root, issue) || !jb_json_read_articles(r, root, issue) ||
      !jb_json_read_strings(r, root, "briefs", issue->briefs) ||
      !jb_json_read_distribution(r, root, issue) || !jb_json_read_extra(r, root, issue))
    return NULL;
  jb_issue_canonicalize(issue);
  return g_steal_pointer(&issue);
}

static JbIssue *
jb_json_from_node(JsonNode *node, const char *filename, GError **error)
{
  JbJsonRead r = { .filename = filename, .error = error };
  return jb_json_read_root(&r, node);
}

static JbIssue *
jb_json_from_data(const char *data, gssize length, const char *filename, GError **error)
{
  g_return_val_if_fail(data != NULL, NULL);
  gsize len = length < 0 ? strlen(data) : (gsize)length;
  if (!jb_issue_check_input(&data, &len, filename, error) ||
      !jb_issue_json_scan(data, len, filename, error))
    return NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) local = NULL;
  if (!json_parser_load_from_data(parser, data, (gssize)len, &local)) {
    /* The scanner accepts only what json-glib accepts, so this is not expected; keep
     * json-glib's own position, which names the input as "<data>". */
    g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_FORMAT, "%s: %s",
                jb_issue_display_name(filename), local->message);
    return NULL;
  }
  JbJsonRead r = { .filename = filename, .data = data, .length = len, .error = error };
  return jb_json_read_root(&r, json_parser_get_root(parser));
}

/* ---- Writing ---- */

static JsonNode *
jb_json_strings_node(const GPtrArray *strings)
{
  JsonArray *array = json_array_sized_new(strings->len);
  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element(array, g_ptr_array_index(strings, i));
  JsonNode *node = json_node_new(JSON_NODE_ARRAY);
  json_node_take_array(node, array);
  return node;
}

static void
jb_json_set_int_or_null(JsonObject *obj, const char *key, int value)
{
  if (value == JB_ISSUE_UNSET)
    json_object_set_null_member(obj, key);
  else
    json_object_set_int_member(obj, key, value);
}

static void
jb_json_set_string_or_null(JsonObject *obj, const char *key, const char *value)
{
  if (value)
    json_object_set_string_member(obj, key, value);
  else
    json_object_set_null_member(obj, key);
}

static JsonNode *
jb_json_articles_node(const JbIssue *issue)
{
  JsonArray *array = json_array_sized_new(issue->articles->len);
  for (guint i = 0; i < issue->articles->len; i++) {
    const JbArticle *article = g_ptr_array_index(issue->articles, i);
    JsonObject *obj = json_object_new();
    json_object_set_member(obj, "title", jb_json_strings_node(article->title));
    json_object_set_member(obj, "paragraphs", jb_json_strings_node(article->paragraphs));
    json_array_add_object_element(array, obj);
  }
  JsonNode *node = json_node_new(JSON_NODE_ARRAY);
  json_node_take_array(node, array);
  return node;
}

static JsonNode *
jb_json_distribution_node(const JbIssue *issue)
{
  JsonArray *array = json_array_sized_new(issue->distribution->len);
  for (guint i = 0; i < issue->distribution->len; i++) {
    const JbDistribution *block = g_ptr_array_index(issue->distribution, i);
    JsonObject *obj = json_object_new();
    json_object_set_string_member(obj, "label", block->label);
    json_object_set_member(obj, "recipients", jb_json_strings_node(block->recipients));
    json_array_add_object_element(array, obj);
  }
  JsonNode *node = json_node_new(JSON_NODE_ARRAY);
  json_node_take_array(node, array);
  return node;
}

/* Adds an extra to the root object, unless it would overwrite one of the format's members. */
static void
jb_json_add_extra(const char *name, JsonNode *node, gpointer data)
{
  JsonObject *root = data;
  if (!json_object_has_member(root, name))
    json_object_set_member(root, name, json_node_copy(node));
}

/* Calls @func for each extra (unknown) member of @issue, in the order read. */
static void
jb_json_extra_foreach(const JbIssue *issue, void (*func)(const char *, JsonNode *, gpointer),
                      gpointer data)
{
  if (!issue->extra)
    return;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  json_object_iter_init_ordered(&iter, issue->extra);
  while (json_object_iter_next_ordered(&iter, &name, &node))
    func(name, node, data);
}

static JsonNode *
jb_json_to_node(const JbIssue *issue)
{
  g_return_val_if_fail(issue != NULL, NULL);
  JsonObject *root = json_object_new();
  json_object_set_string_member(root, "format", JB_ISSUE_FORMAT_NAME);
  json_object_set_member(root, "masthead", jb_json_strings_node(issue->masthead));
  JsonObject *numbers = json_object_new();
  jb_json_set_int_or_null(numbers, "year", issue->year);
  jb_json_set_int_or_null(numbers, "number", issue->number);
  jb_json_set_int_or_null(numbers, "total", issue->total);
  json_object_set_object_member(root, "issue", numbers);
  jb_json_set_string_or_null(root, "editor", issue->editor);
  jb_json_set_string_or_null(root, "date", issue->date);
  json_object_set_member(root, "articles", jb_json_articles_node(issue));
  json_object_set_member(root, "briefs", jb_json_strings_node(issue->briefs));
  json_object_set_member(root, "distribution", jb_json_distribution_node(issue));
  jb_json_extra_foreach(issue, jb_json_add_extra, root);
  JsonNode *node = json_node_new(JSON_NODE_OBJECT);
  json_node_take_object(node, root);
  return node;
}

static void
jb_json_write_scalar(GString *out, JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL(node)) {
    g_string_append(out, "null");
    return;
  }
  GType type = json_node_get_value_type(node);
  if (type == G_TYPE_STRING) {
    jb_issue_json_write_string(out, json_node_get_string(node));
  } else if (type == G_TYPE_INT64) {
    g_string_append_printf(out, "%" G_GINT64_FORMAT, json_node_get_int(node));
  } else if (type == G_TYPE_BOOLEAN) {
    g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
  } else {
    double value = json_node_get_double(node);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    /* JSON has no infinity (json-glib reads 1e999 as one); null is the honest value. */
    g_string_append(out, isfinite(value) ? g_ascii_dtostr(buf, sizeof buf, value) : "null");
  }
}

/* Whether every member of @obj is a scalar: such objects go on one line. */
static gboolean
jb_json_object_is_flat(JsonObject *obj)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  json_object_iter_init_ordered(&iter, obj);
  while (json_object_iter_next_ordered(&iter, &name, &node))
    if (JSON_NODE_HOLDS_OBJECT(node) || JSON_NODE_HOLDS_ARRAY(node))
      return FALSE;
  return TRUE;
}

static void jb_json_write_node(GString *out, JsonNode *node, int indent);

static void
jb_json_write_object(GString *out, JsonObject *obj, int indent)
{
  if (json_object_get_size(obj) == 0) {
    g_string_append(out, "{}");
    return;
  }
  gboolean flat = indent > 0 && jb_json_object_is_flat(obj);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean first = TRUE;
  g_string_append_c(out, '{');
  json_object_iter_init_ordered(&iter, obj);
  while (json_object_iter_next_ordered(&iter, &name, &node)) {
    g_string_append(out, first ? "" : ",");
    if (flat)
      g_string_append(out, first ? "" : " ");
    else
      g_string_append_printf(out, "\n%*s", indent + 2, "");
    jb_issue_json_write_string(out, name);
    g_string_append(out, ": ");
    jb_json_write_node(out, node, indent + 2);
    first = FALSE;
  }
  if (!flat)
    g_string_append_printf(out, "\n%*s", indent, "");
  g_string_append_c(out, '}');
}

static void
jb_json_write_array(GString *out, JsonArray *array, int indent)
{
  guint n = json_array_get_length(array);
  if (n == 0) {
    g_string_append(out, "[]");
    return;
  }
  g_string_append_c(out, '[');
  for (guint i = 0; i < n; i++) {
    g_string_append_printf(out, "%s\n%*s", i ? "," : "", indent + 2, "");
    jb_json_write_node(out, json_array_get_element(array, i), indent + 2);
  }
  g_string_append_printf(out, "\n%*s]", indent, "");
}

static void
jb_json_write_node(GString *out, JsonNode *node, int indent)
{
  if (JSON_NODE_HOLDS_OBJECT(node))
    jb_json_write_object(out, json_node_get_object(node), indent);
  else if (JSON_NODE_HOLDS_ARRAY(node))
    jb_json_write_array(out, json_node_get_array(node), indent);
  else
    jb_json_write_scalar(out, node);
}

static char *
jb_json_to_data(const JbIssue *issue, gsize *length)
{
  g_return_val_if_fail(issue != NULL, NULL);
  g_autoptr(JsonNode) root = jb_json_to_node(issue);
  GString *out = g_string_new(NULL);
  jb_json_write_node(out, root, 0);
  g_string_append_c(out, '\n');
  if (length)
    *length = out->len;
  return g_string_free(out, FALSE);
}

/* ---- Extras and the front matter's JSON ---- */

static void
jb_json_extra_free(JsonObject *extra)
{
  json_object_unref(extra);
}

static void
jb_json_extra_copy_member(const char *name, JsonNode *node, gpointer data)
{
  json_object_set_member(data, name, json_node_copy(node));
}

static JsonObject *
jb_json_extra_copy(JsonObject *extra)
{
  JbIssue holder = { .extra = extra };
  JsonObject *copy = json_object_new();
  jb_json_extra_foreach(&holder, jb_json_extra_copy_member, copy);
  return copy;
}

/* Extras compare as JSON values; a missing object equals an empty one. Member order is
 * not compared: it is not data. */
static gboolean
jb_json_extra_equal(JsonObject *a, JsonObject *b)
{
  guint na = a ? json_object_get_size(a) : 0;
  guint nb = b ? json_object_get_size(b) : 0;
  if (na == 0 || nb == 0)
    return na == nb;
  return json_object_equal(a, b);
}

static char *
jb_json_unquote(const char *value)
{
  g_autoptr(JsonNode) node = json_from_string(value, NULL);
  if (node && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING)
    return g_strdup(json_node_get_string(node));
  return NULL;
}

/* An unknown key's value: JSON when it reads as JSON (42, true, [], "text"), else text. */
static JsonNode *
jb_json_front_value(const char *value)
{
  if (*value && jb_issue_json_scan(value, strlen(value), NULL, NULL)) {
    JsonNode *node = json_from_string(value, NULL);
    if (node)
      return node;
  }
  JsonNode *node = json_node_new(JSON_NODE_VALUE);
  json_node_set_string(node, value);
  return node;
}

static void
jb_json_set_extra_node(JbIssue *issue, const char *key, JsonNode *node)
{
  if (!issue->extra)
    issue->extra = json_object_new();
  json_object_set_member(issue->extra, key, node);
}

static void
jb_json_set_extra(JbIssue *issue, const char *key, const char *value)
{
  jb_json_set_extra_node(issue, key, jb_json_front_value(value));
}

static void
jb_json_set_extra_list(JbIssue *issue, const char *key, const GPtrArray *items)
{
  if (items == NULL || items->len == 0) {
    jb_json_set_extra_node(issue, key, json_node_new(JSON_NODE_NULL));
    return;
  }
  JsonArray *array = json_array_new();
  for (guint i = 0; i < items->len; i++)
    json_array_add_string_element(array, g_ptr_array_index(items, i));
  JsonNode *node = json_node_new(JSON_NODE_ARRAY);
  json_node_take_array(node, array);
  jb_json_set_extra_node(issue, key, node);
}

/* Whether text can be written bare and read back as the same string: one line, no
 * surrounding spaces, and not something that reads as JSON (42, true, "…"). */
static gboolean
jb_json_front_is_plain(const char *text)
{
  gsize n = strlen(text);
  if (n == 0 || g_ascii_isspace(text[0]) || g_ascii_isspace(text[n - 1]) || strpbrk(text, "\n\r\t"))
    return FALSE;
  g_autoptr(JsonNode) probe = jb_json_front_value(text);
  return JSON_NODE_HOLDS_VALUE(probe) && json_node_get_value_type(probe) == G_TYPE_STRING &&
         strcmp(json_node_get_string(probe), text) == 0 && text[0] != '"';
}

/* Writes one unknown key back; a key the reader could not read is left out. */
static void
jb_json_front_write_extra(const char *key, JsonNode *node, gpointer data)
{
  GString *out = data;
  if (!jb_issue_extra_key_is_valid(key))
    return;
  g_string_append_printf(out, "%s: ", key);
  if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING &&
      jb_json_front_is_plain(json_node_get_string(node))) {
    g_string_append(out, json_node_get_string(node));
  } else {
    g_autofree char *json = json_to_string(node, FALSE);
    g_string_append(out, json);
  }
  g_string_append_c(out, '\n');
}

static void
jb_json_write_extras(const JbIssue *issue, GString *out)
{
  jb_json_extra_foreach(issue, jb_json_front_write_extra, out);
}

const JbIssueJsonSupport jb_issue_json_builtin = {
  .from_data = jb_json_from_data,
  .from_node = jb_json_from_node,
  .to_data = jb_json_to_data,
  .to_node = jb_json_to_node,
  .extra_free = jb_json_extra_free,
  .extra_copy = jb_json_extra_copy,
  .extra_equal = jb_json_extra_equal,
  .unquote = jb_json_unquote,
  .set_extra = jb_json_set_extra,
  .set_extra_list = jb_json_set_extra_list,
  .write_extras = jb_json_write_extras,
};

/* This file's side of jb_issue_json(): the support is built in, nothing to load. */
const JbIssueJsonSupport *
jb_issue_json(GError **error)
{
  (void)error;
  return &jb_issue_json_builtin;
}

void
jb_issue_set_json_loader(JbIssueJsonLoader loader)
{
  (void)loader; /* built in: never needed */
}

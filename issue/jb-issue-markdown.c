// SPDX-License-Identifier: MIT
//
// The Markdown authoring format (docs/format.md): the body is CommonMark, parsed with
// libcmark, and read block by block into articles, briefs (## 简讯) and the distribution
// block (## 版记); the front matter is read first by jb-issue-front-matter.c. The writer
// produces the canonical form and escapes what CommonMark would otherwise read as markup,
// so that writing and reading back gives the same issue.
#include <string.h>

#include <cmark.h>

#include "jb-issue-private.h"

typedef enum {
  JB_MD_START,
  JB_MD_ARTICLE,
  JB_MD_BRIEFS,
  JB_MD_DISTRIBUTION,
} JbMdSection;

typedef struct {
  const char *filename;
  const char *data; /* the whole file, for positions */
  gsize length;
  gsize body_offset; /* where the text given to cmark starts */
  GError **error;
  JbIssue *issue;
  JbMdSection section;
  JbArticle *article;    /* (unowned): the article being read */
  gboolean title_open;   /* a `#` line now adds a line to the current title */
  JbDistribution *block; /* (unowned): the 版记 block being read */
  gboolean join_next;    /* the next 版记 line continues the last recipient */
} JbMdRead;

/* Byte offset in the file of @line (1-based in the body) and byte @column. */
static gsize
jb_md_offset(JbMdRead *r, int line, int column)
{
  gsize pos = r->body_offset;
  for (int l = 1; l < line && pos < r->length; pos++)
    if (r->data[pos] == '\n')
      l++;
  return MIN(pos + (gsize)MAX(column - 1, 0), r->length);
}

static gboolean
jb_md_fail(JbMdRead *r, cmark_node *node, const char *format, const char *arg)
{
  gsize offset =
      jb_md_offset(r, cmark_node_get_start_line(node), cmark_node_get_start_column(node));
  jb_issue_set_error_at(r->error, JB_ISSUE_ERROR_FORMAT, r->filename, r->data, r->length, offset,
                        format, arg);
  return FALSE;
}

/* The plain text of @node's inline content, one string per source line: soft and hard
 * breaks (and the start of each further block inside @node) begin a new line. Markup is
 * dropped and only literal text kept. Iterative, so deep nesting cannot exhaust the stack. */
static GPtrArray *
jb_md_lines(cmark_node *node)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  GString *line = g_string_new(NULL);
  cmark_iter *iter = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node *cur = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(cur);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    gboolean is_break =
        type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
        (cur != node && type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK);
    if (is_break && line->len > 0) {
      g_ptr_array_add(lines, g_string_free(line, FALSE));
      line = g_string_new(NULL);
    }
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE ||
        type == CMARK_NODE_CODE_BLOCK)
      g_string_append(line, cmark_node_get_literal(cur));
  }
  cmark_iter_free(iter);
  if (line->len > 0)
    g_ptr_array_add(lines, g_string_free(line, FALSE));
  else
    g_string_free(line, TRUE);
  return lines;
}

/* The canonical text of @node: its lines joined by a space, which canonicalisation
 * removes again between Chinese characters and keeps between Latin words. */
static char *
jb_md_text(cmark_node *node)
{
  g_autoptr(GPtrArray) lines = jb_md_lines(node);
  g_ptr_array_add(lines, NULL);
  g_autofree char *joined = g_strjoinv(" ", (char **)lines->pdata);
  return jb_issue_text_canonicalize(joined);
}

/* Adds @text (canonical, owned) to @list unless it is empty: an empty string has no
 * printed form. The reader canonicalises each string once, where it is made, so the issue
 * it returns needs no jb_issue_canonicalize() pass. */
static void
jb_md_add_text(GPtrArray *list, char *text)
{
  if (*text)
    g_ptr_array_add(list, text);
  else
    g_free(text);
}

static void
jb_md_add_title_lines(JbMdRead *r, cmark_node *heading)
{
  g_autoptr(GPtrArray) lines = jb_md_lines(heading);
  for (guint i = 0; i < lines->len; i++)
    jb_md_add_text(r->article->title, jb_issue_text_canonicalize(g_ptr_array_index(lines, i)));
}

static gboolean
jb_md_heading(JbMdRead *r, cmark_node *node)
{
  int level = cmark_node_get_heading_level(node);
  if (level == 1) {
    if (!(r->section == JB_MD_ARTICLE && r->title_open)) {
      r->article = jb_article_new();
      g_ptr_array_add(r->issue->articles, r->article);
    }
    jb_md_add_title_lines(r, node);
    r->section = JB_MD_ARTICLE;
    r->title_open = TRUE;
    return TRUE;
  }
  if (level > 2)
    return jb_md_fail(r, node,
                      "a level-%s heading is not part of the format (\"#\" is a title line, "
                      "\"##\" a section: 简讯 or 版记)",
                      level == 3   ? "3"
                      : level == 4 ? "4"
                      : level == 5 ? "5"
                                   : "6");
  g_autofree char *name = jb_md_text(node);
  if (g_str_has_suffix(name, "："))
    name[strlen(name) - strlen("：")] = '\0';
  r->title_open = FALSE;
  if (strcmp(name, "简讯") == 0) {
    r->section = JB_MD_BRIEFS;
  } else if (strcmp(name, "版记") == 0) {
    r->section = JB_MD_DISTRIBUTION;
    r->block = NULL;
  } else {
    return jb_md_fail(r, node, "unknown section \"%s\" (expected \"## 简讯\" or \"## 版记\")",
                      name);
  }
  return TRUE;
}

/* A brief written as a paragraph may carry its printed number ("1." "2、"); drop it,
 * but not the start of a figure such as "1.5亿". @text is canonical and so is the result. */
static char *
jb_md_strip_brief_number(char *text)
{
  const char *p = text;
  while (g_ascii_isdigit(*p) && p - text < 3)
    p++;
  if (p == text)
    return text;
  const char *marks[] = { ".", "、", "．", NULL };
  for (int i = 0; marks[i]; i++)
    if (g_str_has_prefix(p, marks[i]) && !g_ascii_isdigit(p[strlen(marks[i])])) {
      char *rest = jb_issue_text_canonicalize(p + strlen(marks[i])); /* "1. a": no leading space */
      g_free(text);
      return rest;
    }
  return text;
}

/* Adds the recipients in @text (canonical), split at "，"; the first one joins the last
 * recipient when the previous line did not end with a separator (a name wrapped in the
 * editor). A part of canonical text cut at "，" or a colon is canonical once the space a
 * Latin word may leave at either end is trimmed. */
static void
jb_md_add_recipients(JbMdRead *r, const char *text)
{
  g_auto(GStrv) parts = g_strsplit(text, "，", -1);
  GPtrArray *list = r->block->recipients;
  for (guint i = 0; parts[i]; i++) {
    char *part = g_strstrip(parts[i]);
    if (!*part)
      continue;
    if (i == 0 && r->join_next && list->len > 0) {
      char *last = g_ptr_array_index(list, list->len - 1);
      g_autofree char *joined = g_strconcat(last, " ", part, NULL);
      list->pdata[list->len - 1] = jb_issue_text_canonicalize(joined);
      g_free(last);
    } else {
      g_ptr_array_add(list, g_strdup(part));
    }
  }
  r->join_next = *text && !g_str_has_suffix(text, "，");
}

gboolean
jb_issue_label_is_valid(const char *label, gssize length)
{
  gsize n = length < 0 ? strlen(label) : (gsize)length;
  if (n == 0 || g_utf8_strlen(label, (gssize)n) > 8)
    return FALSE;
  g_autofree char *name = g_strndup(label, n);
  return !strstr(name, "，") && !strstr(name, "：") && !strchr(name, ':');
}

/* Splits "报：A，B" into label and rest; FALSE when @line does not start with a label. */
static gboolean
jb_md_split_label(const char *line, char **label, const char **rest)
{
  const char *wide = strstr(line, "：");
  const char *ascii = strchr(line, ':');
  const char *colon = wide && (!ascii || wide < ascii) ? wide : ascii;
  if (!colon || !jb_issue_label_is_valid(line, colon - line))
    return FALSE;
  g_autofree char *name = g_strndup(line, (gsize)(colon - line));
  *label = jb_issue_text_canonicalize(name); /* "a b :" leaves a space behind */
  *rest = colon + (colon == wide ? strlen("：") : 1);
  return TRUE;
}

/* A paragraph under ## 版记: label lines ("送：A，B"), their continuations, or a lone
 * label whose recipients follow as a list. */
static gboolean
jb_md_distribution_paragraph(JbMdRead *r, cmark_node *node)
{
  g_autoptr(GPtrArray) lines = jb_md_lines(node);
  for (guint i = 0; i < lines->len; i++) {
    g_autofree char *line = jb_issue_text_canonicalize(g_ptr_array_index(lines, i));
    g_autofree char *label = NULL;
    const char *rest = NULL;
    if (jb_md_split_label(line, &label, &rest)) {
      r->block = jb_distribution_new(label);
      g_ptr_array_add(r->issue->distribution, r->block);
      r->join_next = FALSE;
      jb_md_add_recipients(r, rest);
    } else if (r->block) {
      jb_md_add_recipients(r, line);
    } else {
      return jb_md_fail(r, node, "expected a label such as \"报：\" at the start of %s",
                        "the 版记 block");
    }
  }
  return TRUE;
}

static gboolean
jb_md_paragraph_text(JbMdRead *r, cmark_node *node, char *text)
{
  switch (r->section) {
  case JB_MD_START:
    g_free(text);
    return jb_md_fail(r, node, "text before the first title (a title line starts with %s)",
                      "\"# \"");
  case JB_MD_ARTICLE:
    jb_md_add_text(r->article->paragraphs, text);
    r->title_open = FALSE;
    return TRUE;
  case JB_MD_BRIEFS:
    jb_md_add_text(r->issue->briefs, jb_md_strip_brief_number(text));
    return TRUE;
  case JB_MD_DISTRIBUTION:
  default:
    g_free(text);
    return jb_md_distribution_paragraph(r, node);
  }
}

/* An indented code block is most likely paragraphs indented by habit (two characters'
 * indent is how Chinese paragraphs start); read each of its blank-line-separated parts
 * as a paragraph. */
static gboolean
jb_md_code_block(JbMdRead *r, cmark_node *node)
{
  if (cmark_node_get_fence_info(node) && cmark_node_get_fence_info(node)[0] != '\0')
    return jb_md_fail(r, node, "a fenced code block is not part of the format%s", "");
  g_auto(GStrv) parts = g_regex_split_simple("\\n[ \\t]*\\n", cmark_node_get_literal(node), 0, 0);
  for (guint i = 0; parts[i]; i++) {
    char *text = jb_issue_text_canonicalize(parts[i]);
    if (!*text) {
      g_free(text);
      continue;
    }
    if (r->section == JB_MD_DISTRIBUTION) {
      g_free(text);
      return jb_md_fail(r, node, "indented text under %s: write 版记 lines flush left", "## 版记");
    }
    if (!jb_md_paragraph_text(r, node, text))
      return FALSE;
  }
  return TRUE;
}

static gboolean
jb_md_list(JbMdRead *r, cmark_node *node)
{
  if (r->section == JB_MD_DISTRIBUTION && !r->block)
    return jb_md_fail(r, node, "a list under ## 版记 needs a label line such as %s before it",
                      "\"报：\"");
  if (r->section != JB_MD_DISTRIBUTION && r->section != JB_MD_BRIEFS)
    return jb_md_fail(r, node,
                      "lists are read only under ## 简讯 and ## 版记 (write %s to start a "
                      "paragraph with a number)",
                      "1\\.");
  for (cmark_node *item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
    jb_md_add_text(r->section == JB_MD_BRIEFS ? r->issue->briefs : r->block->recipients,
                   jb_md_text(item));
  }
  r->join_next = FALSE;
  return TRUE;
}

static gboolean
jb_md_html_block(JbMdRead *r, cmark_node *node)
{
  const char *html = cmark_node_get_literal(node);
  while (*html == ' ')
    html++;
  if (!g_str_has_prefix(html, "<!--"))
    return jb_md_fail(r, node, "HTML is not part of the format (write %s for a literal <)", "\\<");
  r->title_open = FALSE; /* the separator after an article with no paragraphs */
  return TRUE;
}

static gboolean
jb_md_block(JbMdRead *r, cmark_node *node)
{
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_HEADING:
    return jb_md_heading(r, node);
  case CMARK_NODE_PARAGRAPH:
    return jb_md_paragraph_text(r, node, jb_md_text(node));
  case CMARK_NODE_LIST:
    return jb_md_list(r, node);
  case CMARK_NODE_HTML_BLOCK:
    return jb_md_html_block(r, node);
  case CMARK_NODE_CODE_BLOCK:
    return jb_md_code_block(r, node);
  case CMARK_NODE_THEMATIC_BREAK:
    r->title_open = FALSE;
    return TRUE;
  case CMARK_NODE_BLOCK_QUOTE:
    return jb_md_fail(r, node, "a block quote (\">\") is not part of the format%s", "");
  default:
    return jb_md_fail(r, node, "unexpected block%s", "");
  }
}

/* LIMIT error past JB_ISSUE_MAX_LINES lines, at the first line over. */
static gboolean
jb_md_check_lines(const char *data, gsize length, const char *filename, GError **error)
{
  int lines = 1;
  for (const char *p = data; (p = memchr(p, '\n', length - (gsize)(p - data))); p++) {
    if (++lines > JB_ISSUE_MAX_LINES && (gsize)(p - data) + 1 < length) {
      jb_issue_set_error_at(error, JB_ISSUE_ERROR_LIMIT, filename, data, length,
                            (gsize)(p - data) + 1, "more than %d lines", JB_ISSUE_MAX_LINES);
      return FALSE;
    }
  }
  return TRUE;
}

JbIssue *
jb_issue_from_markdown_data(const char *data, gssize length, const char *filename, GError **error)
{
  g_return_val_if_fail(data != NULL, NULL);
  gsize len = length < 0 ? strlen(data) : (gsize)length;
  if (!jb_issue_check_input(&data, &len, filename, error) ||
      !jb_md_check_lines(data, len, filename, error))
    return NULL;
  g_autoptr(JbIssue) issue = jb_issue_new();
  JbMdRead r = {
    .filename = filename, .data = data, .length = len, .error = error, .issue = issue
  };
  if (!jb_issue_front_matter_read(issue, data, len, filename, &r.body_offset, error))
    return NULL;
  cmark_node *doc =
      cmark_parse_document(data + r.body_offset, len - r.body_offset, CMARK_OPT_DEFAULT);
  gboolean ok = TRUE;
  for (cmark_node *node = cmark_node_first_child(doc); node && ok; node = cmark_node_next(node))
    ok = jb_md_block(&r, node);
  cmark_node_free(doc);
  return ok ? g_steal_pointer(&issue) : NULL;
}

/* ---- Writing ---- */

/* Appends @text with a backslash before what CommonMark would read as markup. At the start
 * of a line also before block markers (# > - + = ~) and after a leading number (1. 1)).
 * In a @heading, every # is escaped (a trailing run would close the heading). */
static void
jb_md_escape(GString *out, const char *text, gboolean line_start, gboolean heading)
{
  const char *p = text;
  if (line_start) {
    if (strchr("#>-+=~", *p) && *p) {
      g_string_append_c(out, '\\');
    } else {
      gsize digits = strspn(p, "0123456789");
      /* An ordered-list marker needs a space or the line's end after it: "2024.3" stays. */
      if (digits > 0 && digits <= 9 && (p[digits] == '.' || p[digits] == ')') &&
          (p[digits + 1] == ' ' || p[digits + 1] == '\0')) {
        g_string_append_len(out, p, (gssize)digits);
        g_string_append_c(out, '\\');
        p += digits;
      }
    }
  }
  for (; *p; p++) {
    if (strchr("\\`*_[]<&", *p) || (heading && *p == '#'))
      g_string_append_c(out, '\\');
    g_string_append_c(out, *p);
  }
}

static void
jb_md_write_articles(const JbIssue *issue, GString *out)
{
  for (guint i = 0; i < issue->articles->len; i++) {
    const JbArticle *article = g_ptr_array_index(issue->articles, i);
    g_string_append_c(out, '\n');
    if (article->title->len == 0)
      g_string_append(out, "#\n");
    for (guint j = 0; j < article->title->len; j++) {
      g_string_append(out, "# ");
      jb_md_escape(out, g_ptr_array_index(article->title, j), FALSE, TRUE);
      g_string_append_c(out, '\n');
    }
    for (guint j = 0; j < article->paragraphs->len; j++) {
      g_string_append_c(out, '\n');
      jb_md_escape(out, g_ptr_array_index(article->paragraphs, j), TRUE, FALSE);
      g_string_append_c(out, '\n');
    }
    if (article->paragraphs->len == 0)
      g_string_append(out, "\n<!-- -->\n");
  }
}

/* The list form is used when the inline form would be long or could not be split back
 * (a recipient containing "，"). */
static gboolean
jb_md_distribution_wants_list(const JbDistribution *block)
{
  if (block->recipients->len > 3)
    return TRUE;
  for (guint i = 0; i < block->recipients->len; i++)
    if (strstr(g_ptr_array_index(block->recipients, i), "，"))
      return TRUE;
  return FALSE;
}

static void
jb_md_write_distribution(const JbIssue *issue, GString *out)
{
  g_string_append(out, "\n## 版记\n");
  for (guint i = 0; i < issue->distribution->len; i++) {
    const JbDistribution *block = g_ptr_array_index(issue->distribution, i);
    gboolean list = jb_md_distribution_wants_list(block);
    g_string_append_c(out, '\n');
    jb_md_escape(out, block->label, TRUE, FALSE);
    g_string_append(out, "：");
    for (guint j = 0; j < block->recipients->len; j++) {
      const char *name = g_ptr_array_index(block->recipients, j);
      g_string_append(out, list ? "\n- " : j > 0 ? "，" : "");
      jb_md_escape(out, name, list, FALSE);
    }
    g_string_append_c(out, '\n');
  }
}

char *
jb_issue_to_markdown_data(const JbIssue *issue, gsize *length)
{
  g_return_val_if_fail(issue != NULL, NULL);
  GString *out = g_string_new(NULL);
  jb_issue_front_matter_write(issue, out);
  jb_md_write_articles(issue, out);
  if (issue->briefs->len > 0) {
    g_string_append(out, "\n## 简讯\n\n");
    for (guint i = 0; i < issue->briefs->len; i++) {
      g_string_append_printf(out, "%u. ", i + 1);
      jb_md_escape(out, g_ptr_array_index(issue->briefs, i), TRUE, FALSE);
      g_string_append_c(out, '\n');
    }
  }
  if (issue->distribution->len > 0)
    jb_md_write_distribution(issue, out);
  if (length)
    *length = out->len;
  return g_string_free(out, FALSE);
}

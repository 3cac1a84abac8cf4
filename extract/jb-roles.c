// SPDX-License-Identifier: MIT
// Stage 4 of extraction: every line gets a role. The head of page 1 (masthead, issue
// line, editor and date) is found by its words and its look (red or large type); the
// 版记 by its labels at the end; titles by size or weight and centring; everything else is
// paragraph text, and the frame's indent, right edge and line pitch decide where a new
// paragraph or 简讯 item starts.
#include <math.h>
#include <string.h>

#include "extract-private.h"

const char *
jb_extract_role_name(JbRole role)
{
  static const char *const names[] = { "none",         "masthead",    "issue",        "editor/date",
                                       "title",        "paragraph",   "briefs",       "brief",
                                       "distribution", "page-number", "running-head", "ignored" };
  return (guint)role < G_N_ELEMENTS(names) ? names[role] : "?";
}

/* The text without any whitespace (for matching words such as 简讯 or 报：). */
static char *
jb_extract_roles_squeeze(const char *text)
{
  GString *s = g_string_new(NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (!g_unichar_isspace(ch) && ch != 0x3000)
      g_string_append_unichar(s, ch);
  }
  return g_string_free(s, FALSE);
}

/* TRUE when @text starts with a 版记 label (报：送：发：抄送：…); @label gets the label
 * (transfer full) and @rest points after the colon. */
gboolean
jb_extract_is_distribution_label(const char *text, char **label, const char **rest)
{
  static const char *const labels[] = { "抄送", "抄报", "主送", "报", "送", "发" };
  while (g_unichar_isspace(g_utf8_get_char(text)) || g_utf8_get_char(text) == 0x3000)
    text = g_utf8_next_char(text);
  for (gsize i = 0; i < G_N_ELEMENTS(labels); i++) {
    gsize n = strlen(labels[i]);
    if (strncmp(text, labels[i], n) != 0)
      continue;
    const char *p = text + n;
    while (*p == ' ' || *p == '\t')
      p++;
    if (g_str_has_prefix(p, "：") || *p == ':') {
      if (label)
        *label = g_strdup(labels[i]);
      if (rest)
        *rest = p + (*p == ':' ? 1 : strlen("："));
      return TRUE;
    }
  }
  return FALSE;
}

static gboolean
jb_extract_roles_is_red(guint32 rgb)
{
  int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  return r > 150 && g < 100 && b < 100;
}

static gboolean
jb_extract_roles_is_content(const JbLine *l)
{
  return l->role != JB_ROLE_PAGE_NUMBER && l->role != JB_ROLE_RUNNING_HEAD &&
         l->role != JB_ROLE_IGNORED;
}

/* The editor/date line: a date, or a segment ending in 编. */
static gboolean
jb_extract_roles_is_editor_date(const JbLine *l)
{
  g_autofree char *date = jb_extract_date_find(l->text, NULL, NULL, NULL);
  if (date != NULL)
    return TRUE;
  g_auto(GStrv) parts = g_strsplit(l->text, "\t", -1);
  for (int i = 0; parts[i]; i++) {
    g_strstrip(parts[i]);
    if (g_str_has_suffix(parts[i], "编") && g_utf8_strlen(parts[i], -1) <= 40)
      return TRUE;
  }
  return FALSE;
}

/* An editor too long for one line wraps (typeset does that, so do offices): the lines
 * before the editor/date line are its first parts when they are plain head text that
 * fills the measure, one line pitch apart. Marks them; TRUE when there was one. */
static gboolean
jb_extract_roles_editor_wrap(GPtrArray *lines, guint i, const JbFrame *frame)
{
  double measure = frame->right - frame->left;
  guint j = i;
  for (; j > 0; j--) {
    JbLine *prev = lines->pdata[j - 1], *l = lines->pdata[j];
    if (prev->page != l->page || prev->role != JB_ROLE_NONE || jb_extract_roles_is_red(prev->rgb) ||
        prev->size >= 1.3 * frame->body_size)
      break;
    gboolean fills = prev->x2 - prev->x1 >= measure - 1.5 * frame->em;
    gboolean adjacent = l->y1 - prev->y1 <= 1.6 * MAX(frame->pitch, l->size);
    if (!fills || !adjacent)
      break;
    prev->role = JB_ROLE_EDITOR_DATE;
  }
  return j < i;
}

/* The last line index (or -1) of the head of page 1: the issue line or the editor/date
 * lines, looked for among the first lines of the first page. */
static int
jb_extract_roles_head_end(GPtrArray *lines, const JbFrame *frame)
{
  double body = frame->body_size;
  int end = -1, seen = 0;
  for (guint i = 0; i < lines->len && seen < 12; i++) {
    JbLine *l = lines->pdata[i];
    if (l->page > 0)
      break;
    if (!jb_extract_roles_is_content(l))
      continue;
    seen++;
    int y, n, t;
    if (jb_issue_parse_issue_line(l->text, &y, &n, &t)) {
      l->role = JB_ROLE_ISSUE_LINE;
      end = (int)i;
    } else if (l->size < 1.3 * body && jb_extract_roles_is_editor_date(l)) {
      if (end < 0) /* no issue line: the wrapped editor's first part came before */
        jb_extract_roles_editor_wrap(lines, i, frame);
      l->role = JB_ROLE_EDITOR_DATE;
      end = (int)i;
    } else if (end >= 0 && (g_str_equal(g_strstrip(l->text), "日"))) {
      l->role = JB_ROLE_EDITOR_DATE; /* a date whose 日 wrapped on to the next line */
      end = (int)i;
    } else if (end >= 0 && i + 1 < lines->len &&
               jb_extract_roles_is_editor_date(lines->pdata[i + 1]) &&
               jb_extract_roles_editor_wrap(lines, i + 1, frame)) {
      end = (int)i; /* the first part of a wrapped editor, after the issue line */
    } else if (end >= 0)
      break;
  }
  return end;
}

/* Masthead lines: red or large type before the head's end (or at the top of page 1 when
 * there is no issue or editor line). Other stray lines up there are ignored. */
static void
jb_extract_roles_masthead(GPtrArray *lines, int head_end, double body)
{
  for (guint i = 0; i < lines->len; i++) {
    JbLine *l = lines->pdata[i];
    if (l->page > 0 || (head_end >= 0 && (int)i >= head_end))
      break;
    if (!jb_extract_roles_is_content(l) || l->role != JB_ROLE_NONE)
      continue;
    gboolean look = jb_extract_roles_is_red(l->rgb) || l->size >= 1.6 * body;
    if (look)
      l->role = JB_ROLE_MASTHEAD;
    else if (head_end >= 0)
      l->role = JB_ROLE_IGNORED;
    else
      break;
  }
}

/* Could @l be part of a 版记 block (label line or recipient line)? */
static gboolean
jb_extract_roles_distribution_like(const JbLine *l, const JbFrame *frame)
{
  return l->size < 1.15 * frame->body_size && l->n_chars <= 60;
}

/* Marks the 版记: from the first label line after which every content line still looks
 * like a label or recipient line (and there are not too many). Returns its first index or
 * lines->len. */
static guint
jb_extract_roles_distribution(GPtrArray *lines, const JbFrame *frame, guint from)
{
  guint start = lines->len, count = 0;
  for (guint i = lines->len; i > from; i--) {
    JbLine *l = lines->pdata[i - 1];
    if (!jb_extract_roles_is_content(l) || l->role != JB_ROLE_NONE)
      continue;
    if (!jb_extract_roles_distribution_like(l, frame) || ++count > 60)
      break;
    if (jb_extract_is_distribution_label(l->text, NULL, NULL))
      start = i - 1;
  }
  for (guint i = start; i < lines->len; i++) {
    JbLine *l = lines->pdata[i];
    if (!jb_extract_roles_is_content(l) || l->role != JB_ROLE_NONE)
      continue;
    g_autofree char *s = jb_extract_roles_squeeze(l->text);
    gboolean imprint = g_str_has_suffix(s, "印发") || g_str_has_prefix(s, "（共印") ||
                       g_str_has_prefix(s, "(共印");
    l->role = imprint ? JB_ROLE_IGNORED : JB_ROLE_DISTRIBUTION;
  }
  return start;
}

static gboolean
jb_extract_roles_is_title(const JbLine *l, const JbFrame *frame)
{
  double mid = (frame->left + frame->right) / 2, em = frame->em;
  gboolean centred = fabs((l->x1 + l->x2) / 2 - mid) < 1.5 * em && l->x1 > frame->left + em &&
                     l->x2 < frame->right - em;
  if (l->size >= 1.15 * frame->body_size)
    return TRUE;
  return l->bold && !frame->body_bold && centred && l->n_chars <= 40 &&
         l->size >= 0.95 * frame->body_size;
}

static gboolean
jb_extract_roles_is_briefs_heading(const char *text)
{
  g_autofree char *s = jb_extract_roles_squeeze(text);
  return g_str_equal(s, "简讯") || g_str_equal(s, "简讯：") || g_str_equal(s, "简讯:") ||
         g_str_equal(s, "【简讯】") || g_str_equal(s, "简讯速递");
}

/* A rough width of what must open @text's line: one em per Han character, taking along
 * an opening quote or bracket and the punctuation that may not start a line (clreq, the
 * table typeset breaks by);
 * half an em per character of a Latin word or number (never split). */
static double
jb_extract_roles_first_word(const char *text, double em)
{
  const char *p = text;
  gunichar ch = g_utf8_get_char(p);
  if (ch != 0 && !jb_issue_text_is_cjk(ch) && g_unichar_isalnum(ch)) {
    int n = 0;
    for (; *p && *p != ' ' && *p != '\t' && !jb_issue_text_is_cjk(g_utf8_get_char(p));
         p = g_utf8_next_char(p))
      n++;
    return n * 0.5 * em;
  }
  double width = em;
  if (ch != 0 && jb_issue_text_is_line_end_forbidden(ch) && *(p = g_utf8_next_char(p))) {
    width += em;
    ch = g_utf8_get_char(p);
  }
  for (p = *p ? g_utf8_next_char(p) : p;
       *p && jb_issue_text_is_line_start_forbidden(g_utf8_get_char(p)); p = g_utf8_next_char(p))
    width += em;
  return width;
}

/* Does @l start a new paragraph (or item) after @prev, both of role @role? */
static gboolean
jb_extract_roles_starts_block(const JbLine *l, const JbLine *prev, const JbFrame *frame)
{
  double em = frame->em;
  if (prev == NULL || prev->role != l->role)
    return TRUE;
  if (l->x1 - frame->left >= 0.9 * em)
    return TRUE; /* an indent */
  if (frame->right - prev->x2 > jb_extract_roles_first_word(l->text, em) + 0.5 * em)
    return TRUE; /* the next line's first word would have fitted: a deliberate break */
  if (l->role == JB_ROLE_BRIEF && jb_extract_number_skip(l->text) != NULL)
    return TRUE;
  return prev->page == l->page && l->y2 - prev->y2 > 1.6 * frame->pitch;
}

/* Titles, briefs and paragraphs for the lines between the head and the 版记. Returns the
 * number of title lines. */
static int
jb_extract_roles_body(GPtrArray *lines, const JbFrame *frame, guint from, guint to)
{
  gboolean in_briefs = FALSE;
  int n_titles = 0;
  JbLine *prev = NULL;
  for (guint i = from; i < to; i++) {
    JbLine *l = lines->pdata[i];
    if (!jb_extract_roles_is_content(l) || l->role != JB_ROLE_NONE)
      continue;
    if (jb_extract_roles_is_briefs_heading(l->text)) {
      l->role = JB_ROLE_BRIEFS_HEADING;
      in_briefs = TRUE;
    } else if (jb_extract_roles_is_title(l, frame)) {
      l->role = JB_ROLE_TITLE;
      in_briefs = FALSE;
      n_titles++;
    } else {
      l->role = in_briefs ? JB_ROLE_BRIEF : JB_ROLE_PARAGRAPH;
      l->starts_block = jb_extract_roles_starts_block(l, prev, frame);
    }
    prev = l;
  }
  return n_titles;
}

/* Gives every line of @lines (reading order; page numbers and running heads already
 * marked) its role. Returns FALSE when nothing of a bulletin (head, titles, 版记) was
 * found: the text is then only paragraphs. */
gboolean
jb_extract_roles_assign(GPtrArray *lines, const JbFrame *frame)
{
  double body = frame->body_size;
  int head_end = jb_extract_roles_head_end(lines, frame);
  jb_extract_roles_masthead(lines, head_end, body);
  guint from = 0;
  for (guint i = 0; i < lines->len; i++)
    if (((JbLine *)lines->pdata[i])->role != JB_ROLE_NONE &&
        ((JbLine *)lines->pdata[i])->page == 0 && (int)i <= MAX(head_end, 0))
      from = i + 1;
  for (guint i = 0; i < lines->len && ((JbLine *)lines->pdata[i])->role == JB_ROLE_MASTHEAD; i++)
    from = MAX(from, i + 1);
  guint dist = jb_extract_roles_distribution(lines, frame, from);
  int n_titles = jb_extract_roles_body(lines, frame, from, dist);
  return head_end >= 0 || n_titles > 0 || dist < lines->len || from > 0;
}

// SPDX-License-Identifier: MIT
// Stage 5 of extraction: lines with roles become a JbIssue. Wrapped lines are joined back
// into paragraphs (across page breaks too), with a space only between two Latin words;
// the head's issue line and editor/date are parsed (a date may be split over two lines
// and printed in Chinese numerals); the 版记 becomes labelled recipient lists. Every
// string is canonicalised with the issue module's rules.
#include <string.h>

#include "extract-private.h"

/* U+00AD SOFT HYPHEN, "a break opportunity that is not a real break": jianbao's typeset
 * draws it invisibly at the end of each title line it wrapped. */
#define JB_EXTRACT_WRAP_MARK "\xC2\xAD"

/* Does @text (a printed line) end with the wrap mark, spaces aside? */
gboolean
jb_extract_has_wrap_mark(const char *text)
{
  gsize n = strlen(text), k = strlen(JB_EXTRACT_WRAP_MARK);
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
    n--;
  return n >= k && memcmp(text + n - k, JB_EXTRACT_WRAP_MARK, k) == 0;
}

static gboolean
jb_extract_is_latin_end(gunichar ch)
{
  return ch < 0x2E80 && (g_unichar_isalnum(ch) || strchr(",.;:!?)%", (int)ch) != NULL) && ch != 0;
}

static gboolean
jb_extract_is_latin_start(gunichar ch)
{
  return ch < 0x2E80 && (g_unichar_isalnum(ch) || ch == '(') && ch != 0;
}

/* Does a line break between a piece ending in @last and one starting with @first stand
 * for a space? Only between two Latin words (or numbers); Han text and hyphenated breaks
 * join directly. */
static gboolean
jb_extract_join_needs_space(gunichar last, gunichar first)
{
  return jb_extract_is_latin_end(last) && jb_extract_is_latin_start(first);
}

/* Appends @b to @s as the next wrapped piece of one paragraph: blanks at the seam go, and
 * a space comes back where jb_extract_join_needs_space says so. In place, so that a
 * paragraph of n lines costs O(total length), not O(n × length). */
static void
jb_extract_append(GString *s, const char *b)
{
  while (*b == ' ' || *b == '\t')
    b++;
  while (s->len > 0 && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '\t'))
    g_string_truncate(s, s->len - 1);
  if (s->len > 0 && *b != '\0') {
    gunichar last = g_utf8_get_char(g_utf8_find_prev_char(s->str, s->str + s->len));
    if (jb_extract_join_needs_space(last, g_utf8_get_char(b)))
      g_string_append_c(s, ' ');
  }
  g_string_append(s, b);
}

/* Joins two wrapped pieces of one paragraph (see jb_extract_append). Returns: (transfer
 * full). */
char *
jb_extract_text_join(const char *a, const char *b)
{
  GString *s = g_string_new(a);
  jb_extract_append(s, b);
  return g_string_free(s, FALSE);
}

/* Full-width digits become ASCII so one pattern reads both. */
static char *
jb_extract_ascii_digits(const char *text)
{
  GString *s = g_string_new(NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (ch >= 0xFF10 && ch <= 0xFF19)
      g_string_append_c(s, (char)('0' + (ch - 0xFF10)));
    else
      g_string_append_unichar(s, ch);
  }
  return g_string_free(s, FALSE);
}

/* Finds a date (`2026 年 3 月 27 日`, `二〇二四年三月十八日`) in @text; when its 日 is
 * missing and @next starts with 日, the date is completed from there (*used_next).
 * @before gets the text in front of the date. Returns: (transfer full) (nullable): ISO. */
char *
jb_extract_date_find(const char *text, const char *next, gboolean *used_next, char **before)
{
  static GRegex *re;
  static gsize once;
  if (g_once_init_enter(&once)) {
    re = g_regex_new("([0-9]{4}|[〇零○Ｏ一二三四五六七八九]{4})\\s*年\\s*"
                     "([0-9]{1,2}|[一二三四五六七八九十]{1,3})\\s*月\\s*"
                     "([0-9]{1,2}|[一二三四五六七八九十]{1,3})(\\s*日)?",
                     G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave(&once, 1);
  }
  g_autofree char *t = jb_extract_ascii_digits(text);
  g_autoptr(GMatchInfo) m = NULL;
  if (used_next)
    *used_next = FALSE;
  if (!g_regex_match(re, t, 0, &m))
    return NULL;
  int start, end;
  g_match_info_fetch_pos(m, 0, &start, &end);
  g_autofree char *whole = g_match_info_fetch(m, 0);
  g_autofree char *day = g_match_info_fetch(m, 4);
  gboolean has_day = day != NULL && *day != '\0';
  const char *tail = t + end;
  while (*tail == ' ' || *tail == '\t')
    tail++;
  while (next != NULL && (*next == ' ' || *next == '\t'))
    next++;
  if (!has_day && *tail == '\0' && next != NULL && g_str_has_prefix(next, "日")) {
    if (used_next)
      *used_next = TRUE;
  } else if (!has_day && (*tail != '\0' || next != NULL))
    return NULL; /* `2024年3月12` inside running text is not the issue date */
  g_autofree char *full = g_strconcat(whole, has_day ? "" : "日", NULL);
  g_autofree char *squeezed = g_strdelimit(g_strdup(full), " \t", ' ');
  char *iso = jb_issue_date_parse(squeezed);
  if (iso != NULL && before != NULL)
    *before = g_strndup(t, (gsize)start);
  return iso;
}

/* Tabs become spaces, and the wrap marks (U+00AD) go: they are layout, never text. */
static char *
jb_extract_canonical(const char *text)
{
  GString *t = g_string_sized_new(strlen(text));
  for (const char *p = text; *p; p++) {
    if (g_str_has_prefix(p, JB_EXTRACT_WRAP_MARK))
      p += strlen(JB_EXTRACT_WRAP_MARK) - 1;
    else
      g_string_append_c(t, *p == '\t' ? ' ' : *p);
  }
  char *out = jb_issue_text_canonicalize(t->str);
  g_string_free(t, TRUE);
  return out;
}

/* Editor and date from the head lines (joined: the date may be split over two). */
static void
jb_extract_assemble_editor(JbIssue *issue, GString *head)
{
  if (head->len == 0)
    return;
  g_autofree char *before = NULL;
  char *iso = jb_extract_date_find(head->str, NULL, NULL, &before);
  if (iso != NULL) {
    issue->date = iso;
    g_autofree char *editor = jb_extract_canonical(before);
    if (*editor)
      issue->editor = g_steal_pointer(&editor);
  } else {
    issue->editor = jb_extract_canonical(head->str);
  }
}

/* Appends @s (canonicalised) to @array unless it is empty; resets @s. */
static void
jb_extract_flush(GString *s, GPtrArray *array)
{
  if (s->len > 0) {
    char *t = jb_extract_canonical(s->str);
    if (*t)
      g_ptr_array_add(array, t);
    else
      g_free(t);
  }
  g_string_truncate(s, 0);
}

/* The one reader of an item number (`1.` `1．` `1、` `1)` `（1）`) at the start of a 简讯
 * item, for roles (does a numbered item start here?) and assembly (strip it). Returns
 * the text after the number, or NULL when @text does not start with one. */
const char *
jb_extract_number_skip(const char *text)
{
  const char *q = text;
  while (*q == ' ')
    q++;
  if (*q == '(')
    q++;
  else if (g_str_has_prefix(q, "（"))
    q += strlen("（");
  if (!g_ascii_isdigit(*q))
    return NULL;
  while (g_ascii_isdigit(*q))
    q++;
  static const char *const ends[] = { ".", "．", "、", ")", "）" };
  for (gsize i = 0; i < G_N_ELEMENTS(ends); i++)
    if (g_str_has_prefix(q, ends[i]))
      return q + strlen(ends[i]);
  return NULL;
}

/* Strips the item number from the start of a 简讯 item. */
static const char *
jb_extract_strip_number(const char *text)
{
  const char *rest = jb_extract_number_skip(text);
  return rest ? rest : text;
}

typedef struct {
  JbIssue *issue;
  const JbFrame *frame;
  JbArticle *article; /* the article being filled (owned by issue) */
  GString *text;      /* the paragraph or item being joined */
  GPtrArray *target;  /* where @text goes when flushed */
  const JbLine *last_title;
  gboolean marks_wraps; /* frame->marks_wraps, or a title line carries the mark */
} JbAssembler;

static void
jb_extract_assemble_title(JbAssembler *a, const JbLine *l)
{
  jb_extract_flush(a->text, a->target);
  GPtrArray *title = a->article ? a->article->title : NULL;
  if (a->last_title == NULL) {
    a->article = jb_article_new();
    g_ptr_array_add(a->issue->articles, a->article);
    title = a->article->title;
  }
  g_autofree char *t = jb_extract_canonical(l->text);
  const JbLine *p = a->last_title;
  double measure = a->frame->right - a->frame->left;
  /* A marked line was wrapped by the layout. Where the maker marks nothing, a title line
   * that fills the measure is taken as wrapped, not broken by the author. */
  gboolean wrapped = p != NULL && (a->marks_wraps ? jb_extract_has_wrap_mark(p->text)
                                                  : p->x2 - p->x1 >= measure - 2 * p->size);
  if (wrapped && title->len > 0) {
    char *joined = jb_extract_text_join(title->pdata[title->len - 1], t);
    g_free(title->pdata[title->len - 1]);
    title->pdata[title->len - 1] = joined;
  } else if (*t)
    g_ptr_array_add(title, g_steal_pointer(&t));
  a->last_title = l;
  a->target = a->article->paragraphs;
}

static void
jb_extract_assemble_text(JbAssembler *a, const JbLine *l, GPtrArray *target)
{
  if (target != a->target || l->starts_block)
    jb_extract_flush(a->text, a->target);
  a->target = target;
  const char *text = l->text;
  if (l->role == JB_ROLE_BRIEF && (l->starts_block || a->text->len == 0))
    text = jb_extract_strip_number(text);
  jb_extract_append(a->text, text);
}

/* Splits one 版记 block's lines into recipients: by `，` when the block uses commas,
 * else one per printed line (a line that fills the measure continues on the next). */
static void
jb_extract_distribution_split(JbDistribution *d, GPtrArray *texts, GPtrArray *geoms,
                              const JbFrame *frame)
{
  gboolean commas = FALSE;
  for (guint i = 0; i < texts->len; i++)
    commas |= strstr(texts->pdata[i], "，") != NULL || strchr(texts->pdata[i], ',') != NULL;
  g_autoptr(GString) cur = g_string_new(NULL);
  for (guint i = 0; i < texts->len; i++) {
    const JbLine *l = geoms->pdata[i];
    jb_extract_append(cur, texts->pdata[i]);
    gboolean full = l->x2 >= frame->right - 1.5 * frame->em;
    if (!commas && !full)
      jb_extract_flush(cur, d->recipients);
  }
  if (!commas) {
    jb_extract_flush(cur, d->recipients);
    return;
  }
  g_autofree char *all = g_strdelimit(g_string_free(g_steal_pointer(&cur), FALSE), ",", ' ');
  g_auto(GStrv) parts = g_strsplit(all, "，", -1);
  g_autoptr(GString) part = g_string_new(NULL);
  for (int k = 0; parts[k]; k++) {
    g_string_assign(part, parts[k]);
    jb_extract_flush(part, d->recipients);
  }
}

static void
jb_extract_distribution_trim(JbDistribution *d)
{
  for (guint i = 0; i < d->recipients->len; i++) {
    char *r = d->recipients->pdata[i];
    gsize n = strlen(r);
    if (g_str_has_suffix(r, "。"))
      r[n - strlen("。")] = '\0';
    else if (n > 0 && (r[n - 1] == '.' || r[n - 1] == ';'))
      r[n - 1] = '\0';
  }
}

/* The 版记 lines (role DISTRIBUTION) become labelled blocks. */
static void
jb_extract_assemble_distribution(JbIssue *issue, GPtrArray *lines, const JbFrame *frame)
{
  JbDistribution *d = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) geoms = g_ptr_array_new();
  for (guint i = 0; i <= lines->len; i++) {
    const JbLine *l = i < lines->len ? lines->pdata[i] : NULL;
    if (l != NULL && l->role != JB_ROLE_DISTRIBUTION)
      continue;
    g_autofree char *label = NULL;
    const char *rest = NULL;
    if (l == NULL || jb_extract_is_distribution_label(l->text, &label, &rest)) {
      if (d != NULL) {
        jb_extract_distribution_split(d, texts, geoms, frame);
        jb_extract_distribution_trim(d);
        g_ptr_array_add(issue->distribution, d);
      }
      if (l == NULL)
        break;
      d = jb_distribution_new(label);
      g_ptr_array_set_size(texts, 0);
      g_ptr_array_set_size(geoms, 0);
    }
    if (d == NULL)
      continue;
    g_ptr_array_add(texts, g_strdup(rest ? rest : l->text));
    g_ptr_array_add(geoms, (gpointer)l);
  }
}

/* Builds the issue from @lines with roles. Returns: (transfer full). */
JbIssue *
jb_extract_issue_assemble(GPtrArray *lines, const JbFrame *frame)
{
  JbIssue *issue = jb_issue_new();
  g_autoptr(GString) head = g_string_new(NULL);
  g_autoptr(GString) text = g_string_new(NULL);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func(g_free);
  JbAssembler a = { issue, frame, NULL, text, orphans, NULL, frame->marks_wraps };
  for (guint i = 0; i < lines->len && !a.marks_wraps; i++) {
    const JbLine *l = lines->pdata[i];
    a.marks_wraps = l->role == JB_ROLE_TITLE && jb_extract_has_wrap_mark(l->text);
  }
  for (guint i = 0; i < lines->len; i++) {
    const JbLine *l = lines->pdata[i];
    switch (l->role) {
    case JB_ROLE_MASTHEAD: {
      char *t = jb_extract_canonical(l->text);
      g_ptr_array_add(issue->masthead, t);
      break;
    }
    case JB_ROLE_ISSUE_LINE:
      if (issue->year == JB_ISSUE_UNSET && issue->number == JB_ISSUE_UNSET)
        jb_issue_parse_issue_line(l->text, &issue->year, &issue->number, &issue->total);
      break;
    case JB_ROLE_EDITOR_DATE:
      g_string_append_printf(head, "%s%s", head->len ? "\t" : "", l->text);
      break;
    case JB_ROLE_TITLE:
      jb_extract_assemble_title(&a, l);
      break;
    case JB_ROLE_PARAGRAPH:
      if (a.article == NULL) {
        a.article = jb_article_new(); /* text before any title: an untitled article */
        g_ptr_array_add(issue->articles, a.article);
      }
      a.last_title = NULL;
      jb_extract_assemble_text(&a, l, a.article->paragraphs);
      break;
    case JB_ROLE_BRIEF:
      a.last_title = NULL;
      jb_extract_assemble_text(&a, l, issue->briefs);
      break;
    case JB_ROLE_BRIEFS_HEADING:
      a.last_title = NULL;
      jb_extract_flush(a.text, a.target);
      break;
    default:
      break;
    }
  }
  jb_extract_flush(a.text, a.target);
  /* The 日 of a split date may have been joined with a tab: drop it before parsing. */
  jb_extract_assemble_editor(issue, head);
  jb_extract_assemble_distribution(issue, lines, frame);
  return issue;
}

/* SPDX-License-Identifier: MIT
 *
 * Layout: an issue becomes pages of positioned glyphs and rules. Text is shaped into
 * per-character fonts and advances, broken into lines by jb-linebreak.c, and placed on
 * the GB/T 9704 grid of 22 lines a page: masthead and red rule on page 1, titles kept
 * with their first lines, the 版记 at the foot of the last page, then page numbers.
 */
#include <math.h>

#include "typeset-private.h"

/* Space the masthead takes on page 1, in grid lines: two per masthead line. */
#define JB_TS_MASTHEAD_SLOTS 2
/* The smallest masthead worth the name: 3号, the body size. */
#define JB_TS_MASTHEAD_MIN JB_TS_SIZE_BODY
/* The most grid lines a wrapped editor line may take under the issue line. */
#define JB_TS_EDITOR_MAX_LINES 3
/* Where the em box's middle sits above the baseline, in ems (ideographic em box). */
#define JB_TS_EM_MIDDLE 0.38
/* U+00AD SOFT HYPHEN, "a break opportunity that is not a real break": drawn invisibly at
 * the end of each title line that typeset wrapped (never after an author's line), so that
 * extraction can join the printed lines back into the authored one. The CJK faces lack
 * it; the Latin face has it. */
#define JB_TS_WRAP_MARK      0x00AD
#define JB_TS_RED_RULE_WIDTH (0.5 * JB_TS_MM)
#define JB_TS_RULE_THICK     (0.35 * JB_TS_MM)
#define JB_TS_RULE_THIN      (0.25 * JB_TS_MM)

/* One piece of text shaped: a face and an advance for every character. */
typedef struct {
  gunichar *chars;
  JbFontFace **faces;
  double *advances;
  guint n;
  double size;
} JbTsShaped;

typedef struct {
  const JbIssue *issue;
  JbFontSet *fonts;
  const JbTypesetOptions *options;
  JbTsDocument *doc;
  JbTsPage *page;
  guint slot; /* next free grid line on the current page */
} JbTsLayout;

static void
jb_ts_shaped_free(JbTsShaped *s)
{
  g_free(s->chars);
  g_free(s->faces);
  g_free(s->advances);
  g_free(s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbTsShaped, jb_ts_shaped_free)

static void
jb_ts_text_free(JbTsText *text)
{
  g_array_unref(text->glyphs);
  g_free(text);
}

static void
jb_ts_page_free(JbTsPage *page)
{
  g_ptr_array_unref(page->texts);
  g_array_unref(page->rules);
  g_free(page);
}

void
jb_ts_document_free(JbTsDocument *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref(doc->pages);
  g_free(doc->title);
  g_free(doc->author);
  g_free(doc);
}

/* The face that draws @ch in @role: the fonts module says which role's chain (Latin
 * characters from the latin role), with per-character fallback. */
static JbFontFace *
jb_ts_pick_face(JbFontSet *fonts, JbFontRole role, gunichar ch)
{
  return jb_font_set_lookup_face(fonts, jb_font_set_role_for_char(fonts, role, ch), ch);
}

/* Shapes @text in @role at @size; @where names the text in the error ("article 2
 * paragraph 3"). NULL with JB_TYPESET_ERROR_UNSUPPORTED for a character no font has. */
static JbTsShaped *
jb_ts_shape(JbTsLayout *lo, const char *text, JbFontRole role, double size, const char *where,
            GError **error)
{
  g_autoptr(JbTsShaped) s = g_new0(JbTsShaped, 1);
  glong n = 0;
  s->chars = g_utf8_to_ucs4_fast(text, -1, &n);
  s->n = (guint)n;
  s->size = size;
  s->faces = g_new0(JbFontFace *, s->n + 1);
  s->advances = g_new0(double, s->n + 1);
  for (guint i = 0; i < s->n; i++) {
    gunichar ch = s->chars[i];
    s->faces[i] = jb_ts_pick_face(lo->fonts, role, ch);
    if (s->faces[i] == NULL) {
      char utf8[8] = { 0 };
      g_unichar_to_utf8(ch, utf8);
      g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_UNSUPPORTED,
                  "no installed font has the character “%s” (U+%04X) in %s, offset %u", utf8, ch,
                  where, i);
      return NULL;
    }
    s->advances[i] = jb_font_face_advance(s->faces[i], ch, size);
  }
  return g_steal_pointer(&s);
}

static JbLinebreakParams
jb_ts_params(JbTsShaped *s, double measure, double min_spacing, gboolean justify)
{
  JbLinebreakParams p = {
    .chars = s->chars,
    .n_chars = s->n,
    .advances = s->advances,
    .measure = measure,
    .min_spacing = min_spacing,
    .latin_gap = s->size / 4,
    .squeeze = s->size / 2,
    .justify = justify,
  };
  return p;
}

/* What the line breaker puts between chars[@i - 1] and chars[@i] beyond their advances:
 * the Han–Latin gap, or minus half an em between squeezed punctuation (jb-pdf.c starts a
 * new run where a glyph is not where Tc alone would put it). */
static double
jb_ts_between(JbTsShaped *s, guint i)
{
  if (jb_linebreak_wants_gap(s->chars[i - 1], s->chars[i]))
    return s->size / 4;
  if (jb_linebreak_wants_squeeze(s->chars[i - 1], s->chars[i]) &&
      s->advances[i - 1] > 0.9 * s->size && s->advances[i] > 0.9 * s->size)
    return -s->size / 2;
  return 0;
}

/* Width of chars[start, end) as placed with @spacing. */
static double
jb_ts_span_width(JbTsShaped *s, guint start, guint end, double spacing)
{
  double w = 0;
  for (guint i = start; i < end; i++) {
    w += s->advances[i] + (i + 1 < end ? spacing : 0);
    if (i > start)
      w += jb_ts_between(s, i);
  }
  return w;
}

static double
jb_ts_slot_baseline(guint slot, double size)
{
  double top = JB_TS_PAGE_H - JB_TS_MARGIN_TOP - slot * JB_TS_LINE_PITCH;
  return top - JB_TS_LINE_PITCH / 2 - JB_TS_EM_MIDDLE * size;
}

static double
jb_ts_slot_boundary(guint slot)
{
  return JB_TS_PAGE_H - JB_TS_MARGIN_TOP - slot * JB_TS_LINE_PITCH;
}

/* Places chars[start, end) of @s with its first pen position at @x on baseline @y. */
static JbTsText *
jb_ts_emit(JbTsPage *page, JbTsShaped *s, guint start, guint end, double x, double y,
           double spacing, gboolean red)
{
  JbTsText *text = g_new0(JbTsText, 1);
  text->y = y;
  text->size = s->size;
  text->spacing = spacing;
  text->red = red;
  text->glyphs = g_array_sized_new(FALSE, TRUE, sizeof(JbTsGlyph), end - start);
  for (guint i = start; i < end; i++) {
    if (i > start) {
      double between = jb_ts_between(s, i);
      x += s->advances[i - 1] + spacing + between;
      if (between < 0) /* squeezed: the PDF's Tc takes it after the glyph before */
        g_array_index(text->glyphs, JbTsGlyph, text->glyphs->len - 1).kern = between;
    }
    JbTsGlyph g = { s->chars[i], s->faces[i], x, s->advances[i], 0 };
    g_array_append_val(text->glyphs, g);
  }
  g_ptr_array_add(page->texts, text);
  return text;
}

static gboolean
jb_ts_new_page(JbTsLayout *lo, GError **error)
{
  if (lo->doc->pages->len >= JB_TS_MAX_PAGES) {
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
                "the issue needs more than %d pages", JB_TS_MAX_PAGES);
    return FALSE;
  }
  JbTsPage *page = g_new0(JbTsPage, 1);
  page->texts = g_ptr_array_new_with_free_func((GDestroyNotify)jb_ts_text_free);
  page->rules = g_array_new(FALSE, TRUE, sizeof(JbTsRule));
  g_ptr_array_add(lo->doc->pages, page);
  lo->page = page;
  lo->slot = 0;
  return TRUE;
}

/* Makes room for @n grid lines, starting a new page when they do not fit; more than a
 * page holds is JB_TYPESET_ERROR_LIMIT (a new page would not hold them either). */
static gboolean
jb_ts_need(JbTsLayout *lo, guint n, GError **error)
{
  if (n > JB_TS_GRID_LINES) {
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
                "%u lines cannot be kept on one page: a page holds %d", n, JB_TS_GRID_LINES);
    return FALSE;
  }
  if (lo->slot + n <= JB_TS_GRID_LINES)
    return TRUE;
  return jb_ts_new_page(lo, error);
}

/* A blank grid line, except at the top of a page where it would only push text down. */
static void
jb_ts_blank(JbTsLayout *lo)
{
  if (lo->slot > 0 && lo->slot < JB_TS_GRID_LINES)
    lo->slot++;
}

static void
jb_ts_add_rule(JbTsPage *page, double y, double width, gboolean red)
{
  JbTsRule rule = { JB_TS_MARGIN_LEFT, JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W, y, width, red };
  g_array_append_val(page->rules, rule);
}

/* A single unbroken line of @text centred in the text block (NULL text: nothing). */
static gboolean
jb_ts_centred(JbTsLayout *lo, const char *text, JbFontRole role, double size, double y,
              gboolean red, const char *where, GError **error)
{
  if (text == NULL || *text == '\0')
    return TRUE;
  g_autoptr(JbTsShaped) s = jb_ts_shape(lo, text, role, size, where, error);
  if (s == NULL)
    return FALSE;
  double w = jb_ts_span_width(s, 0, s->n, 0);
  jb_ts_emit(lo->page, s, 0, s->n, JB_TS_MARGIN_LEFT + (JB_TS_BLOCK_W - w) / 2, y, 0, red);
  return TRUE;
}

/* The masthead size: as large as 初号, but every line must fit the text block; a line
 * that fits only below JB_TS_MASTHEAD_MIN (or at 0 pt, which libharu refuses) is
 * JB_TYPESET_ERROR_LIMIT. */
static gboolean
jb_ts_masthead_size(JbTsLayout *lo, double *size, GError **error)
{
  *size = JB_TS_MASTHEAD_MAX;
  GPtrArray *lines = lo->issue->masthead;
  for (guint i = 0; lines && i < lines->len; i++) {
    g_autofree char *where = g_strdup_printf("masthead line %u", i + 1);
    g_autoptr(JbTsShaped) s =
        jb_ts_shape(lo, g_ptr_array_index(lines, i), JB_FONT_ROLE_MASTHEAD, 1.0, where, error);
    if (s == NULL)
      return FALSE;
    double w = jb_ts_span_width(s, 0, s->n, 0);
    if (w <= 0)
      continue;
    double fit = floor(JB_TS_BLOCK_W * 0.96 / w);
    if (fit < JB_TS_MASTHEAD_MIN) {
      g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
                  "masthead line %u is too long (%u characters): it would have to be set "
                  "smaller than %.0f pt to fit the line",
                  i + 1, s->n, JB_TS_MASTHEAD_MIN);
      return FALSE;
    }
    *size = MIN(*size, fit);
  }
  return TRUE;
}

/* The head under the masthead: the issue line, @byline_rows of editor and date, and the
 * red rule, which must not fall below the text block. Masthead line N that pushes it
 * there is named in a JB_TYPESET_ERROR_LIMIT. */
static gboolean
jb_ts_head_fits(JbTsLayout *lo, guint n_masthead, guint byline_rows, GError **error)
{
  guint under = 1 + byline_rows;
  if (n_masthead * JB_TS_MASTHEAD_SLOTS + under <= JB_TS_GRID_LINES)
    return TRUE;
  guint room = (JB_TS_GRID_LINES - under) / JB_TS_MASTHEAD_SLOTS;
  g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
              "masthead line %u does not fit on page 1: with the issue line, editor, date and "
              "red rule under it, the masthead can have at most %u lines (it has %u)",
              room + 1, room, n_masthead);
  return FALSE;
}

/* The editor and date under the issue line: the editor flush left, wrapped when longer
 * than the measure; the date flush right on the editor's last row when an em separates
 * them there, else on the next grid line. */
typedef struct {
  JbTsShaped *editor; /* (nullable) */
  GArray *lines;      /* (nullable) (element-type JbLine): the editor's rows */
  JbTsShaped *date;   /* (nullable) */
  guint date_row;
  guint rows; /* grid lines taken, at least one */
} JbTsByline;

static void
jb_ts_byline_clear(JbTsByline *b)
{
  g_clear_pointer(&b->editor, jb_ts_shaped_free);
  g_clear_pointer(&b->lines, g_array_unref);
  g_clear_pointer(&b->date, jb_ts_shaped_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(JbTsByline, jb_ts_byline_clear)

static gboolean
jb_ts_byline_shape(JbTsLayout *lo, JbTsByline *b, GError **error)
{
  if (lo->issue->editor && *lo->issue->editor) {
    b->editor = jb_ts_shape(lo, lo->issue->editor, JB_FONT_ROLE_BODY, JB_TS_SIZE_BODY,
                            "the editor line", error);
    if (b->editor == NULL)
      return FALSE;
    JbLinebreakParams params = jb_ts_params(b->editor, JB_TS_BLOCK_W, 0, FALSE);
    b->lines = jb_linebreak_run(&params);
    if (b->lines->len > JB_TS_EDITOR_MAX_LINES) {
      g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
                  "the editor line is too long (%u characters): it needs %u lines, at most %d "
                  "fit under the masthead",
                  b->editor->n, b->lines->len, JB_TS_EDITOR_MAX_LINES);
      return FALSE;
    }
    b->rows = b->lines->len;
  }
  g_autofree char *date = lo->issue->date ? jb_issue_date_format_chinese(lo->issue->date) : NULL;
  if (date) {
    b->date = jb_ts_shape(lo, date, JB_FONT_ROLE_BODY, JB_TS_SIZE_BODY, "the date", error);
    if (b->date == NULL)
      return FALSE;
    double room = JB_TS_BLOCK_W - jb_ts_span_width(b->date, 0, b->date->n, 0);
    if (b->rows > 0) {
      JbLine *last = &g_array_index(b->lines, JbLine, b->lines->len - 1);
      if (jb_ts_span_width(b->editor, last->start, last->end, 0) + JB_TS_SIZE_BODY > room)
        b->rows++;
    }
    b->date_row = b->rows > 0 ? b->rows - 1 : 0;
  }
  b->rows = MAX(b->rows, 1);
  return TRUE;
}

static void
jb_ts_byline_place(JbTsLayout *lo, const JbTsByline *b)
{
  for (guint i = 0; b->lines && i < b->lines->len; i++) {
    JbLine *line = &g_array_index(b->lines, JbLine, i);
    jb_ts_emit(lo->page, b->editor, line->start, line->end, JB_TS_MARGIN_LEFT,
               jb_ts_slot_baseline(lo->slot + i, JB_TS_SIZE_BODY), 0, FALSE);
  }
  if (b->date) {
    double w = jb_ts_span_width(b->date, 0, b->date->n, 0);
    jb_ts_emit(lo->page, b->date, 0, b->date->n, JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W - w,
               jb_ts_slot_baseline(lo->slot + b->date_row, JB_TS_SIZE_BODY), 0, FALSE);
  }
  lo->slot += b->rows;
}

/* Page 1's head: masthead lines (red, centred, two grid lines each; the space is kept
 * when the issue has none), the issue line, editor and date, the red rule. */
static gboolean
jb_ts_layout_head(JbTsLayout *lo, GError **error)
{
  GPtrArray *lines = lo->issue->masthead;
  guint n = lines && lines->len ? lines->len : 2;
  double size;
  g_auto(JbTsByline) byline = { 0 };
  if (!jb_ts_masthead_size(lo, &size, error) || !jb_ts_byline_shape(lo, &byline, error) ||
      !jb_ts_head_fits(lo, n, byline.rows, error))
    return FALSE;
  for (guint i = 0; lines && i < lines->len; i++) {
    double mid = jb_ts_slot_boundary(i * JB_TS_MASTHEAD_SLOTS) - JB_TS_LINE_PITCH;
    g_autofree char *where = g_strdup_printf("masthead line %u", i + 1);
    if (!jb_ts_centred(lo, g_ptr_array_index(lines, i), JB_FONT_ROLE_MASTHEAD, size,
                       mid - JB_TS_EM_MIDDLE * size, TRUE, where, error))
      return FALSE;
  }
  lo->slot = n * JB_TS_MASTHEAD_SLOTS;
  g_autofree char *issue_line = jb_issue_format_issue_line(lo->issue);
  if (!jb_ts_centred(lo, issue_line, JB_FONT_ROLE_BODY, JB_TS_SIZE_BODY,
                     jb_ts_slot_baseline(lo->slot, JB_TS_SIZE_BODY), FALSE, "the issue line",
                     error))
    return FALSE;
  lo->slot++;
  jb_ts_byline_place(lo, &byline);
  jb_ts_add_rule(lo->page, jb_ts_slot_boundary(lo->slot) + JB_TS_RED_RULE_WIDTH,
                 JB_TS_RED_RULE_WIDTH, TRUE);
  if (lo->slot < JB_TS_GRID_LINES)
    lo->slot++; /* a blank grid line under the rule */
  return TRUE;
}

/* A body paragraph shaped and broken, ready to be placed. */
typedef struct {
  JbTsShaped *shaped;
  GArray *lines;
  JbTsShaped *mark; /* (nullable) a title's JB_TS_WRAP_MARK, when typeset wrapped it */
} JbTsPara;

static void
jb_ts_para_free(JbTsPara *p)
{
  if (p == NULL)
    return;
  g_clear_pointer(&p->shaped, jb_ts_shaped_free);
  g_clear_pointer(&p->lines, g_array_unref);
  g_clear_pointer(&p->mark, jb_ts_shaped_free);
  g_free(p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbTsPara, jb_ts_para_free)

static JbTsPara *
jb_ts_para_new(JbTsLayout *lo, const char *text, const char *where, GError **error)
{
  g_autoptr(JbTsPara) p = g_new0(JbTsPara, 1);
  p->shaped = jb_ts_shape(lo, text, JB_FONT_ROLE_BODY, JB_TS_SIZE_BODY, where, error);
  if (p->shaped == NULL)
    return NULL;
  JbLinebreakParams params =
      jb_ts_params(p->shaped, JB_TS_BLOCK_W, JB_TS_CHAR_PITCH - JB_TS_SIZE_BODY, TRUE);
  params.first_indent = 2 * JB_TS_CHAR_PITCH;
  p->lines = jb_linebreak_run(&params);
  return g_steal_pointer(&p);
}

/* Places a paragraph's lines, flowing onto new pages as the grid fills. */
static gboolean
jb_ts_para_place(JbTsLayout *lo, JbTsPara *p, GError **error)
{
  for (guint i = 0; i < p->lines->len; i++) {
    JbLine *line = &g_array_index(p->lines, JbLine, i);
    if (!jb_ts_need(lo, 1, error))
      return FALSE;
    jb_ts_emit(lo->page, p->shaped, line->start, line->end, JB_TS_MARGIN_LEFT + line->indent,
               jb_ts_slot_baseline(lo->slot, p->shaped->size), line->spacing, FALSE);
    lo->slot++;
  }
  return TRUE;
}

static gboolean
jb_ts_paragraph(JbTsLayout *lo, const char *text, const char *where, GError **error)
{
  g_autoptr(JbTsPara) p = jb_ts_para_new(lo, text, where, error);
  return p && jb_ts_para_place(lo, p, error);
}

/* A title's printed lines, each broken and balanced when longer than the measure. */
static gboolean
jb_ts_title_lines(JbTsLayout *lo, const JbArticle *art, guint idx, GPtrArray *out, GError **error)
{
  for (guint i = 0; i < art->title->len; i++) {
    g_autofree char *where = g_strdup_printf("article %u title line %u", idx, i + 1);
    JbTsPara *p = g_new0(JbTsPara, 1);
    g_ptr_array_add(out, p);
    p->shaped = jb_ts_shape(lo, g_ptr_array_index(art->title, i), JB_FONT_ROLE_TITLE,
                            JB_TS_SIZE_TITLE, where, error);
    if (p->shaped == NULL)
      return FALSE;
    JbLinebreakParams params = jb_ts_params(p->shaped, JB_TS_BLOCK_W, 0, FALSE);
    p->lines = jb_linebreak_balance(&params);
    /* Without a font that has the mark the title is still right; only extraction cannot
     * tell its wraps from the author's breaks. */
    char mark[8] = { 0 };
    g_unichar_to_utf8(JB_TS_WRAP_MARK, mark);
    if (p->lines->len > 1)
      p->mark = jb_ts_shape(lo, mark, JB_FONT_ROLE_TITLE, JB_TS_SIZE_TITLE, where, NULL);
  }
  return TRUE;
}

/* Places a title's lines one at a time, flowing onto new pages like a paragraph's (the
 * caller has already kept it together when it fits a page). */
static gboolean
jb_ts_title_place(JbTsLayout *lo, GPtrArray *title, GError **error)
{
  for (guint i = 0; i < title->len; i++) {
    JbTsPara *p = g_ptr_array_index(title, i);
    for (guint j = 0; j < p->lines->len; j++) {
      JbLine *line = &g_array_index(p->lines, JbLine, j);
      if (!jb_ts_need(lo, 1, error))
        return FALSE;
      double w = jb_ts_span_width(p->shaped, line->start, line->end, 0);
      double x = JB_TS_MARGIN_LEFT + (JB_TS_BLOCK_W - w) / 2;
      double y = jb_ts_slot_baseline(lo->slot, JB_TS_SIZE_TITLE);
      jb_ts_emit(lo->page, p->shaped, line->start, line->end, x, y, 0, FALSE);
      if (p->mark && j + 1 < p->lines->len)
        jb_ts_emit(lo->page, p->mark, 0, p->mark->n, x + w, y, 0, FALSE)->invisible = TRUE;
      lo->slot++;
    }
  }
  return TRUE;
}

/* An article: blank, title, blank, paragraphs. The title moves to a new page unless at
 * least two lines of its first paragraph fit under it; a title too long for that is kept
 * whole when it fits a page, and one longer than a page flows from page to page. */
static gboolean
jb_ts_article(JbTsLayout *lo, const JbArticle *art, guint idx, GError **error)
{
  g_autoptr(GPtrArray) title = g_ptr_array_new_with_free_func((GDestroyNotify)jb_ts_para_free);
  if (!jb_ts_title_lines(lo, art, idx, title, error))
    return FALSE;
  guint n_title = 0;
  for (guint i = 0; i < title->len; i++)
    n_title += ((JbTsPara *)g_ptr_array_index(title, i))->lines->len;
  g_autoptr(JbTsPara) first = NULL;
  if (art->paragraphs->len > 0) {
    g_autofree char *where = g_strdup_printf("article %u paragraph 1", idx);
    first = jb_ts_para_new(lo, g_ptr_array_index(art->paragraphs, 0), where, error);
    if (first == NULL)
      return FALSE;
  }
  guint keep = n_title + (first ? 1 + MIN(2, first->lines->len) : 0);
  if (keep > JB_TS_GRID_LINES)
    keep = n_title;
  if (keep > JB_TS_GRID_LINES)
    keep = 1;
  if (lo->slot > 0 && lo->slot + 1 + keep > JB_TS_GRID_LINES) {
    if (!jb_ts_new_page(lo, error))
      return FALSE;
  }
  jb_ts_blank(lo);
  if (!jb_ts_need(lo, keep, error))
    return FALSE;
  if (!jb_ts_title_place(lo, title, error))
    return FALSE;
  jb_ts_blank(lo);
  if (first && !jb_ts_para_place(lo, first, error))
    return FALSE;
  for (guint i = 1; i < art->paragraphs->len; i++) {
    g_autofree char *where = g_strdup_printf("article %u paragraph %u", idx, i + 1);
    if (!jb_ts_paragraph(lo, g_ptr_array_index(art->paragraphs, i), where, error))
      return FALSE;
  }
  return TRUE;
}

/* The 简讯 section: a centred heading in the heading-1 face, then numbered items. */
static gboolean
jb_ts_briefs(JbTsLayout *lo, GError **error)
{
  GPtrArray *briefs = lo->issue->briefs;
  if (briefs == NULL || briefs->len == 0)
    return TRUE;
  if (lo->slot > 0 && lo->slot + 4 > JB_TS_GRID_LINES && !jb_ts_new_page(lo, error))
    return FALSE;
  jb_ts_blank(lo);
  if (!jb_ts_need(lo, 3, error))
    return FALSE;
  if (!jb_ts_centred(lo, "简讯", JB_FONT_ROLE_HEADING1, JB_TS_SIZE_BODY,
                     jb_ts_slot_baseline(lo->slot, JB_TS_SIZE_BODY), FALSE, "the 简讯 heading",
                     error))
    return FALSE;
  lo->slot++;
  for (guint i = 0; i < briefs->len; i++) {
    g_autofree char *text = g_strdup_printf("%u. %s", i + 1, (char *)g_ptr_array_index(briefs, i));
    g_autofree char *where = g_strdup_printf("brief %u", i + 1);
    if (!jb_ts_paragraph(lo, text, where, error))
      return FALSE;
  }
  return TRUE;
}

/* One 版记 block ("报：…") shaped and broken: 4号, one character in on both sides, wrapped
 * lines aligned after the colon. */
static JbTsPara *
jb_ts_dist_block(JbTsLayout *lo, const JbDistribution *d, guint idx, GError **error)
{
  g_autoptr(GString) text = g_string_new(d->label);
  g_string_append(text, "：");
  for (guint i = 0; d->recipients && i < d->recipients->len; i++) {
    if (i)
      g_string_append(text, "，");
    g_string_append(text, g_ptr_array_index(d->recipients, i));
  }
  g_autofree char *where = g_strdup_printf("版记 block %u", idx);
  g_autoptr(JbTsPara) p = g_new0(JbTsPara, 1);
  p->shaped = jb_ts_shape(lo, text->str, JB_FONT_ROLE_BODY, JB_TS_SIZE_SMALL, where, error);
  if (p->shaped == NULL)
    return NULL;
  guint label_len = (guint)g_utf8_strlen(d->label, -1) + 1;
  JbLinebreakParams params = jb_ts_params(p->shaped, JB_TS_BLOCK_W - 2 * JB_TS_SIZE_SMALL, 0, TRUE);
  params.rest_indent = jb_ts_span_width(p->shaped, 0, MIN(label_len, p->shaped->n), 0);
  p->lines = jb_linebreak_run(&params);
  return g_steal_pointer(&p);
}

/* The 版记 at the bottom of the last page (or of a new one when it does not fit), between
 * full-width rules: thick first and last, thin between blocks, the last on the block's
 * bottom edge. */
static gboolean
jb_ts_distribution(JbTsLayout *lo, GError **error)
{
  GPtrArray *dist = lo->issue->distribution;
  if (dist == NULL || dist->len == 0)
    return TRUE;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func((GDestroyNotify)jb_ts_para_free);
  guint rows = 0;
  for (guint i = 0; i < dist->len; i++) {
    JbTsPara *p = jb_ts_dist_block(lo, g_ptr_array_index(dist, i), i + 1, error);
    if (p == NULL)
      return FALSE;
    g_ptr_array_add(blocks, p);
    rows += p->lines->len;
  }
  if (rows > JB_TS_GRID_LINES) {
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
                "the 版记 needs %u lines, more than a page holds", rows);
    return FALSE;
  }
  if (lo->slot + rows > JB_TS_GRID_LINES && !jb_ts_new_page(lo, error))
    return FALSE;
  guint slot = JB_TS_GRID_LINES - rows;
  jb_ts_add_rule(lo->page, jb_ts_slot_boundary(slot), JB_TS_RULE_THICK, FALSE);
  for (guint b = 0; b < blocks->len; b++) {
    JbTsPara *p = g_ptr_array_index(blocks, b);
    if (b > 0)
      jb_ts_add_rule(lo->page, jb_ts_slot_boundary(slot), JB_TS_RULE_THIN, FALSE);
    for (guint i = 0; i < p->lines->len; i++, slot++) {
      JbLine *line = &g_array_index(p->lines, JbLine, i);
      jb_ts_emit(lo->page, p->shaped, line->start, line->end,
                 JB_TS_MARGIN_LEFT + JB_TS_SIZE_SMALL + line->indent,
                 jb_ts_slot_baseline(slot, JB_TS_SIZE_SMALL), line->spacing, FALSE);
    }
  }
  jb_ts_add_rule(lo->page, jb_ts_slot_boundary(JB_TS_GRID_LINES), JB_TS_RULE_THICK, FALSE);
  lo->slot = JB_TS_GRID_LINES;
  return TRUE;
}

typedef struct {
  double top;
  gboolean any;
} JbTsInkTop;

static void
jb_ts_ink_point(void *data, double x, double y)
{
  JbTsInkTop *ink = data;
  ink->top = ink->any ? MAX(ink->top, y) : y;
  ink->any = TRUE;
}

static void
jb_ts_ink_curve(void *data, double x1, double y1, double x2, double y2, double x3, double y3)
{
  jb_ts_ink_point(data, x1, y1);
  jb_ts_ink_point(data, x2, y2);
  jb_ts_ink_point(data, x3, y3);
}

static void
jb_ts_ink_close(void *data)
{
}

/* How far the top of the em dash's stroke sits above the baseline: GB/T 9704 measures
 * the page number's position from it. */
static double
jb_ts_dash_top(JbFontFace *face, double size)
{
  static const JbOutlineSink sink = { jb_ts_ink_point, jb_ts_ink_point, jb_ts_ink_curve,
                                      jb_ts_ink_close };
  JbTsInkTop ink = { 0 };
  if (!jb_font_face_outline(face, 0x2014, size, &sink, &ink, NULL) || !ink.any)
    return 0.4 * size;
  return ink.top;
}

/* "— n —" in 4号, its dashes 7 mm under the text block; odd pages right, even left, one
 * character in. */
static gboolean
jb_ts_page_numbers(JbTsLayout *lo, GError **error)
{
  for (guint i = 0; i < lo->doc->pages->len; i++) {
    if (i == 0 && !lo->options->number_first_page)
      continue;
    g_autofree char *text = g_strdup_printf("— %u —", i + 1);
    g_autoptr(JbTsShaped) s =
        jb_ts_shape(lo, text, JB_FONT_ROLE_PAGE_NUMBER, JB_TS_SIZE_SMALL, "a page number", error);
    if (s == NULL)
      return FALSE;
    double w = jb_ts_span_width(s, 0, s->n, 0);
    double bottom = JB_TS_PAGE_H - JB_TS_MARGIN_TOP - JB_TS_BLOCK_H;
    double y = bottom - 7 * JB_TS_MM - jb_ts_dash_top(s->faces[0], JB_TS_SIZE_SMALL);
    double x = (i + 1) % 2 ? JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W - JB_TS_SIZE_SMALL - w
                           : JB_TS_MARGIN_LEFT + JB_TS_SIZE_SMALL;
    jb_ts_emit(g_ptr_array_index(lo->doc->pages, i), s, 0, s->n, x, y, 0, FALSE);
  }
  return TRUE;
}

static void
jb_ts_document_info(JbTsLayout *lo)
{
  g_autoptr(GString) title = g_string_new(NULL);
  for (guint i = 0; lo->issue->masthead && i < lo->issue->masthead->len; i++)
    g_string_append(title, g_ptr_array_index(lo->issue->masthead, i));
  g_autofree char *issue_line = jb_issue_format_issue_line(lo->issue);
  if (issue_line) {
    if (title->len)
      g_string_append_c(title, ' ');
    g_string_append(title, issue_line);
  }
  lo->doc->title = g_string_free(g_steal_pointer(&title), FALSE);
  lo->doc->author = g_strdup(lo->issue->editor);
}

static guint64
jb_ts_count_strv(GPtrArray *strings)
{
  guint64 n = 0;
  for (guint i = 0; strings && i < strings->len; i++)
    n += (guint64)g_utf8_strlen(g_ptr_array_index(strings, i), -1);
  return n;
}

/* Every character the issue would print, titles included (they are placed line by line,
 * but shaped and balanced whole first); over JB_TS_MAX_CHARS is JB_TYPESET_ERROR_LIMIT. */
static gboolean
jb_ts_check_size(const JbIssue *issue, GError **error)
{
  guint64 n = jb_ts_count_strv(issue->masthead) + jb_ts_count_strv(issue->briefs);
  if (issue->editor)
    n += (guint64)g_utf8_strlen(issue->editor, -1);
  for (guint i = 0; i < issue->articles->len; i++) {
    const JbArticle *art = g_ptr_array_index(issue->articles, i);
    n += jb_ts_count_strv(art->title) + jb_ts_count_strv(art->paragraphs);
  }
  for (guint i = 0; issue->distribution && i < issue->distribution->len; i++) {
    const JbDistribution *d = g_ptr_array_index(issue->distribution, i);
    n += (guint64)g_utf8_strlen(d->label, -1) + jb_ts_count_strv(d->recipients);
  }
  if (n <= JB_TS_MAX_CHARS)
    return TRUE;
  g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT,
              "the issue has %" G_GUINT64_FORMAT " characters, more than the %d typeset accepts", n,
              JB_TS_MAX_CHARS);
  return FALSE;
}

JbTsDocument *
jb_ts_layout_issue(const JbIssue *issue, JbFontSet *fonts, const JbTypesetOptions *options,
                   GError **error)
{
  if (!jb_ts_check_size(issue, error))
    return NULL;
  g_autoptr(JbTsDocument) doc = g_new0(JbTsDocument, 1);
  doc->pages = g_ptr_array_new_with_free_func((GDestroyNotify)jb_ts_page_free);
  JbTsLayout lo = { issue, fonts, options, doc, NULL, 0 };
  if (!jb_ts_new_page(&lo, error) || !jb_ts_layout_head(&lo, error))
    return NULL;
  for (guint i = 0; i < issue->articles->len; i++)
    if (!jb_ts_article(&lo, g_ptr_array_index(issue->articles, i), i + 1, error))
      return NULL;
  if (!jb_ts_briefs(&lo, error) || !jb_ts_distribution(&lo, error) ||
      !jb_ts_page_numbers(&lo, error))
    return NULL;
  jb_ts_document_info(&lo);
  return g_steal_pointer(&doc);
}

/* ---- What layout will draw, read before it runs (jb-subsets.c cuts the fonts meanwhile) ---- */

typedef struct {
  JbFontSet *fonts;
  GHashTable *out;     /* "file:index" → JbTsFontChars* */
  GHashTable *by_face; /* JbFontFace* → its JbTsFontChars* in @out */
  /* Characters already looked up, per role: a bit set for the BMP (every character of
   * the issue passes here, and a hash table's add was half the prediction's work), a hash
   * set beyond. */
  JbTsCharBits *seen_bmp[JB_FONT_ROLE_COUNT];
  GHashTable *seen[JB_FONT_ROLE_COUNT];
} JbTsPredict;

/* Marks @ch seen for @role; FALSE when it was already. */
static gboolean
jb_ts_predict_first_time(JbTsPredict *pr, JbFontRole role, gunichar ch)
{
  if (ch > 0xFFFF)
    return g_hash_table_add(pr->seen[role], GUINT_TO_POINTER(ch));
  return jb_ts_char_bits_add(pr->seen_bmp[role], ch);
}

static void
jb_ts_font_chars_free(JbTsFontChars *fc)
{
  g_hash_table_unref(fc->chars);
  g_free(fc);
}

static void
jb_ts_predict_char(JbTsPredict *pr, JbFontRole role, gunichar ch)
{
  if (!jb_ts_predict_first_time(pr, role, ch))
    return;
  /* A character no font has is left to layout, whose error says where it is. */
  JbFontFace *face = jb_ts_pick_face(pr->fonts, role, ch);
  gunichar drawn = face == NULL ? 0 : ch <= 0xFFFF ? ch : jb_ts_carrier(face);
  if (drawn == 0)
    return;
  JbTsFontChars *fc = g_hash_table_lookup(pr->by_face, face);
  if (fc == NULL) {
    g_autofree char *key = jb_ts_font_key(face);
    fc = g_hash_table_lookup(pr->out, key);
    if (fc == NULL) {
      fc = g_new0(JbTsFontChars, 1);
      fc->face = face;
      fc->chars = g_hash_table_new(NULL, NULL);
      g_hash_table_insert(pr->out, g_steal_pointer(&key), fc);
    }
    g_hash_table_insert(pr->by_face, face, fc);
  }
  g_hash_table_add(fc->chars, GUINT_TO_POINTER(drawn));
}

static void
jb_ts_predict_text(JbTsPredict *pr, JbFontRole role, const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char(p))
    jb_ts_predict_char(pr, role, g_utf8_get_char(p));
}

static void
jb_ts_predict_all(JbTsPredict *pr, JbFontRole role, GPtrArray *texts)
{
  for (guint i = 0; texts && i < texts->len; i++)
    jb_ts_predict_text(pr, role, g_ptr_array_index(texts, i));
}

/* Mirrors jb_ts_layout_issue and the functions it calls: each text in the role it is
 * shaped in. Page numbers are not known yet, so every digit is counted. */
GHashTable *
jb_ts_layout_predict_chars(const JbIssue *issue, JbFontSet *fonts, const JbTypesetOptions *options)
{
  JbTsPredict pr = { fonts, NULL, NULL, { NULL }, { NULL } };
  pr.out =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)jb_ts_font_chars_free);
  pr.by_face = g_hash_table_new(NULL, NULL);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    pr.seen[r] = g_hash_table_new(NULL, NULL);
    pr.seen_bmp[r] = g_new0(JbTsCharBits, 1);
  }
  jb_ts_predict_all(&pr, JB_FONT_ROLE_MASTHEAD, issue->masthead);
  g_autofree char *issue_line = jb_issue_format_issue_line(issue);
  jb_ts_predict_text(&pr, JB_FONT_ROLE_BODY, issue_line);
  jb_ts_predict_text(&pr, JB_FONT_ROLE_BODY, issue->editor);
  g_autofree char *date = issue->date ? jb_issue_date_format_chinese(issue->date) : NULL;
  jb_ts_predict_text(&pr, JB_FONT_ROLE_BODY, date);
  for (guint i = 0; issue->articles && i < issue->articles->len; i++) {
    const JbArticle *art = g_ptr_array_index(issue->articles, i);
    jb_ts_predict_all(&pr, JB_FONT_ROLE_TITLE, art->title);
    jb_ts_predict_char(&pr, JB_FONT_ROLE_TITLE, JB_TS_WRAP_MARK);
    jb_ts_predict_all(&pr, JB_FONT_ROLE_BODY, art->paragraphs);
  }
  if (issue->briefs && issue->briefs->len > 0) {
    jb_ts_predict_text(&pr, JB_FONT_ROLE_HEADING1, "简讯");
    g_autofree char *last = g_strdup_printf("%u. ", issue->briefs->len);
    jb_ts_predict_text(&pr, JB_FONT_ROLE_BODY, last);
    for (guint i = 1; i <= MIN(issue->briefs->len, 9); i++)
      jb_ts_predict_char(&pr, JB_FONT_ROLE_BODY, '0' + i);
    if (issue->briefs->len >= 10)
      jb_ts_predict_char(&pr, JB_FONT_ROLE_BODY, '0');
    jb_ts_predict_all(&pr, JB_FONT_ROLE_BODY, issue->briefs);
  }
  for (guint i = 0; issue->distribution && i < issue->distribution->len; i++) {
    const JbDistribution *d = g_ptr_array_index(issue->distribution, i);
    jb_ts_predict_text(&pr, JB_FONT_ROLE_BODY, d->label);
    jb_ts_predict_text(&pr, JB_FONT_ROLE_BODY, "：，");
    jb_ts_predict_all(&pr, JB_FONT_ROLE_BODY, d->recipients);
  }
  jb_ts_predict_text(&pr, JB_FONT_ROLE_PAGE_NUMBER, "— 0123456789");
  (void)options; /* no option changes what is drawn */
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    g_hash_table_unref(pr.seen[r]);
    g_free(pr.seen_bmp[r]);
  }
  g_hash_table_unref(pr.by_face);
  return pr.out;
}

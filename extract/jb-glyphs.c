// SPDX-License-Identifier: MIT
// Stage 1 of extraction: one page's text layer becomes an array of JbGlyph (character,
// box, size, colour, weight). It asks poppler for the page text, its layout and its
// attributes once each; all three read the same cached text page, so no page is parsed
// twice. Poppler's own spaces and line breaks are dropped here: jb-lines.c decides them
// from the gaps.
#include <string.h>

#include "extract-private.h"

gboolean
jb_extract_glyph_is_bold_font(const char *font_name)
{
  static const char *const marks[] = { "Bold", "bold", "Black", "Heavy", "Hei",
                                       "hei",  "黑",   "XBS",   "Xbs",   "Semibold" };
  if (font_name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(marks); i++)
    if (strstr(font_name, marks[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Counts what a broken ToUnicode map produces: private-use code points, controls,
 * unassigned code points (raw glyph codes) and the replacement character. */
static void
jb_extract_glyph_count(JbGlyphStats *stats, gunichar ch)
{
  GUnicodeType type = g_unichar_type(ch);
  stats->total++;
  if (type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_CONTROL || type == G_UNICODE_UNASSIGNED ||
      type == G_UNICODE_SURROGATE || ch == 0xFFFD)
    stats->bad++;
  else if (jb_issue_text_is_cjk(ch))
    stats->cjk++;
}

static guint32
jb_extract_color_pack(const PopplerColor *c)
{
  return ((guint32)(c->red >> 8) << 16) | ((guint32)(c->green >> 8) << 8) | (c->blue >> 8);
}

/* Applies one attribute run (a span of character offsets with one font, size and colour)
 * to the glyphs it covers. @index_of maps a text offset to a glyph index or -1. */
static void
jb_extract_glyphs_apply(GArray *glyphs, const int *index_of, guint n_offsets,
                        const PopplerTextAttributes *attr)
{
  gboolean bold = jb_extract_glyph_is_bold_font(attr->font_name);
  guint32 rgb = jb_extract_color_pack(&attr->color);
  for (int k = attr->start_index; k <= attr->end_index; k++) {
    if (k < 0 || (guint)k >= n_offsets || index_of[k] < 0)
      continue;
    JbGlyph *g = &g_array_index(glyphs, JbGlyph, index_of[k]);
    g->size = attr->font_size;
    g->rgb = rgb;
    g->bold = bold;
  }
}

/* Returns the page's glyphs, or NULL with JB_EXTRACT_ERROR_LIMIT when the page holds more
 * characters than jianbao accepts. A page without text gives an empty array. */
GArray *
jb_extract_glyphs_read(PopplerPage *page, JbGlyphStats *stats, GError **error)
{
  g_autofree char *text = poppler_page_get_text(page);
  g_autofree PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GArray *glyphs = g_array_new(FALSE, TRUE, sizeof(JbGlyph));
  if (text == NULL || *text == '\0')
    return glyphs;
  glong n_chars = g_utf8_strlen(text, -1);
  if (n_chars > JB_EXTRACT_MAX_CHARS_PER_PAGE) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_LIMIT,
                "%ld characters on one page (the limit is %d)", n_chars,
                JB_EXTRACT_MAX_CHARS_PER_PAGE);
    g_array_free(glyphs, TRUE);
    return NULL;
  }
  if (!poppler_page_get_text_layout(page, &rects, &n_rects))
    return glyphs;
  guint n = MIN(n_rects, (guint)n_chars);
  g_autofree int *index_of = g_new(int, n + 1);
  const char *p = text;
  for (guint k = 0; k < n; k++, p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    index_of[k] = -1;
    if (g_unichar_isspace(ch) || ch == 0x3000)
      continue;
    JbGlyph g = { ch, rects[k].x1, rects[k].y1, rects[k].x2, rects[k].y2, 0, 0, FALSE };
    if (g.x2 < g.x1 || g.y2 < g.y1)
      continue;
    jb_extract_glyph_count(stats, ch);
    index_of[k] = (int)glyphs->len;
    g_array_append_val(glyphs, g);
  }
  GList *attrs = poppler_page_get_text_attributes(page);
  for (GList *l = attrs; l != NULL; l = l->next)
    jb_extract_glyphs_apply(glyphs, index_of, n, l->data);
  poppler_page_free_text_attributes(attrs);
  /* Glyphs that no attribute covered take their box height as their size. */
  for (guint i = 0; i < glyphs->len; i++) {
    JbGlyph *g = &g_array_index(glyphs, JbGlyph, i);
    if (g->size <= 0)
      g->size = g->y2 - g->y1;
  }
  return glyphs;
}

// SPDX-License-Identifier: MIT
// Stage 2 of extraction: glyphs → lines. Glyphs are grouped by their vertical centre,
// ordered left to right, and the gaps between them decide where a space goes: only a gap
// clearly wider than the line's own letter spacing counts, so letter-spaced (justified)
// text gets no spurious spaces. A very wide gap (editor ⟷ date) becomes a tab.
#include <math.h>

#include "extract-private.h"

JbLine *
jb_extract_line_new(const char *text, int page, double x1, double y1, double x2, double y2,
                    double size)
{
  JbLine *line = g_new0(JbLine, 1);
  line->text = g_strdup(text);
  line->page = page;
  line->x1 = x1;
  line->y1 = y1;
  line->x2 = x2;
  line->y2 = y2;
  line->size = size;
  line->n_chars = (int)g_utf8_strlen(text, -1);
  return line;
}

void
jb_extract_line_free(JbLine *line)
{
  if (line == NULL)
    return;
  g_free(line->text);
  g_free(line);
}

static int
jb_extract_glyph_cmp_y(const void *a, const void *b, void *data)
{
  const JbGlyph *base = data;
  const JbGlyph *ga = &base[*(const guint *)a];
  const JbGlyph *gb = &base[*(const guint *)b];
  double ca = ga->y1 + ga->y2, cb = gb->y1 + gb->y2;
  return ca < cb ? -1 : ca > cb ? 1 : (ga->x1 < gb->x1 ? -1 : ga->x1 > gb->x1);
}

static int
jb_extract_glyph_cmp_x(const void *a, const void *b)
{
  const JbGlyph *ga = a, *gb = b;
  return ga->x1 < gb->x1 ? -1 : ga->x1 > gb->x1;
}

static int
jb_extract_double_cmp(const void *a, const void *b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return da < db ? -1 : da > db;
}

/* How many of the @n @sorted sizes s have fabs(s - x) < 0.1. Both edges of that window
 * are monotone in the sorted order, so two binary searches find them. */
static guint
jb_extract_sizes_near(const double *sorted, guint n, double x)
{
  guint a = 0, b = n;
  while (a < b) {
    guint m = (a + b) / 2;
    if (sorted[m] - x <= -0.1)
      a = m + 1;
    else
      b = m;
  }
  guint lo = a;
  b = n;
  while (a < b) {
    guint m = (a + b) / 2;
    if (sorted[m] - x < 0.1)
      a = m + 1;
    else
      b = m;
  }
  return a - lo;
}

/* The most common value of @n sizes: the size with the most others within 0.1 pt of it,
 * the first in line order on a tie. Counted on a sorted copy rather than by comparing
 * every glyph with every other. */
static double
jb_extract_size_mode(const JbGlyph *g, guint n)
{
  if (n >= 400) /* long lines: the first glyph is as good a guess as any */
    return g[0].size;
  double sorted[400];
  for (guint i = 0; i < n; i++)
    sorted[i] = g[i].size;
  qsort(sorted, n, sizeof(double), jb_extract_double_cmp);
  if (sorted[n - 1] - sorted[0] < 0.1) /* one size, the usual case: every count is n */
    return g[0].size;
  double best = g[0].size;
  guint best_count = 0;
  for (guint i = 0; i < n; i++) {
    guint count = jb_extract_sizes_near(sorted, n, g[i].size);
    if (count > best_count) {
      best_count = count;
      best = g[i].size;
    }
  }
  return best;
}

/* Turns one cluster of glyphs (already ordered by x, overprints removed) into a line. */
static JbLine *
jb_extract_line_from_glyphs(const JbGlyph *g, guint n, int page)
{
  g_autofree double *gaps = g_new(double, n + 1);
  for (guint i = 1; i < n; i++)
    gaps[i - 1] = g[i].x1 - g[i - 1].x2;
  double median = 0;
  if (n > 1) {
    g_autofree double *sorted = g_memdup2(gaps, sizeof(double) * (n - 1));
    qsort(sorted, n - 1, sizeof(double), jb_extract_double_cmp);
    median = MAX(0, sorted[(n - 1) / 2]);
  }
  double size = jb_extract_size_mode(g, n);
  GString *text = g_string_sized_new(n * 3);
  double y1 = g[0].y1, y2 = g[0].y2;
  guint n_bold = 0;
  for (guint i = 0; i < n; i++) {
    if (i > 0) {
      double em = MAX(MIN(g[i].size, g[i - 1].size), 1.0);
      if (gaps[i - 1] > median + 1.5 * em)
        g_string_append_c(text, '\t');
      else if (gaps[i - 1] > median + 0.18 * em)
        g_string_append_c(text, ' ');
    }
    g_string_append_unichar(text, g[i].ch);
    y1 = MIN(y1, g[i].y1);
    y2 = MAX(y2, g[i].y2);
    n_bold += g[i].bold;
  }
  JbLine *line = jb_extract_line_new(text->str, page, g[0].x1, y1, g[n - 1].x2, y2, size);
  g_string_free(text, TRUE);
  line->bold = n_bold * 2 > n;
  line->rgb = g[n / 2].rgb;
  for (guint i = 0; i < n; i++)
    line->x2 = MAX(line->x2, g[i].x2);
  return line;
}

/* Sorts one cluster by x and drops overprinted copies (fake bold draws a glyph twice,
 * a hair apart): a copy overlaps most of the glyph, where a doubled letter (the "tt" of
 * "written", narrower than a third of the size) starts one advance on. Returns the new
 * count. */
static guint
jb_extract_cluster_clean(JbGlyph *g, guint n)
{
  qsort(g, n, sizeof(JbGlyph), jb_extract_glyph_cmp_x);
  guint out = 0;
  for (guint i = 0; i < n; i++) {
    if (out > 0 && g[out - 1].ch == g[i].ch &&
        fabs(g[out - 1].x1 - g[i].x1) <
            MIN(0.3 * MAX(g[i].size, 1.0), 0.5 * (g[out - 1].x2 - g[out - 1].x1)))
      continue;
    g[out++] = g[i];
  }
  return out;
}

/* Groups @glyphs of page @page into lines and appends them to @out (transfer full). */
void
jb_extract_lines_build(GArray *glyphs, int page, GPtrArray *out)
{
  guint n = glyphs->len;
  if (n == 0)
    return;
  g_autofree guint *order = g_new(guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data(order, (gint)n, sizeof(guint), jb_extract_glyph_cmp_y, glyphs->data);
  g_autofree JbGlyph *cluster = g_new(JbGlyph, n);
  guint len = 0;
  double cy = 0, h = 0;
  for (guint k = 0; k <= n; k++) {
    const JbGlyph *g = k < n ? &g_array_index(glyphs, JbGlyph, order[k]) : NULL;
    double gcy = g ? (g->y1 + g->y2) / 2 : 0, gh = g ? g->y2 - g->y1 : 0;
    if (len > 0 && (g == NULL || fabs(gcy - cy) > 0.35 * MAX(h, gh))) {
      guint m = jb_extract_cluster_clean(cluster, len);
      g_ptr_array_add(out, jb_extract_line_from_glyphs(cluster, m, page));
      len = 0;
    }
    if (g == NULL)
      break;
    if (len == 0) {
      cy = gcy;
      h = gh;
    }
    h = MAX(h, gh);
    cluster[len++] = *g;
  }
}

static int
jb_extract_line_cmp(const void *a, const void *b)
{
  const JbLine *la = *(JbLine *const *)a, *lb = *(JbLine *const *)b;
  if (la->page != lb->page)
    return la->page - lb->page;
  double ca = la->y1 + la->y2, cb = lb->y1 + lb->y2;
  if (fabs(ca - cb) > 1.0)
    return ca < cb ? -1 : 1;
  return la->x1 < lb->x1 ? -1 : la->x1 > lb->x1;
}

/* Puts lines in reading order: page, then top to bottom, then left to right. */
void
jb_extract_lines_sort(GPtrArray *lines)
{
  g_ptr_array_sort(lines, jb_extract_line_cmp);
}

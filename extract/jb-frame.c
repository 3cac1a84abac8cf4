// SPDX-License-Identifier: MIT
// Stage 3 of extraction: the page frame. Nothing here assumes GB/T 9704 geometry: the body
// size, the text block's left and right edges and the line pitch are measured from this
// document's own lines. Page numbers (in any of the usual styles) are recognised by their
// words at the top or bottom of their page; running heads by repeating there on most
// pages while sitting outside the body block or in smaller type (never body text).
#include <math.h>
#include <string.h>

#include "extract-private.h"

static int
jb_extract_frame_double_cmp(const void *a, const void *b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return da < db ? -1 : da > db;
}

/* The font size that carries the most characters (rounded to 0.5 pt). */
static double
jb_extract_frame_body_size(GPtrArray *lines)
{
  g_autoptr(GHashTable) counts = g_hash_table_new(g_direct_hash, g_direct_equal);
  int best_key = 0, best = -1;
  for (guint i = 0; i < lines->len; i++) {
    const JbLine *l = lines->pdata[i];
    int key = (int)lround(l->size * 2);
    int c = GPOINTER_TO_INT(g_hash_table_lookup(counts, GINT_TO_POINTER(key))) + l->n_chars;
    g_hash_table_insert(counts, GINT_TO_POINTER(key), GINT_TO_POINTER(c));
    if (c > best) {
      best = c;
      best_key = key;
    }
  }
  return best_key > 0 ? best_key / 2.0 : 12.0;
}

static double
jb_extract_frame_percentile(GArray *values, double q, double fallback)
{
  if (values->len == 0)
    return fallback;
  qsort(values->data, values->len, sizeof(double), jb_extract_frame_double_cmp);
  guint k = (guint)floor(q * (values->len - 1));
  return g_array_index(values, double, k);
}

static gboolean
jb_extract_frame_is_body(const JbLine *l, double body)
{
  return l->role == JB_ROLE_NONE && fabs(l->size - body) < 0.6;
}

/* Measures @frame from @lines (roles not yet assigned, or NONE for body candidates). */
void
jb_extract_frame_measure(GPtrArray *lines, JbFrame *frame)
{
  double body = jb_extract_frame_body_size(lines);
  g_autoptr(GArray) x1s = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) x2s = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) advances = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) pitches = g_array_new(FALSE, FALSE, sizeof(double));
  const JbLine *prev = NULL;
  guint n_bold = 0, n_body = 0;
  for (guint i = 0; i < lines->len; i++) {
    const JbLine *l = lines->pdata[i];
    if (!jb_extract_frame_is_body(l, body) || l->n_chars < 2)
      continue;
    n_body++;
    n_bold += l->bold;
    g_array_append_val(x1s, l->x1);
    g_array_append_val(x2s, l->x2);
    if (l->n_chars >= 10) {
      double adv = (l->x2 - l->x1) / l->n_chars;
      g_array_append_val(advances, adv);
    }
    if (prev != NULL && prev->page == l->page) {
      double d = l->y2 - prev->y2;
      if (d > 0.8 * body && d < 3 * body)
        g_array_append_val(pitches, d);
    }
    prev = l;
  }
  frame->body_size = body;
  frame->body_bold = n_bold * 2 > n_body;
  frame->em = CLAMP(jb_extract_frame_percentile(advances, 0.5, body), 0.8 * body, 1.3 * body);
  frame->left = jb_extract_frame_percentile(x1s, 0.1, 0);
  frame->right = jb_extract_frame_percentile(x2s, 0.9, frame->left + 30 * body);
  frame->pitch = jb_extract_frame_percentile(pitches, 0.5, 1.5 * body);
}

/* Page numbers as printed: `2`, `— 2 —`, `-2-`, `第2页`, `第 2 页 共 6 页`, `2/6`,
 * `Page 2 of 6`. */
gboolean
jb_extract_is_page_number(const char *text)
{
  static GRegex *re;
  static gsize once;
  if (g_once_init_enter(&once)) {
    GRegex *r = g_regex_new("^(?:[-—–－―~〜_·•]*\\d{1,4}[-—–－―~〜_·•]*"
                            "|第\\d{1,4}页(?:[,，/]?共\\d{1,4}页)?"
                            "|\\d{1,4}/\\d{1,4}"
                            "|(?i:page)\\d{1,4}(?:(?i:of)\\d{1,4})?)$",
                            G_REGEX_OPTIMIZE, 0, NULL);
    re = r;
    g_once_init_leave(&once, 1);
  }
  GString *s = g_string_new(NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    int digit = g_unichar_digit_value(ch);
    if (g_unichar_isspace(ch) || ch == 0x3000)
      continue;
    if (digit >= 0)
      g_string_append_c(s, (char)('0' + digit));
    else
      g_string_append_unichar(s, ch);
  }
  gboolean match = s->len > 0 && s->len < 40 && g_regex_match(re, s->str, 0, NULL);
  g_string_free(s, TRUE);
  return match;
}

/* A running head's identity: its text without digits or spaces, plus its position. */
static char *
jb_extract_frame_head_key(const JbLine *l)
{
  GString *s = g_string_new(NULL);
  for (const char *p = l->text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (!g_unichar_isdigit(ch) && !g_unichar_isspace(ch))
      g_string_append_unichar(s, ch);
  }
  g_string_append_printf(s, "@%d", (int)lround(l->y1 / 6));
  return g_string_free(s, FALSE);
}

/* Where each page's lines start in @lines (sorted by page): page p holds
 * [starts[p], starts[p + 1]). One pass, so that long documents are not scanned once per
 * page. */
static guint *
jb_extract_frame_page_starts(GPtrArray *lines, int n_pages)
{
  guint *starts = g_new(guint, n_pages + 1);
  guint i = 0;
  for (int p = 0; p <= n_pages; p++) {
    while (i < lines->len && ((JbLine *)lines->pdata[i])->page < p)
      i++;
    starts[p] = i;
  }
  return starts;
}

/* The lines at the top and bottom edges of a page: up to two from each end. */
static int
jb_extract_frame_edges(guint first, guint last, guint *out)
{
  int n = 0;
  for (guint k = first; k < last && k < first + 2; k++)
    out[n++] = k;
  for (guint k = last; k > first && k + 2 > last; k--)
    if (k - 1 >= first + 2)
      out[n++] = k - 1;
  return n;
}

/* The body block: where runs of body lines (three body-size lines about a pitch apart)
 * start and end on a typical page, as baselines. Median over the pages, so that a short
 * last page or a page that opens with a title does not move it. FALSE when fewer than
 * half the pages have such a run: then no body-size line counts as outside the block. */
static gboolean
jb_extract_frame_block(GPtrArray *lines, int n_pages, const guint *starts, const JbFrame *frame,
                       double *top, double *bottom)
{
  g_autoptr(GArray) tops = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) bottoms = g_array_new(FALSE, FALSE, sizeof(double));
  for (int p = 0; p < n_pages; p++) {
    double first = -1, last = -1;
    const JbLine *run[3] = { NULL, NULL, NULL }; /* the last three body-size lines */
    for (guint k = starts[p]; k < starts[p + 1]; k++) {
      const JbLine *l = lines->pdata[k];
      if (fabs(l->size - frame->body_size) >= 0.6)
        continue;
      run[0] = run[1], run[1] = run[2], run[2] = l;
      if (run[0] != NULL && run[2]->y2 - run[1]->y2 < 1.3 * frame->pitch &&
          run[1]->y2 - run[0]->y2 < 1.3 * frame->pitch) {
        if (first < 0)
          first = run[0]->y2;
        last = l->y2;
      }
    }
    if (first >= 0) {
      g_array_append_val(tops, first);
      g_array_append_val(bottoms, last);
    }
  }
  if (tops->len == 0 || (int)tops->len * 2 < n_pages)
    return FALSE;
  *top = jb_extract_frame_percentile(tops, 0.5, 0);
  *bottom = jb_extract_frame_percentile(bottoms, 0.5, 0);
  return TRUE;
}

/* Could @l be a running head? Only a line outside the text block (more than a pitch
 * above or below it) or one set smaller than the body: a body line or a title at the
 * top or bottom of a page is text, however often its words recur. */
static gboolean
jb_extract_frame_head_candidate(const JbLine *l, const JbFrame *frame, gboolean block, double top,
                                double bottom)
{
  if (l->role != JB_ROLE_NONE || l->size > frame->body_size + 0.6)
    return FALSE;
  if (l->size < frame->body_size - 0.6)
    return TRUE;
  return block && (top - l->y2 > 1.1 * frame->pitch || l->y2 - bottom > 1.1 * frame->pitch);
}

static void
jb_extract_frame_mark_heads(GPtrArray *lines, int n_pages, const guint *starts,
                            const JbFrame *frame)
{
  double top = 0, bottom = 0;
  gboolean block = jb_extract_frame_block(lines, n_pages, starts, frame, &top, &bottom);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int pass = 0; pass < 2; pass++) {
    for (int p = 0; p < n_pages; p++) {
      guint edge[4];
      int n = jb_extract_frame_edges(starts[p], starts[p + 1], edge);
      for (int e = 0; e < n; e++) {
        JbLine *l = lines->pdata[edge[e]];
        if (!jb_extract_frame_head_candidate(l, frame, block, top, bottom))
          continue;
        char *key = jb_extract_frame_head_key(l);
        int count = GPOINTER_TO_INT(g_hash_table_lookup(seen, key));
        if (pass == 0)
          g_hash_table_insert(seen, key, GINT_TO_POINTER(count + 1));
        else {
          if (count >= 2 && count * 2 >= n_pages - 1)
            l->role = JB_ROLE_RUNNING_HEAD;
          g_free(key);
        }
      }
    }
  }
}

/* Marks page numbers and running heads in @lines (sorted in reading order). */
void
jb_extract_frame_mark_margins(GPtrArray *lines, int n_pages, const JbFrame *frame)
{
  g_autofree guint *starts = jb_extract_frame_page_starts(lines, n_pages);
  for (int p = 0; p < n_pages; p++) {
    guint edge[4];
    int n = jb_extract_frame_edges(starts[p], starts[p + 1], edge);
    for (int e = 0; e < n; e++) {
      JbLine *l = lines->pdata[edge[e]];
      /* Only the outermost line, or the second one when the outermost is one too. */
      if (jb_extract_is_page_number(l->text) && l->n_chars <= 20)
        l->role = JB_ROLE_PAGE_NUMBER;
    }
  }
  if (n_pages >= 2)
    jb_extract_frame_mark_heads(lines, n_pages, starts, frame);
}

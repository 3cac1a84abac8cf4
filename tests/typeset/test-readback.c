/* SPDX-License-Identifier: MIT
 *
 * Typesets tests/typeset/data/full.md with the jianbao binary and reads the PDF back with
 * poppler: character boxes give the grid (28 em a full line, 22 lines, edges within 0.5 mm),
 * the prohibition rules, page numbers and the 版记; text attributes give the masthead's
 * red; the text, in order, must be the issue's; a title line that typeset wrapped ends
 * in an invisible U+00AD, an author's line does not.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "typeset-private.h"

#define TOL (0.5 * JB_TS_MM)
/* U+00AD SOFT HYPHEN: typeset's invisible mark at the end of a title line it wrapped. */
#define TEST_WRAP_MARK 0x00AD

static PopplerDocument *test_doc;
static JbIssue *test_issue;

/* One printed line read back: its characters and their boxes (poppler's y grows down). */
typedef struct {
  GArray *chars; /* gunichar */
  double x1, x2, y1, y2;
  double size;
} TestLine;

static void
test_line_free(TestLine *l)
{
  g_array_unref(l->chars);
  g_free(l);
}

/* Splits page @i's text into lines, using poppler's own newlines. */
static GPtrArray *
test_page_lines(int i)
{
  PopplerPage *page = poppler_document_get_page(test_doc, i);
  g_autofree char *text = poppler_page_get_text(page);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  g_assert_true(poppler_page_get_text_layout(page, &rects, &n_rects));
  GList *attrs = poppler_page_get_text_attributes(page);
  GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify)test_line_free);
  TestLine *cur = NULL;
  guint k = 0;
  for (const char *p = text; *p && k < n_rects; p = g_utf8_next_char(p), k++) {
    gunichar ch = g_utf8_get_char(p);
    if (ch == '\n') {
      cur = NULL;
      continue;
    }
    if (ch == ' ')
      continue;
    if (cur == NULL) {
      cur = g_new0(TestLine, 1);
      cur->chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
      cur->x1 = rects[k].x1;
      cur->y1 = rects[k].y1;
      cur->y2 = rects[k].y2;
      for (GList *a = attrs; a; a = a->next) {
        PopplerTextAttributes *ta = a->data;
        if ((guint)ta->start_index <= k && k <= (guint)ta->end_index)
          cur->size = ta->font_size;
      }
      g_ptr_array_add(lines, cur);
    }
    g_array_append_val(cur->chars, ch);
    cur->x2 = rects[k].x2;
  }
  poppler_page_free_text_attributes(attrs);
  g_free(rects);
  g_object_unref(page);
  return lines;
}

static gboolean
test_is_body(TestLine *l)
{
  return fabs(l->size - JB_TS_SIZE_BODY) < 0.1;
}

/* Body lines end on the right edge of the text block unless they end a paragraph; they
 * start on the left edge or two grid cells in. */
static void
test_edges(void)
{
  double left = JB_TS_MARGIN_LEFT, right = JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W;
  guint full = 0, with28 = 0, with_squeeze = 0;
  for (int i = 0; i < poppler_document_get_n_pages(test_doc); i++) {
    g_autoptr(GPtrArray) lines = test_page_lines(i);
    for (guint j = 0; j + 1 < lines->len; j++) {
      TestLine *l = g_ptr_array_index(lines, j), *next = g_ptr_array_index(lines, j + 1);
      if (!test_is_body(l) || !test_is_body(next) || fabs(next->x1 - left) > TOL)
        continue;
      if (i == 0 && l->y1 < JB_TS_MARGIN_TOP + 6 * JB_TS_LINE_PITCH)
        continue; /* page 1's head: issue line, editor and date */
      /* The next line continues this paragraph: this one is full. */
      if (g_getenv("TEST_DEBUG"))
        g_printerr("p%d l%u x1=%.2f x2=%.2f n=%u\n", i, j, l->x1, l->x2, l->chars->len);
      g_assert_true(fabs(l->x1 - left) < TOL || fabs(l->x1 - left - 2 * JB_TS_CHAR_PITCH) < TOL);
      g_assert_cmpfloat(fabs(l->x2 - right), <, TOL);
      full++;
      gboolean all_wide = TRUE;
      guint squeezed = 0;
      for (guint c = 0; c < l->chars->len; c++) {
        gunichar ch = g_array_index(l->chars, gunichar, c);
        if (ch < 0x2000)
          all_wide = FALSE;
        if (c > 0 && jb_linebreak_wants_squeeze(g_array_index(l->chars, gunichar, c - 1), ch))
          squeezed++;
      }
      /* A full line fills 28 em: 28 characters, or more where adjacent punctuation was
       * squeezed (half an em a pair); 27 em when one was pushed down to keep punctuation
       * off a start. */
      if (all_wide && fabs(l->x1 - left) < TOL) {
        double ems = l->chars->len - 0.5 * squeezed;
        if (g_getenv("TEST_DEBUG"))
          g_printerr("  %.1f em, %u squeezed\n", ems, squeezed);
        g_assert_cmpfloat(ems, <=, JB_TS_GRID_CHARS);
        g_assert_cmpfloat(ems, >=, JB_TS_GRID_CHARS - 1);
        with28 += ems == JB_TS_GRID_CHARS;
        with_squeeze += squeezed > 0;
      }
    }
  }
  g_assert_cmpuint(full, >, 20);
  g_assert_cmpuint(with28, >, 3);
  g_assert_cmpuint(with_squeeze, >, 0);
}

/* Page 2 continues the text: its body lines sit on the grid pitch from the top line
 * (slot 0) to the bottom one (slot 21), 22 lines a page. */
static void
test_lines_per_page(void)
{
  g_autoptr(GPtrArray) lines = test_page_lines(1);
  TestLine *top = g_ptr_array_index(lines, 0);
  double first = (top->y1 + top->y2) / 2;
  int max_slot = 0;
  for (guint j = 0; j < lines->len; j++) {
    TestLine *l = g_ptr_array_index(lines, j);
    if (!test_is_body(l))
      continue;
    double slot = ((l->y1 + l->y2) / 2 - first) / JB_TS_LINE_PITCH;
    g_assert_cmpfloat(fabs(slot - round(slot)), <, 0.05);
    max_slot = MAX(max_slot, (int)round(slot));
  }
  g_assert_cmpint(max_slot, ==, JB_TS_GRID_LINES - 1);
  g_assert_cmpfloat(top->y1, >, JB_TS_MARGIN_TOP);
  g_assert_cmpfloat(top->y1, <, JB_TS_MARGIN_TOP + JB_TS_LINE_PITCH / 2);
}

static void
test_prohibitions(void)
{
  guint checked = 0;
  for (int i = 0; i < poppler_document_get_n_pages(test_doc); i++) {
    g_autoptr(GPtrArray) lines = test_page_lines(i);
    for (guint j = 0; j < lines->len; j++) {
      TestLine *l = g_ptr_array_index(lines, j);
      gunichar first = g_array_index(l->chars, gunichar, 0);
      gunichar last = g_array_index(l->chars, gunichar, l->chars->len - 1);
      if (first == 0x2014 && last == 0x2014)
        continue; /* the page number "— n —" */
      g_assert_false(jb_issue_text_is_line_start_forbidden(first));
      g_assert_false(jb_issue_text_is_line_end_forbidden(last));
      checked++;
    }
  }
  g_assert_cmpuint(checked, >, 40);
}

/* No number on page 1; "— n —" 7 mm under the block, odd pages right, even left. */
static void
test_page_numbers(void)
{
  int n = poppler_document_get_n_pages(test_doc);
  g_assert_cmpint(n, >=, 3);
  for (int i = 0; i < n; i++) {
    g_autoptr(GPtrArray) lines = test_page_lines(i);
    TestLine *num = NULL;
    for (guint j = 0; j < lines->len; j++) {
      TestLine *l = g_ptr_array_index(lines, j);
      if (l->y1 > JB_TS_MARGIN_TOP + JB_TS_BLOCK_H)
        num = l;
    }
    if (i == 0) {
      g_assert_null(num);
      continue;
    }
    g_assert_nonnull(num);
    g_assert_cmpuint(g_array_index(num->chars, gunichar, 0), ==, 0x2014);
    g_assert_cmpuint(g_array_index(num->chars, gunichar, 1), ==, '0' + (i + 1) % 10);
    g_assert_cmpfloat(fabs(num->size - JB_TS_SIZE_SMALL), <, 0.1);
    if ((i + 1) % 2)
      g_assert_cmpfloat(fabs(num->x2 - (JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W - 14)), <, TOL);
    else
      g_assert_cmpfloat(fabs(num->x1 - (JB_TS_MARGIN_LEFT + 14)), <, TOL);
    double below = num->y1 - (JB_TS_MARGIN_TOP + JB_TS_BLOCK_H);
    g_assert_cmpfloat(below, >, 3 * JB_TS_MM);
    g_assert_cmpfloat(below, <, 9 * JB_TS_MM);
  }
}

static void
test_masthead_red(void)
{
  PopplerPage *page = poppler_document_get_page(test_doc, 0);
  GList *attrs = poppler_page_get_text_attributes(page);
  g_assert_nonnull(attrs);
  PopplerTextAttributes *first = attrs->data;
  g_assert_cmpuint(first->color.red, >, 60000);
  g_assert_cmpuint(first->color.green, <, 20000);
  g_assert_cmpuint(first->color.blue, <, 20000);
  g_assert_cmpfloat(first->font_size, >, 30);
  poppler_page_free_text_attributes(attrs);
  g_object_unref(page);
}

/* The 版记 sits on the last page: 报：/送： at the left, one character in, in 4号. */
static void
test_distribution(void)
{
  int n = poppler_document_get_n_pages(test_doc);
  g_autoptr(GPtrArray) lines = test_page_lines(n - 1);
  guint labels = 0;
  for (guint j = 0; j < lines->len; j++) {
    TestLine *l = g_ptr_array_index(lines, j);
    gunichar a = g_array_index(l->chars, gunichar, 0);
    if ((a == 0x62A5 || a == 0x9001) && g_array_index(l->chars, gunichar, 1) == 0xFF1A) {
      g_assert_cmpfloat(fabs(l->x1 - JB_TS_MARGIN_LEFT - JB_TS_SIZE_SMALL), <, TOL);
      g_assert_cmpfloat(fabs(l->size - JB_TS_SIZE_SMALL), <, 0.1);
      labels++;
    }
  }
  g_assert_cmpuint(labels, ==, 2);
}

/* Drops whitespace and the titles' wrap marks so the PDF's text and the issue's compare
 * character by character. */
static char *
test_squeeze(const char *s)
{
  GString *out = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    if (!g_unichar_isspace(g_utf8_get_char(p)) && g_utf8_get_char(p) != TEST_WRAP_MARK)
      g_string_append_unichar(out, g_utf8_get_char(p));
  return g_string_free(out, FALSE);
}

static void
test_text_in_order(void)
{
  GString *all = g_string_new(NULL);
  for (int i = 0; i < poppler_document_get_n_pages(test_doc); i++) {
    PopplerPage *page = poppler_document_get_page(test_doc, i);
    g_autofree char *t = poppler_page_get_text(page);
    g_autofree char *sq = test_squeeze(t);
    g_string_append(all, sq);
    g_object_unref(page);
  }
  const char *pos = all->str;
  for (guint a = 0; a < test_issue->articles->len; a++) {
    JbArticle *art = g_ptr_array_index(test_issue->articles, a);
    GPtrArray *parts = g_ptr_array_new();
    g_ptr_array_extend(parts, art->title, NULL, NULL);
    g_ptr_array_extend(parts, art->paragraphs, NULL, NULL);
    for (guint i = 0; i < parts->len; i++) {
      g_autofree char *want = test_squeeze(g_ptr_array_index(parts, i));
      /* A page number may interrupt a paragraph: compare its halves. */
      glong len = g_utf8_strlen(want, -1);
      char *mid = g_utf8_offset_to_pointer(want, MIN(len / 2, 20));
      g_autofree char *head = g_strndup(want, (gsize)(mid - want));
      const char *hit = strstr(pos, head);
      if (hit == NULL)
        g_error("text missing or out of order: %s", want);
      pos = hit + strlen(head);
    }
    g_ptr_array_unref(parts);
  }
  for (guint b = 0; b < test_issue->briefs->len; b++) {
    g_autofree char *want = test_squeeze(g_ptr_array_index(test_issue->briefs, b));
    g_assert_nonnull(strstr(pos, want));
  }
  g_string_free(all, TRUE);
}

/* The text of the title lines (22 pt) of the whole document, in order. */
static GPtrArray *
test_title_lines(void)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < poppler_document_get_n_pages(test_doc); i++) {
    g_autoptr(GPtrArray) lines = test_page_lines(i);
    for (guint j = 0; j < lines->len; j++) {
      TestLine *l = g_ptr_array_index(lines, j);
      if (fabs(l->size - JB_TS_SIZE_TITLE) >= 0.1)
        continue;
      GString *t = g_string_new(NULL);
      for (guint c = 0; c < l->chars->len; c++)
        g_string_append_unichar(t, g_array_index(l->chars, gunichar, c));
      g_ptr_array_add(titles, g_string_free(t, FALSE));
    }
  }
  return titles;
}

/* A title line that typeset wrapped ends with U+00AD in poppler's text; an author's line
 * (a title of several "#" lines) does not; the marks taken out, each run of marked lines
 * and the unmarked line after it is one authored line again. */
static void
test_title_wrap_marks(void)
{
  g_autoptr(GPtrArray) printed = test_title_lines();
  g_autofree char *mark = g_malloc0(8);
  g_unichar_to_utf8(TEST_WRAP_MARK, mark);
  g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func(g_free);
  GString *run = g_string_new(NULL);
  guint n_in_run = 0, wrapped = 0;
  for (guint k = 0; k < printed->len; k++) {
    const char *line = g_ptr_array_index(printed, k);
    gboolean marked = g_str_has_suffix(line, mark);
    const char *inside = strstr(line, mark);
    g_assert_true(inside == NULL || inside + strlen(mark) == line + strlen(line));
    g_string_append_len(run, line, (gssize)(strlen(line) - (marked ? strlen(mark) : 0)));
    n_in_run++;
    if (!marked) {
      wrapped += n_in_run > 1;
      g_ptr_array_add(joined, g_string_free(run, FALSE));
      run = g_string_new(NULL);
      n_in_run = 0;
    }
  }
  g_assert_cmpuint(run->len, ==, 0); /* the last title line is never marked */
  g_string_free(run, TRUE);
  guint n = 0;
  for (guint a = 0; a < test_issue->articles->len; a++) {
    JbArticle *art = g_ptr_array_index(test_issue->articles, a);
    for (guint i = 0; i < art->title->len; i++, n++) {
      g_assert_cmpuint(n, <, joined->len);
      g_autofree char *want = test_squeeze(g_ptr_array_index(art->title, i));
      g_assert_cmpstr(g_ptr_array_index(joined, n), ==, want);
    }
  }
  g_assert_cmpuint(n, ==, joined->len);
  g_assert_cmpuint(wrapped, ==, 1);      /* full.md's long title */
  g_assert_cmpuint(printed->len, >=, 5); /* its 3 lines + the 2 "#" lines of the other */
}

/* The mark is invisible: where poppler says it is, the rendered page is blank. */
static void
test_title_wrap_mark_invisible(void)
{
  guint checked = 0;
  for (int i = 0; i < poppler_document_get_n_pages(test_doc); i++) {
    PopplerPage *page = poppler_document_get_page(test_doc, i);
    g_autofree char *text = poppler_page_get_text(page);
    g_autofree PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    g_assert_true(poppler_page_get_text_layout(page, &rects, &n_rects));
    double w, h, scale = 4;
    poppler_page_get_size(page, &w, &h);
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * scale), (int)(h * scale));
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    const unsigned char *px = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    guint k = 0;
    for (const char *p = text; *p && k < n_rects; p = g_utf8_next_char(p), k++) {
      if (g_utf8_get_char(p) != TEST_WRAP_MARK)
        continue;
      /* The box shrunk by a point, clear of the glyph before it. */
      PopplerRectangle *r = &rects[k];
      g_assert_cmpfloat(r->x2 - r->x1, >, 2);
      for (int y = (int)((r->y1 + 1) * scale); y < (int)((r->y2 - 1) * scale); y++)
        for (int x = (int)((r->x1 + 1) * scale); x < (int)((r->x2 - 1) * scale); x++) {
          guint32 v = *(const guint32 *)(px + y * stride + x * 4);
          g_assert_cmphex(v & 0xFFFFFF, ==, 0xFFFFFF);
        }
      checked++;
    }
    cairo_surface_destroy(surface);
    g_object_unref(page);
  }
  g_assert_cmpuint(checked, >=, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  const char *src = g_getenv("JB_SOURCE_DIR"), *cli = g_getenv("JB_CLI");
  g_assert_nonnull(src);
  g_assert_nonnull(cli);
  g_autofree char *input = g_build_filename(src, "tests/typeset/data/full.md", NULL);
  g_autofree char *dir = g_dir_make_tmp("jb-readback-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename(dir, "full.pdf", NULL);
  const char *args[] = { cli, "typeset", input, "-o", pdf, NULL };
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)args, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                             &status, &error));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_autofree char *uri = g_filename_to_uri(pdf, NULL, NULL);
  test_doc = poppler_document_new_from_file(uri, NULL, &error);
  g_assert_no_error(error);
  test_issue = jb_issue_load(input, JB_ISSUE_SYNTAX_UNKNOWN, &error);
  g_assert_no_error(error);
  g_test_add_func("/typeset/readback/edges", test_edges);
  g_test_add_func("/typeset/readback/lines-per-page", test_lines_per_page);
  g_test_add_func("/typeset/readback/prohibitions", test_prohibitions);
  g_test_add_func("/typeset/readback/page-numbers", test_page_numbers);
  g_test_add_func("/typeset/readback/masthead-red", test_masthead_red);
  g_test_add_func("/typeset/readback/distribution", test_distribution);
  g_test_add_func("/typeset/readback/text-in-order", test_text_in_order);
  g_test_add_func("/typeset/readback/title-wrap-marks", test_title_wrap_marks);
  g_test_add_func("/typeset/readback/title-wrap-mark-invisible", test_title_wrap_mark_invisible);
  int rc = g_test_run();
  g_object_unref(test_doc);
  jb_issue_free(test_issue);
  g_remove(pdf);
  g_rmdir(dir);
  return rc;
}

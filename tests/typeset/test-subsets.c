/* SPDX-License-Identifier: MIT
 *
 * Font subsets cut during layout (typeset/jb-subsets.c): the characters predicted from
 * the issue must hold every character layout draws, per font file, for every sample and
 * for issues that reach layout's corners (Latin titles, many briefs, a 版记); a prediction
 * that misses a character must fall back to a subset cut in place, with the same text in
 * the PDF; the FontFile2 stream is the subset itself; output stays byte-identical from run
 * to run although threads cut the fonts.
 */
#include <poppler.h>
#include <string.h>

#include "typeset-private.h"

static JbFontSet *test_fonts;

/* What layout drew, per font file: "file:index" → set of characters (carriers for
 * characters beyond the BMP), as jb-pdf.c collects it. */
static GHashTable *
test_drawn(const JbTsDocument *doc)
{
  GHashTable *drawn =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  for (guint p = 0; p < doc->pages->len; p++) {
    JbTsPage *page = g_ptr_array_index(doc->pages, p);
    for (guint t = 0; t < page->texts->len; t++) {
      JbTsText *text = g_ptr_array_index(page->texts, t);
      for (guint i = 0; i < text->glyphs->len; i++) {
        JbTsGlyph *g = &g_array_index(text->glyphs, JbTsGlyph, i);
        char *key = jb_ts_font_key(g->face);
        GHashTable *set = g_hash_table_lookup(drawn, key);
        if (set == NULL) {
          set = g_hash_table_new(NULL, NULL);
          g_hash_table_insert(drawn, key, set);
        } else {
          g_free(key);
        }
        gunichar ch = g->ch <= 0xFFFF ? g->ch : jb_ts_carrier(g->face);
        g_hash_table_add(set, GUINT_TO_POINTER(ch));
      }
    }
  }
  return drawn;
}

/* Asserts that @predicted holds all of what @issue's layout draws, and not much more
 * (digits for page numbers, the wrap mark, brief numbers). */
static void
test_assert_prediction_covers(const JbIssue *issue, const char *name)
{
  JbTypesetOptions options = { 0 };
  g_autoptr(GHashTable) predicted = jb_ts_layout_predict_chars(issue, test_fonts, &options);
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = jb_ts_layout_issue(issue, test_fonts, &options, &error);
  g_assert_no_error(error);
  g_autoptr(GHashTable) drawn = test_drawn(doc);
  GHashTableIter iter;
  gpointer key, value;
  guint n_drawn = 0, n_predicted = 0;
  g_hash_table_iter_init(&iter, drawn);
  while (g_hash_table_iter_next(&iter, &key, &value)) {
    JbTsFontChars *fc = g_hash_table_lookup(predicted, key);
    if (fc == NULL)
      g_error("%s: nothing predicted for %s", name, (const char *)key);
    GHashTableIter ci;
    gpointer ch;
    g_hash_table_iter_init(&ci, value);
    while (g_hash_table_iter_next(&ci, &ch, NULL))
      if (!g_hash_table_contains(fc->chars, ch))
        g_error("%s: U+%04X drawn with %s but not predicted", name, GPOINTER_TO_UINT(ch),
                (const char *)key);
    n_drawn += g_hash_table_size(value);
  }
  g_hash_table_iter_init(&iter, predicted);
  while (g_hash_table_iter_next(&iter, &key, &value))
    n_predicted += g_hash_table_size(((JbTsFontChars *)value)->chars);
  g_test_message("%s: %u characters drawn, %u predicted", name, n_drawn, n_predicted);
  g_assert_cmpuint(n_predicted, <=, n_drawn + 16);
}

static JbIssue *
test_markdown(const char *md)
{
  g_autoptr(GError) error = NULL;
  JbIssue *issue = jb_issue_from_markdown_data(md, -1, "test.md", &error);
  g_assert_no_error(error);
  return issue;
}

static void
test_prediction_samples(void)
{
  g_autofree char *dir = g_build_filename(g_getenv("JB_SOURCE_DIR"), "samples", NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name(d)) != NULL) {
    if (!g_str_has_suffix(name, ".md") || strcmp(name, "README.md") == 0)
      continue;
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JbIssue) issue = jb_issue_load(path, JB_ISSUE_SYNTAX_UNKNOWN, &error);
    g_assert_no_error(error);
    test_assert_prediction_covers(issue, name);
    n++;
  }
  g_assert_cmpuint(n, ==, 5);
}

/* Latin in the masthead (drawn by the masthead face) and in titles (the latin face), a
 * title that wraps (the wrap mark), twelve briefs (two-digit numbers), a 版记. */
static const char *const test_corners =
    "---\nmasthead:\n  - ABC工作简报 2026\nyear: 2026\nnumber: 9\ntotal: 544\n"
    "editor: Office of XYZ 编\ndate: 2026-03-27\n---\n\n"
    "# Report 2026：关于推进快递业与制造业深度融合发展的实施意见及其配套措施的通知与说明\n\n"
    "正文 with Latin words, 35.7% and “quotes”——dash……\n\n"
    "## 简讯\n\n"
    "1. 一\n2. 二\n3. 三\n4. 四\n5. 五\n6. 六\n7. 七\n8. 八\n9. 九\n10. 十\n11. 十一\n"
    "12. Twelve\n\n"
    "## 版记\n\n报：国家邮政局，市委办公厅\n\n送：各区 office\n";

static void
test_prediction_corners(void)
{
  g_autoptr(JbIssue) issue = test_markdown(test_corners);
  test_assert_prediction_covers(issue, "corners");
}

static char *
test_pdf_text(GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(pdf, NULL, &error);
  g_assert_no_error(error);
  GString *text = g_string_new(NULL);
  for (int i = 0; i < poppler_document_get_n_pages(doc); i++) {
    PopplerPage *page = poppler_document_get_page(doc, i);
    g_autofree char *t = poppler_page_get_text(page);
    g_string_append(text, t);
    g_object_unref(page);
  }
  g_object_unref(doc);
  return g_string_free(text, FALSE);
}

/* Renders @issue with @predicted (taken; NULL: no prediction). */
static GBytes *
test_render(const JbIssue *issue, GHashTable *predicted, guint *misses)
{
  JbTypesetOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsSubsets) subsets = jb_ts_subsets_start(predicted);
  g_autoptr(JbTsDocument) doc = jb_ts_layout_issue(issue, test_fonts, &options, &error);
  g_assert_no_error(error);
  GBytes *pdf = jb_ts_pdf_render(doc, &options, subsets, &error);
  g_assert_no_error(error);
  *misses = jb_ts_subsets_get_misses(subsets);
  return pdf;
}

/* A prediction without one character the body draws still gives a PDF with all the
 * text: the subset is cut again for exactly what was drawn. */
static void
test_miss_falls_back(void)
{
  if (g_get_num_processors() < 2) {
    g_test_skip("one processor: no subset is cut ahead");
    return;
  }
  g_autoptr(JbIssue) issue = test_markdown(test_corners);
  JbTypesetOptions options = { 0 };
  guint misses = 0;
  g_autoptr(GBytes) good =
      test_render(issue, jb_ts_layout_predict_chars(issue, test_fonts, &options), &misses);
  g_assert_cmpuint(misses, ==, 0);
  GHashTable *predicted = jb_ts_layout_predict_chars(issue, test_fonts, &options);
  JbFontFace *body = jb_font_set_lookup_face(test_fonts, JB_FONT_ROLE_BODY, 0x6B63); /* 正 */
  g_autofree char *key = jb_ts_font_key(body);
  JbTsFontChars *fc = g_hash_table_lookup(predicted, key);
  g_assert_nonnull(fc);
  g_assert_true(g_hash_table_remove(fc->chars, GUINT_TO_POINTER(0x6B63)));
  g_autoptr(GBytes) fallback = test_render(issue, predicted, &misses);
  g_assert_cmpuint(misses, ==, 1);
  g_autofree char *good_text = test_pdf_text(good);
  g_autofree char *fallback_text = test_pdf_text(fallback);
  g_assert_nonnull(strstr(fallback_text, "正文"));
  g_assert_cmpstr(fallback_text, ==, good_text);
  /* No prediction at all: every subset is cut in place. */
  g_autoptr(GBytes) none = test_render(issue, NULL, &misses);
  g_autofree char *none_text = test_pdf_text(none);
  g_assert_cmpstr(none_text, ==, good_text);
}

/* The body font's FontFile2 is the subset as hb-subset cut it: /Length1 is its size
 * (memmem, since the PDF holds NUL bytes). */
static void
test_fontfile_is_subset(void)
{
  g_autoptr(JbIssue) issue = test_markdown(test_corners);
  JbTypesetOptions options = { 0 };
  g_autoptr(GHashTable) predicted = jb_ts_layout_predict_chars(issue, test_fonts, &options);
  guint misses = 0;
  g_autoptr(GBytes) pdf = test_render(issue, g_hash_table_ref(predicted), &misses);
  JbFontFace *body = jb_font_set_lookup_face(test_fonts, JB_FONT_ROLE_BODY, 0x6B63);
  g_autofree char *key = jb_ts_font_key(body);
  JbTsFontChars *fc = g_hash_table_lookup(predicted, key);
  g_autoptr(GArray) chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
  for (gunichar ch = 0; ch <= 0xFFFF; ch++)
    if (g_hash_table_contains(fc->chars, GUINT_TO_POINTER(ch)))
      g_array_append_val(chars, ch);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) subset =
      jb_font_face_subset(body, (const gunichar *)chars->data, chars->len, &error);
  g_assert_no_error(error);
  g_autofree char *length1 =
      g_strdup_printf("/Length1 %" G_GSIZE_FORMAT "\n", g_bytes_get_size(subset));
  gsize len = 0;
  const char *data = g_bytes_get_data(pdf, &len);
  g_assert_cmpuint(misses, ==, 0);
  g_assert_nonnull(memmem(data, len, length1, strlen(length1)));
}

/* Threads cut the fonts, yet the same input gives the same bytes. */
static void
test_reproducible(void)
{
  g_setenv("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  g_autoptr(JbIssue) issue = test_markdown(test_corners);
  JbTypesetOptions options = { 0 };
  guint misses = 0;
  g_autoptr(GBytes) a =
      test_render(issue, jb_ts_layout_predict_chars(issue, test_fonts, &options), &misses);
  g_autoptr(GBytes) b =
      test_render(issue, jb_ts_layout_predict_chars(issue, test_fonts, &options), &misses);
  g_assert_true(g_bytes_equal(a, b));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  test_fonts = jb_font_set_new(NULL, NULL, &error);
  g_assert_no_error(error);
  g_test_add_func("/typeset/subsets/prediction-samples", test_prediction_samples);
  g_test_add_func("/typeset/subsets/prediction-corners", test_prediction_corners);
  g_test_add_func("/typeset/subsets/miss-falls-back", test_miss_falls_back);
  g_test_add_func("/typeset/subsets/fontfile-is-subset", test_fontfile_is_subset);
  g_test_add_func("/typeset/subsets/reproducible", test_reproducible);
  int status = g_test_run();
  jb_font_set_free(test_fonts);
  return status;
}

/* SPDX-License-Identifier: MIT
 *
 * Typeset's limits and page bounds: issues built to stress the layout (a title longer
 * than a page, a tall masthead, a long editor, a big issue) must either lay out with every
 * glyph inside its page, and inside the text block except page numbers, with all of it
 * read back by poppler; or fail with JB_TYPESET_ERROR_LIMIT naming what is too big.
 */
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "typeset-private.h"

/* How far a glyph's em box may stray outside the text block: a full line of 16 pt
 * ideographs on the 28-character grid (15.8 pt pitch) ends 0.2 pt past the right edge. */
#define TOL (0.5 * JB_TS_MM)

static JbFontSet *test_fonts;

/* The front matter every case starts from; %s is extra masthead/editor lines or "". */
static const char *const test_front = "---\n"
                                      "masthead:\n"
                                      "%s"
                                      "year: 2026\n"
                                      "number: 9\n"
                                      "total: 544\n"
                                      "editor: %s\n"
                                      "date: 2026-03-27\n"
                                      "---\n\n";

static char *
test_front_matter(guint n_masthead, const char *masthead_line, const char *editor)
{
  g_autoptr(GString) m = g_string_new(NULL);
  for (guint i = 0; i < n_masthead; i++)
    g_string_append_printf(m, "  - %s%u\n", masthead_line, i + 1);
  return g_strdup_printf(test_front, m->str, editor);
}

static JbIssue *
test_issue(const char *md)
{
  g_autoptr(GError) error = NULL;
  JbIssue *issue = jb_issue_from_markdown_data(md, -1, "test.md", &error);
  g_assert_no_error(error);
  return issue;
}

static JbTsDocument *
test_layout(const char *md, GError **error)
{
  g_autoptr(JbIssue) issue = test_issue(md);
  JbTypesetOptions options = { 0 };
  return jb_ts_layout_issue(issue, test_fonts, &options, error);
}

/* A page number: "— n —" under the text block. */
static gboolean
test_is_page_number(const JbTsText *t)
{
  return t->glyphs->len > 0 && g_array_index(t->glyphs, JbTsGlyph, 0).ch == 0x2014 &&
         t->y < JB_TS_PAGE_H - JB_TS_MARGIN_TOP - JB_TS_BLOCK_H;
}

/* Every visible glyph's em box inside the text block (page numbers: inside the page);
 * Returns: how many glyphs were checked. */
static guint
test_check_inside(const JbTsDocument *doc)
{
  const double left = JB_TS_MARGIN_LEFT, right = JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W;
  const double top = JB_TS_PAGE_H - JB_TS_MARGIN_TOP, bottom = top - JB_TS_BLOCK_H;
  guint n = 0;
  for (guint p = 0; p < doc->pages->len; p++) {
    JbTsPage *page = g_ptr_array_index(doc->pages, p);
    for (guint t = 0; t < page->texts->len; t++) {
      JbTsText *text = g_ptr_array_index(page->texts, t);
      if (text->invisible)
        continue;
      gboolean number = test_is_page_number(text);
      double x1 = number ? 0 : left, x2 = number ? JB_TS_PAGE_W : right;
      double y1 = number ? 0 : bottom, y2 = number ? JB_TS_PAGE_H : top;
      for (guint g = 0; g < text->glyphs->len; g++) {
        JbTsGlyph *gl = &g_array_index(text->glyphs, JbTsGlyph, g);
        if (g_unichar_isspace(gl->ch))
          continue;
        double lo = text->y - (1 - 0.88) * text->size, hi = text->y + 0.88 * text->size;
        if (gl->x < x1 - TOL || gl->x + gl->advance > x2 + TOL || lo < y1 - TOL || hi > y2 + TOL)
          g_error("page %u: U+%04X at x %.1f–%.1f, y %.1f–%.1f is outside %.1f–%.1f × %.1f–%.1f",
                  p + 1, gl->ch, gl->x, gl->x + gl->advance, lo, hi, x1, x2, y1, y2);
        n++;
      }
    }
  }
  return n;
}

/* Renders @doc and counts what poppler reads back (no spaces, no invisible marks). */
static guint
test_readback_count(const JbTsDocument *doc)
{
  JbTypesetOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = jb_ts_pdf_render(doc, &options, NULL, &error);
  g_assert_no_error(error);
  PopplerDocument *pdf = poppler_document_new_from_bytes(bytes, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpint(poppler_document_get_n_pages(pdf), ==, (int)doc->pages->len);
  guint n = 0;
  for (int i = 0; i < poppler_document_get_n_pages(pdf); i++) {
    PopplerPage *page = poppler_document_get_page(pdf, i);
    g_autofree char *text = poppler_page_get_text(page);
    for (const char *c = text; *c; c = g_utf8_next_char(c)) {
      gunichar ch = g_utf8_get_char(c);
      n += !g_unichar_isspace(ch) && ch != 0x00AD;
    }
    g_object_unref(page);
  }
  g_object_unref(pdf);
  return n;
}

static void
test_inside_and_read_back(const JbTsDocument *doc)
{
  guint n = test_check_inside(doc);
  g_assert_cmpuint(n, >, 0);
  g_assert_cmpuint(test_readback_count(doc), ==, n);
}

/* A title of 40 lines was drawn 18 lines below the page (one jb_ts_need for all). */
static void
test_long_title(void)
{
  g_autofree char *front = test_front_matter(2, "简报", "办公室编");
  g_autoptr(GString) md = g_string_new(front);
  for (guint i = 0; i < 40; i++)
    g_string_append_printf(md, "# 标题第%u行\n", i + 1);
  g_string_append(md, "\n正文第一段，有两行以上的文字，用来检查标题和正文是否都在页面之内。"
                      "正文第一段，有两行以上的文字，用来检查标题和正文是否都在页面之内。\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = test_layout(md->str, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(doc->pages->len, >=, 3);
  test_inside_and_read_back(doc);
}

/* A title that fits a page still moves whole to a new page rather than split. */
static void
test_title_kept_whole(void)
{
  g_autofree char *front = test_front_matter(2, "简报", "办公室编");
  g_autoptr(GString) md = g_string_new(front);
  g_string_append(md, "# 第一篇\n\n短文。\n\n");
  for (guint i = 0; i < 18; i++)
    g_string_append_printf(md, "# 标题第%u行\n", i + 1);
  g_string_append(md, "\n正文。\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = test_layout(md->str, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(doc->pages->len, ==, 2);
  test_inside_and_read_back(doc);
}

/* 100,000 title lines made a 3-page PDF with nearly all of them off the page. */
static void
test_huge_title(void)
{
  g_autofree char *front = test_front_matter(2, "简报", "办公室编");
  g_autoptr(GString) md = g_string_new(front);
  for (guint i = 0; i < 100000; i++)
    g_string_append(md, "# 标题\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = test_layout(md->str, &error);
  g_assert_null(doc);
  g_assert_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT);
}

/* 15 masthead lines pushed the head to grid line 30 of 22; 10 still fit. */
static void
test_tall_masthead(void)
{
  g_autofree char *ok = test_front_matter(10, "报头", "办公室编");
  g_autoptr(GString) md = g_string_new(ok);
  g_string_append(md, "# 标题\n\n正文。\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = test_layout(md->str, &error);
  g_assert_no_error(error);
  test_inside_and_read_back(doc);

  g_autofree char *tall = test_front_matter(15, "报头", "办公室编");
  g_string_assign(md, tall);
  g_string_append(md, "# 标题\n\n正文。\n");
  g_autoptr(JbTsDocument) bad = test_layout(md->str, &error);
  g_assert_null(bad);
  g_assert_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT);
  g_assert_nonnull(strstr(error->message, "masthead line 11"));
}

/* A big issue: titles from 1 to 30 lines, long and short paragraphs, briefs, 版记. */
static void
test_big_issue(void)
{
  g_autofree char *front = test_front_matter(2, "上海市邮政快递行业党建工作简报", "办公室编");
  g_autoptr(GString) md = g_string_new(front);
  for (guint a = 0; a < 40; a++) {
    for (guint t = 0; t < 1 + (a * 7) % 30; t++)
      g_string_append_printf(md, "# 第%u篇文章的标题第%u行，有时很长很长很长很长很长很长很长很长\n",
                             a + 1, t + 1);
    g_string_append_c(md, '\n');
    for (guint p = 0; p < 1 + a % 4; p++) {
      for (guint s = 0; s < 1 + (a + p) % 9; s++)
        g_string_append(md, "会议强调，要深刻领悟“两个确立”的决定性意义，自觉增强“四个意识”。");
      g_string_append(md, "\n\n");
    }
  }
  g_string_append(md, "## 简讯\n\n");
  for (guint b = 0; b < 30; b++)
    g_string_append(md, "1. 11月24日，申通快递有限公司举办“新申力量”总裁见面会，公司总裁与青年"
                        "员工面对面交流。\n");
  g_string_append(md, "\n## 版记\n\n报：国家邮政局\n\n送：上海市文明办，上海市建交党委办公室\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = test_layout(md->str, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(doc->pages->len, >, 20);
  test_inside_and_read_back(doc);
}

/* The page-1 text whose first glyph is @first and, unless 0, whose last is @last. */
static JbTsText *
test_find_text(const JbTsDocument *doc, gunichar first, gunichar last)
{
  JbTsPage *page = g_ptr_array_index(doc->pages, 0);
  for (guint t = 0; t < page->texts->len; t++) {
    JbTsText *text = g_ptr_array_index(page->texts, t);
    guint n = text->glyphs->len;
    if (n > 0 && g_array_index(text->glyphs, JbTsGlyph, 0).ch == first &&
        (last == 0 || g_array_index(text->glyphs, JbTsGlyph, n - 1).ch == last))
      return text;
  }
  g_error("no text from U+%04X to U+%04X on page 1", first, last);
  return NULL;
}

static double
test_text_right(const JbTsText *text)
{
  const JbTsGlyph *g = &g_array_index(text->glyphs, JbTsGlyph, text->glyphs->len - 1);
  return g->x + g->advance;
}

static JbTsDocument *
test_layout_editor(const char *editor, GError **error)
{
  g_autofree char *front = test_front_matter(2, "简报", editor);
  g_autofree char *md = g_strconcat(front, "# 标题\n\n正文。\n", NULL);
  return test_layout(md, error);
}

/* A 23-character editor ran 50 pt into the date on the same line. */
static void
test_editor_date(void)
{
  const double right = JB_TS_MARGIN_LEFT + JB_TS_BLOCK_W;
  g_autoptr(GError) error = NULL;
  /* A short editor keeps the date on its line, an em or more away. */
  g_autoptr(JbTsDocument) doc = test_layout_editor("办公室编", &error);
  g_assert_no_error(error);
  JbTsText *ed = test_find_text(doc, 0x529E, 0), *date = test_find_text(doc, '2', 0x65E5);
  g_assert_cmpfloat(ed->y, ==, date->y);
  g_assert_cmpfloat(fabs(test_text_right(date) - right), <, 0.01);
  test_inside_and_read_back(doc);

  g_autoptr(JbTsDocument) doc23 =
      test_layout_editor("中共上海市邮政管理局机关委员会党建工作办公室编", &error);
  g_assert_no_error(error);
  ed = test_find_text(doc23, 0x4E2D, 0x7F16);
  date = test_find_text(doc23, '2', 0x65E5);
  g_assert_cmpfloat(fabs(date->y - (ed->y - JB_TS_LINE_PITCH)), <, 0.01);
  g_assert_cmpfloat(fabs(test_text_right(date) - right), <, 0.01);
  test_inside_and_read_back(doc23);

  /* Longer than the measure: wrapped onto two lines, the date an em after the second. */
  g_autoptr(JbTsDocument) doc45 = test_layout_editor(
      "中共上海市邮政管理局机关委员会党建工作办公室中共上海市邮政管理局机关委员会党建工作办公室编",
      &error);
  g_assert_no_error(error);
  ed = test_find_text(doc45, 0x90AE, 0x7F16);
  date = test_find_text(doc45, '2', 0x65E5);
  g_assert_cmpfloat(date->y, ==, ed->y);
  g_assert_cmpfloat(g_array_index(date->glyphs, JbTsGlyph, 0).x, >=,
                    test_text_right(ed) + JB_TS_SIZE_BODY);
  test_inside_and_read_back(doc45);

  /* 200 characters: too long to print under a masthead. */
  g_autoptr(GString) absurd = g_string_new(NULL);
  for (guint i = 0; i < 20; i++)
    g_string_append(absurd, "党建工作办公室党建办");
  g_autoptr(JbTsDocument) bad = test_layout_editor(absurd->str, &error);
  g_assert_null(bad);
  g_assert_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT);
  g_assert_nonnull(strstr(error->message, "editor line is too long (200 characters)"));
}

/* A masthead line too long for the block got font size 0 and libharu failed (exit 1). */
static void
test_long_masthead(void)
{
  g_autoptr(GString) line = g_string_new(NULL);
  for (guint i = 0; i < 6; i++)
    g_string_append(line, "上海市邮政快递行业党建");
  g_autofree char *front = test_front_matter(1, line->str, "办公室编");
  g_autofree char *md = g_strconcat(front, "# 标题\n\n正文。\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = test_layout(md, &error);
  g_assert_null(doc);
  g_assert_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT);
  if (!strstr(error->message, "masthead line 1 is too long (67 characters)"))
    g_error("%s", error->message);
  g_clear_error(&error);
  /* 24 characters still fit at 16 pt or more. */
  g_autofree char *ok =
      test_front_matter(1, "上海市邮政快递行业党建文明创建工作简报上海市邮", "办公室编");
  g_autofree char *md_ok = g_strconcat(ok, "# 标题\n\n正文。\n", NULL);
  g_autoptr(JbTsDocument) doc_ok = test_layout(md_ok, &error);
  g_assert_no_error(error);
  test_inside_and_read_back(doc_ok);
}

/* An issue of @n_lines title lines and one paragraph of @para characters. */
static JbIssue *
test_issue_sized(guint n_lines, guint line_chars, guint para)
{
  JbIssue *issue = jb_issue_new();
  JbArticle *art = jb_article_new();
  for (guint i = 0; i < n_lines; i++) {
    g_autoptr(GString) line = g_string_new(NULL);
    for (guint c = 0; c < line_chars; c++)
      g_string_append(line, "标");
    g_ptr_array_add(art->title, g_string_free(g_steal_pointer(&line), FALSE));
  }
  g_autoptr(GString) text = g_string_new(NULL);
  for (guint c = 0; c < para; c++)
    g_string_append(text, "文");
  g_ptr_array_add(art->paragraphs, g_string_free(g_steal_pointer(&text), FALSE));
  g_ptr_array_add(issue->articles, art);
  return issue;
}

static void
test_assert_too_big(JbIssue *issue, const char *total)
{
  JbTypesetOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JbTsDocument) doc = jb_ts_layout_issue(issue, test_fonts, &options, &error);
  g_assert_null(doc);
  g_assert_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIMIT);
  g_autofree char *want = g_strdup_printf("the issue has %s characters", total);
  if (strstr(error->message, want) == NULL)
    g_error("expected “%s”, got “%s”", want, error->message);
}

/* JB_TS_MAX_CHARS was never enforced: a huge paragraph was shaped and broken whole before
 * the page limit tripped, and titles were never paginated at all. */
static void
test_max_chars(void)
{
  g_autoptr(JbIssue) body = test_issue_sized(1, 2, JB_TS_MAX_CHARS);
  test_assert_too_big(body, "4194306");
  g_autoptr(JbIssue) titles = test_issue_sized(64, 65537, 1);
  test_assert_too_big(titles, "4194369");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  test_fonts = jb_font_set_new(NULL, NULL, &error);
  g_assert_no_error(error);
  g_test_add_func("/typeset/bounds/long-title", test_long_title);
  g_test_add_func("/typeset/bounds/title-kept-whole", test_title_kept_whole);
  g_test_add_func("/typeset/bounds/huge-title", test_huge_title);
  g_test_add_func("/typeset/bounds/tall-masthead", test_tall_masthead);
  g_test_add_func("/typeset/bounds/big-issue", test_big_issue);
  g_test_add_func("/typeset/bounds/editor-date", test_editor_date);
  g_test_add_func("/typeset/bounds/long-masthead", test_long_masthead);
  g_test_add_func("/typeset/bounds/max-chars", test_max_chars);
  int rc = g_test_run();
  jb_font_set_free(test_fonts);
  return rc;
}

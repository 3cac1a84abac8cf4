// SPDX-License-Identifier: MIT
// Unit tests of the extraction stages on synthetic data (no PDF): paragraph joining,
// page-number patterns, date and editor parsing, line building from glyphs, and role
// assignment plus assembly on a made-up two-page bulletin; title lines joined at
// typeset's U+00AD wrap marks (and only there, when the maker marks its wraps).
#include <string.h>

#include "extract-private.h"

static void
test_join(void)
{
  static const char *const cases[][3] = {
    { "Hello", "world", "Hello world" },     { "中文", "字符", "中文字符" },
    { "近10", "个月", "近10个月" },          { "English", "中文", "English中文" },
    { "中文", "English", "中文English" },    { "e-", "mail", "e-mail" },
    { "ISO", "9001", "ISO 9001" },           { "2024", "年", "2024年" },
    { "first,", "second", "first, second" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *j = jb_extract_text_join(cases[i][0], cases[i][1]);
    g_assert_cmpstr(j, ==, cases[i][2]);
  }
}

static void
test_page_numbers(void)
{
  static const char *const yes[] = { "2",   "— 2 —",       "-2-",      "第2页", "第 2 页 共 6 页",
                                     "2/6", "Page 3 of 9", "－ 12 －", "２",    " - 7 - " };
  static const char *const no[] = { "2024年", "第二章", "会议指出", "2.近日", "12345", "" };
  for (gsize i = 0; i < G_N_ELEMENTS(yes); i++)
    g_assert_true(jb_extract_is_page_number(yes[i]));
  for (gsize i = 0; i < G_N_ELEMENTS(no); i++)
    g_assert_false(jb_extract_is_page_number(no[i]));
}

static void
test_dates(void)
{
  g_autofree char *before = NULL;
  g_autofree char *d1 = jb_extract_date_find("上海市邮政管理局党建办、文明办编\t2024 年 3 月 18 日",
                                             NULL, NULL, &before);
  g_assert_cmpstr(d1, ==, "2024-03-18");
  g_assert_cmpstr(g_strstrip(before), ==, "上海市邮政管理局党建办、文明办编");
  gboolean used = FALSE;
  g_autofree char *d2 = jb_extract_date_find("2026 年 3 月 27", "日", &used, NULL);
  g_assert_cmpstr(d2, ==, "2026-03-27");
  g_assert_true(used);
  g_autofree char *d3 = jb_extract_date_find("二〇二四年三月十八日", NULL, NULL, NULL);
  g_assert_cmpstr(d3, ==, "2024-03-18");
  g_autofree char *d4 = jb_extract_date_find("２０２２年１１月２１日", NULL, NULL, NULL);
  g_assert_cmpstr(d4, ==, "2022-11-21");
  g_autofree char *d5 = jb_extract_date_find("3 月 12 日，上海市邮政管理局召开", NULL, NULL, NULL);
  g_assert_null(d5);
  /* A day without 日 inside running text is not the issue date. */
  g_autofree char *d6 = jb_extract_date_find("2024年3月12起实施", NULL, NULL, NULL);
  g_assert_null(d6);
}

static void
test_labels(void)
{
  g_autofree char *label = NULL;
  const char *rest = NULL;
  g_assert_true(jb_extract_is_distribution_label("抄送：市文明办", &label, &rest));
  g_assert_cmpstr(label, ==, "抄送");
  g_assert_cmpstr(rest, ==, "市文明办");
  g_assert_true(jb_extract_is_distribution_label("报 : 国家邮政局", NULL, NULL));
  g_assert_false(jb_extract_is_distribution_label("报告指出：", NULL, NULL));
  g_assert_false(jb_extract_is_distribution_label("发展：", NULL, NULL));
}

static void
test_glyph_bold(void)
{
  g_assert_true(jb_extract_glyph_is_bold_font("ABCDEF+SimHei"));
  g_assert_true(jb_extract_glyph_is_bold_font("Times-Bold"));
  g_assert_false(jb_extract_glyph_is_bold_font("FangSong_GB2312"));
  g_assert_false(jb_extract_glyph_is_bold_font(NULL));
}

/* Appends glyphs for @text starting at @x with advance @adv (ASCII letters half that). */
static double
add_glyphs(GArray *g, const char *text, double x, double y, double size, double adv)
{
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    double w = ch < 0x80 ? adv / 2 : adv;
    if (ch != ' ') {
      JbGlyph gl = { ch, x, y - size, x + w * 0.95, y, size, 0, FALSE };
      g_array_append_val(g, gl);
    }
    x += w;
  }
  return x;
}

static void
test_lines_spacing(void)
{
  g_autoptr(GArray) g = g_array_new(FALSE, TRUE, sizeof(JbGlyph));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
  /* Letter-spaced Han text with a Latin phrase: spaces only between the Latin words. */
  double x = add_glyphs(g, "通过ISO", 100, 200, 16, 20);
  x = add_glyphs(g, " quality check", x, 200, 16, 20);
  add_glyphs(g, "认证", x, 200, 16, 20);
  /* Editor and date far apart on one line → a tab. */
  x = add_glyphs(g, "文明办编", 100, 300, 16, 16);
  add_glyphs(g, "2024年3月18日", x + 120, 300, 16, 16);
  /* An overprinted (fake bold) title: each glyph twice, a hair apart. */
  add_glyphs(g, "标题", 100, 400, 22, 22);
  add_glyphs(g, "标题", 100.4, 400, 22, 22);
  /* A doubled narrow letter (Liberation Serif's "tt" at 16 pt: 4.4 pt apart, less than a
   * third of the size) is two letters, not an overprint; a fake-bold "written" is one. */
  add_glyphs(g, "written", 100, 500, 16, 8.9);
  add_glyphs(g, "written", 100.3, 500, 16, 8.9);
  jb_extract_lines_build(g, 0, lines);
  jb_extract_lines_sort(lines);
  g_assert_cmpuint(lines->len, ==, 4);
  g_assert_cmpstr(((JbLine *)lines->pdata[3])->text, ==, "written");
  g_assert_cmpstr(((JbLine *)lines->pdata[0])->text, ==, "通过ISO quality check认证");
  g_assert_cmpstr(((JbLine *)lines->pdata[1])->text, ==, "文明办编\t2024年3月18日");
  g_assert_cmpstr(((JbLine *)lines->pdata[2])->text, ==, "标题");
  g_assert_cmpfloat_with_epsilon(((JbLine *)lines->pdata[2])->size, 22, 0.01);
}

typedef struct {
  GPtrArray *lines;
  int page;
  double y;
} Doc;

static JbLine *
doc_line(Doc *d, const char *text, double x1, double x2, double size)
{
  JbLine *l = jb_extract_line_new(text, d->page, x1, d->y - size, x2, d->y, size);
  g_ptr_array_add(d->lines, l);
  d->y += size * 1.8;
  return l;
}

/* Body: 16 pt, measure 80..528 (28 characters), indent 2 characters. */
#define L 80.0
#define R 528.0

static void
doc_body(Doc *d)
{
  d->y = 120;
  JbLine *m = doc_line(d, "上海市邮政快递行业", 120, 480, 36);
  m->rgb = 0xe60012;
  m = doc_line(d, "党建、文明创建工作简报", 110, 490, 36);
  m->rgb = 0xe60012;
  doc_line(d, "2026 年第 9 期 (总第 544 期)", 220, 390, 16);
  doc_line(d, "上海市邮政管理局党建办、文明办编\t2026 年 3 月 27", L, R - 16, 16);
  doc_line(d, "日", R - 16, R, 16);
  doc_line(d, "上海市邮政管理局召开", 194, 414, 22);
  doc_line(d, "2024年党风廉政建设工作电视电话会议", 119, 489, 22);
  doc_line(d, "3 月 12 日，上海市邮政管理局召开 2024 年党风廉政建", L + 32, R, 16);
  doc_line(d, "设工作电视电话会议。", L, L + 160, 16);
  doc_line(d, "会议指出，using the Open", L + 32, R - 16 * 3, 16);
  doc_line(d, "Document格式正文格式正文格式正文格式正文格式正文格式", L, R, 16);
  for (int i = 0; i < 12; i++)
    doc_line(d, "格式正文格式正文格式正文格式正文格式正文格式正文格式正", L, R, 16);
  doc_line(d, "— 1 —", 280, 328, 14);
  d->page = 1;
  d->y = 100;
  doc_line(d, "Format standard，这一行接着上一页的段落。", L, L + 320, 16);
  doc_line(d, "简讯：", L, L + 48, 16);
  doc_line(d, "1.11 月 24 日，申通快递有限公司举办“新申力量”总", L + 32, R, 16);
  doc_line(d, "裁见面会。", L, L + 80, 16);
  doc_line(d, "2.近日，圆通速递有限公司顺利通过认证。", L + 32, L + 400, 16);
  doc_line(d, "报：国家邮政局精神文明建设指导委员会", L + 16, L + 300, 14);
  doc_line(d, "上海市精神文明建设委员会", L + 58, L + 230, 14);
  doc_line(d, "送：上海市文明办，上海市建交党委办公室，上海市建交系", L + 16, R - 16, 14);
  doc_line(d, "统文明办，各快递企业", L + 58, L + 200, 14);
  doc_line(d, "— 2 —", 280, 328, 14);
}

static void
test_roles_and_assembly(void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
  Doc d = { lines, 0, 0 };
  doc_body(&d);
  JbFrame frame = { 0 };
  jb_extract_frame_measure(lines, &frame);
  g_assert_cmpfloat_with_epsilon(frame.body_size, 16, 0.01);
  g_assert_cmpfloat_with_epsilon(frame.left, L, 0.5);
  g_assert_cmpfloat_with_epsilon(frame.right, R, 0.5);
  jb_extract_frame_mark_margins(lines, 2, &frame);
  g_assert_true(jb_extract_roles_assign(lines, &frame));
  g_assert_cmpint(((JbLine *)lines->pdata[0])->role, ==, JB_ROLE_MASTHEAD);
  g_assert_cmpint(((JbLine *)lines->pdata[2])->role, ==, JB_ROLE_ISSUE_LINE);
  g_assert_cmpint(((JbLine *)lines->pdata[4])->role, ==, JB_ROLE_EDITOR_DATE);
  g_assert_cmpint(((JbLine *)lines->pdata[5])->role, ==, JB_ROLE_TITLE);
  g_assert_cmpint(((JbLine *)lines->pdata[23])->role, ==, JB_ROLE_PAGE_NUMBER);
  g_autoptr(JbIssue) issue = jb_extract_issue_assemble(lines, &frame);
  g_assert_cmpuint(issue->masthead->len, ==, 2);
  g_assert_cmpstr(issue->masthead->pdata[1], ==, "党建、文明创建工作简报");
  g_assert_cmpint(issue->year, ==, 2026);
  g_assert_cmpint(issue->number, ==, 9);
  g_assert_cmpint(issue->total, ==, 544);
  g_assert_cmpstr(issue->editor, ==, "上海市邮政管理局党建办、文明办编");
  g_assert_cmpstr(issue->date, ==, "2026-03-27");
  g_assert_cmpuint(issue->articles->len, ==, 1);
  JbArticle *a = issue->articles->pdata[0];
  g_assert_cmpuint(a->title->len, ==, 2);
  g_assert_cmpstr(a->title->pdata[1], ==, "2024年党风廉政建设工作电视电话会议");
  g_assert_cmpuint(a->paragraphs->len, ==, 2);
  g_assert_cmpstr(a->paragraphs->pdata[0], ==,
                  "3月12日，上海市邮政管理局召开2024年党风廉政建设工作电视电话会议。");
  /* Continues across the page break (the page number gone); Han text joins Latin
   * words with no space. */
  g_autoptr(GString) expect =
      g_string_new("会议指出，using the Open Document格式正文格式正文格式正文格式正文格式正文格式");
  for (int i = 0; i < 12; i++)
    g_string_append(expect, "格式正文格式正文格式正文格式正文格式正文格式正文格式正");
  g_string_append(expect, "Format standard，这一行接着上一页的段落。");
  g_assert_cmpstr(a->paragraphs->pdata[1], ==, expect->str);
  g_assert_cmpuint(issue->briefs->len, ==, 2);
  g_assert_cmpstr(issue->briefs->pdata[0], ==,
                  "11月24日，申通快递有限公司举办“新申力量”总裁见面会。");
  g_assert_cmpstr(issue->briefs->pdata[1], ==, "近日，圆通速递有限公司顺利通过认证。");
  g_assert_cmpuint(issue->distribution->len, ==, 2);
  JbDistribution *bao = issue->distribution->pdata[0], *song = issue->distribution->pdata[1];
  g_assert_cmpstr(bao->label, ==, "报");
  g_assert_cmpuint(bao->recipients->len, ==, 2);
  g_assert_cmpstr(bao->recipients->pdata[1], ==, "上海市精神文明建设委员会");
  g_assert_cmpstr(song->label, ==, "送");
  g_assert_cmpuint(song->recipients->len, ==, 4);
  g_assert_cmpstr(song->recipients->pdata[2], ==, "上海市建交系统文明办");
}

/* Lines with no bulletin features at all: paragraphs of one untitled article. */
static void
test_not_a_bulletin(void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
  Doc d = { lines, 0, 100 };
  doc_line(&d, "这是一段普通的文字，没有报头也没有标题，只是一段", L + 32, R, 16);
  doc_line(&d, "很长的说明。", L, L + 96, 16);
  doc_line(&d, "第二段开始了。", L + 32, L + 144, 16);
  JbFrame frame = { 0 };
  jb_extract_frame_measure(lines, &frame);
  jb_extract_frame_mark_margins(lines, 1, &frame);
  g_assert_false(jb_extract_roles_assign(lines, &frame));
  g_autoptr(JbIssue) issue = jb_extract_issue_assemble(lines, &frame);
  g_assert_cmpuint(issue->articles->len, ==, 1);
  JbArticle *a = issue->articles->pdata[0];
  g_assert_cmpuint(a->title->len, ==, 0);
  g_assert_cmpuint(a->paragraphs->len, ==, 2);
  g_assert_null(issue->date);
}

/* Title lines (22 pt) and a paragraph after them, roles given, assembled in a frame of
 * measure L..R. "~" in @texts stands for U+00AD, typeset's invisible wrap mark; "|" ends
 * an article (a paragraph follows). */
static JbIssue *
assemble_titles(const char *const *texts, gboolean marks_wraps)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
  Doc d = { lines, 0, 100 };
  for (guint i = 0; texts[i]; i++) {
    if (strcmp(texts[i], "|") == 0) {
      doc_line(&d, "正文。", L + 32, L + 80, 16)->role = JB_ROLE_PARAGRAPH;
      continue;
    }
    g_auto(GStrv) parts = g_strsplit(texts[i], "~", -1);
    g_autofree char *text = g_strjoinv("\u00AD", parts);
    /* A line that says "full" fills the measure; others are centred and shorter. */
    gboolean full = g_str_has_prefix(text, "full:");
    JbLine *l =
        doc_line(&d, full ? text + 5 : text, full ? L + 4 : L + 60, full ? R - 4 : R - 60, 22);
    l->role = JB_ROLE_TITLE;
  }
  JbFrame frame = { .body_size = 16, .em = 16, .left = L, .right = R, .pitch = 28.95 };
  frame.marks_wraps = marks_wraps;
  return jb_extract_issue_assemble(lines, &frame);
}

static void
assert_title(JbIssue *issue, guint article, const char *const *want)
{
  g_assert_cmpuint(article, <, issue->articles->len);
  JbArticle *a = issue->articles->pdata[article];
  guint n = g_strv_length((char **)want);
  g_assert_cmpuint(a->title->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr(a->title->pdata[i], ==, want[i]);
}

/* A title line ending in U+00AD (typeset wrapped it) joins the next one: directly between
 * Han, with a space between Latin words; the mark never reaches the issue. An unmarked
 * line stays an author's line even when it fills the measure. */
static void
test_title_wrap_marks(void)
{
  g_assert_true(jb_extract_has_wrap_mark("宝山\u00AD"));
  g_assert_true(jb_extract_has_wrap_mark("宝山\u00AD "));
  g_assert_false(jb_extract_has_wrap_mark("宝\u00AD山"));
  g_assert_false(jb_extract_has_wrap_mark(""));
  /* An author's soft hyphen is dropped on the way in, so it can never pose as a mark. */
  g_autofree char *canon = jb_issue_text_canonicalize("宝山\u00AD邮政 Ex\u00ADpress\u00AD");
  g_assert_cmpstr(canon, ==, "宝山邮政Express");
  const char *const texts[] = { "上海市邮政管理局联合市经信委~",
                                "公布 2024 年“上海快递业与制造~",
                                "业深度融合发展”典型案例名单",
                                "|",
                                "full:上海市邮政管理局联合市经信委公布2024年",
                                "“上海快递业与制造业深度~",
                                "融合发展”典型案例名单",
                                "|",
                                "Shanghai Post and Express~",
                                "Annual Report 2024~",
                                "年度报告",
                                "|",
                                "宝山~ ",
                                "邮政管理局",
                                NULL };
  g_autoptr(JbIssue) issue = assemble_titles(texts, FALSE);
  g_assert_cmpuint(issue->articles->len, ==, 4);
  assert_title(issue, 0,
               (const char *const[]){
                   "上海市邮政管理局联合市经信委公布2024年“上海快递业与制造业深度融合发展”"
                   "典型案例名单",
                   NULL });
  assert_title(issue, 1,
               (const char *const[]){ "上海市邮政管理局联合市经信委公布2024年",
                                      "“上海快递业与制造业深度融合发展”典型案例名单", NULL });
  assert_title(
      issue, 2,
      (const char *const[]){ "Shanghai Post and Express Annual Report 2024年度报告", NULL });
  assert_title(issue, 3, (const char *const[]){ "宝山邮政管理局", NULL });
}

/* Without any mark a full-measure title line is taken as wrapped (other makers' PDFs);
 * when the maker is known to mark its wraps (jianbao's creator), it is not. */
static void
test_title_full_measure(void)
{
  const char *const texts[] = { "full:上海市邮政管理局联合市经信委公布2024年",
                                "“上海快递业与制造业深度融合发展”典型案例名单", NULL };
  g_autoptr(JbIssue) foreign = assemble_titles(texts, FALSE);
  assert_title(foreign, 0,
               (const char *const[]){
                   "上海市邮政管理局联合市经信委公布2024年“上海快递业与制造业深度融合发展”"
                   "典型案例名单",
                   NULL });
  g_autoptr(JbIssue) own = assemble_titles(texts, TRUE);
  assert_title(own, 0,
               (const char *const[]){ "上海市邮政管理局联合市经信委公布2024年",
                                      "“上海快递业与制造业深度融合发展”典型案例名单", NULL });
}

/* Running heads (bug: body lines at a page's top/bottom whose words recur, digits aside,
 * were taken for running heads and dropped). Four pages: a body-size head well above the
 * text block is one; identical body lines at the block's top and bottom edges are not. */
static void
test_running_heads(void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
  Doc d = { lines, 0, 0 };
  for (int p = 0; p < 4; p++) {
    d.page = p;
    d.y = 40;
    doc_line(&d, "内部资料注意保存", L, L + 128, 16);
    d.y = 100;
    for (int i = 0; i < 20; i++)
      doc_line(&d, "格式正文格式正文格式正文格式正文格式正文格式正文格式正", L, R, 16);
  }
  JbFrame frame = { 0 };
  jb_extract_frame_measure(lines, &frame);
  jb_extract_frame_mark_margins(lines, 4, &frame);
  for (guint i = 0; i < lines->len; i++) {
    const JbLine *l = lines->pdata[i];
    g_assert_cmpint(l->role, ==, i % 21 == 0 ? JB_ROLE_RUNNING_HEAD : JB_ROLE_NONE);
  }
}

/* Joining a long paragraph (bug: every line rebuilt the whole paragraph, quadratic: a
 * 1,489-page paragraph took 10 s). 30,000 lines of 28 characters (2.5 MB) must join in
 * well under a second (the quadratic join needed 80 s here), and exactly. */
static void
test_long_paragraph_join(void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
  const char *row = "格式正文格式正文格式正文格式正文格式正文格式正文格式正";
  for (int i = 0; i < 30000; i++) {
    JbLine *l =
        jb_extract_line_new(row, i / 25, L, 100 + (i % 25) * 28.0, R, 116 + (i % 25) * 28.0, 16);
    l->role = JB_ROLE_PARAGRAPH;
    l->starts_block = i == 0;
    g_ptr_array_add(lines, l);
  }
  JbFrame frame = { 16, 16, L, R, 28, FALSE, FALSE };
  gint64 start = g_get_monotonic_time();
  g_autoptr(JbIssue) issue = jb_extract_issue_assemble(lines, &frame);
  double seconds = (g_get_monotonic_time() - start) / 1e6;
  g_test_message("30,000 lines joined in %.3f s", seconds);
  g_assert_cmpfloat(seconds, <, 3.0);
  g_assert_cmpuint(issue->articles->len, ==, 1);
  const char *text = ((JbArticle *)issue->articles->pdata[0])->paragraphs->pdata[0];
  g_assert_cmpuint(strlen(text), ==, 30000 * strlen(row));
}

/* Item numbers (bug risk: roles and assembly each parsed them, and could disagree on
 * where a 简讯 item starts and what is stripped): one reader for both. */
static void
test_item_numbers(void)
{
  static const char *const cases[][2] = {
    { "1.近日", "近日" },   { "12、近日", "近日" }, { "（3）近日", "近日" }, { "(4)近日", "近日" },
    { " 5．近日", "近日" }, { "6)近日", "近日" },   { "2024年", NULL },      { "（一）近日", NULL },
    { "近日", NULL },       { "(x)", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    g_assert_cmpstr(jb_extract_number_skip(cases[i][0]), ==, cases[i][1]);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/extract/join", test_join);
  g_test_add_func("/extract/page-numbers", test_page_numbers);
  g_test_add_func("/extract/dates", test_dates);
  g_test_add_func("/extract/labels", test_labels);
  g_test_add_func("/extract/glyph-bold", test_glyph_bold);
  g_test_add_func("/extract/lines-spacing", test_lines_spacing);
  g_test_add_func("/extract/roles-and-assembly", test_roles_and_assembly);
  g_test_add_func("/extract/not-a-bulletin", test_not_a_bulletin);
  g_test_add_func("/extract/title-wrap-marks", test_title_wrap_marks);
  g_test_add_func("/extract/title-full-measure", test_title_full_measure);
  g_test_add_func("/extract/running-heads", test_running_heads);
  g_test_add_func("/extract/long-paragraph-join", test_long_paragraph_join);
  g_test_add_func("/extract/item-numbers", test_item_numbers);
  return g_test_run();
}

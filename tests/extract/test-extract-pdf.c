// SPDX-License-Identifier: MIT
// End-to-end extraction on bulletin PDFs drawn here with cairo (no external tools): a
// known issue is laid out with a red masthead, wrapped and indented paragraphs over
// several pages, page numbers, 简讯 and 版记, then extracted and compared field by field.
// Variants move the signals around (page-number style, running heads, a date split over
// two lines in Chinese numerals, a masthead that is only a picture). With `--write PATH`
// it only writes the standard bulletin, for the script tests.
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "jb-extract.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define LEFT   79.0
#define RIGHT  (LEFT + 28 * 16.0)
#define TOP    105.0
#define BOTTOM 740.0
#define PITCH  28.0

typedef struct {
  gboolean picture_masthead; /* red boxes instead of masthead text */
  gboolean split_date;       /* `二〇二六年三月二十七` + `日` on the next line */
  gboolean running_head;     /* 内部资料 at the top of every page */
  const char *page_style;    /* printf format with the page number (and count) */
} Variant;

static const char *const paragraphs[] = {
  "3月12日，上海市邮政管理局召开2024年党风廉政建设工作电视电话会议，深入学习贯彻党的二十大精神，"
  "全面落实二十届中央纪委三次全会精神，认真总结回顾上海局2023年党风廉政建设和反腐败工作。",
  "会议指出，quality management systems such as ISO 9001 help the whole industry，"
  "全面贯彻党的二十大精神，落实全面从严治党主体责任和监督责任，围绕中心，服务大局，"
  "始终坚持严的基调、严的措施、严的氛围，不断推进党风廉政建设和正风肃纪工作。",
  "会议强调，要坚持以习近平新时代中国特色社会主义思想为指导，深刻领悟“两个确立”的决定性意义，"
  "自觉增强“四个意识”、坚定“四个自信”、做到“两个维护”，巩固拓展主题教育成果，"
  "驰而不息正风肃纪反腐，坚定不移把党风廉政建设向纵深推进，为奋力谱写加快建设交通强国邮政篇、"
  "加快建成具有世界影响力的社会主义现代化国际大都市提供坚强政治保障。",
  "会议明确，2024年是中华人民共和国成立75周年，是实现“十四五”规划目标任务的关键一年，"
  "要持续发力、纵深推进2024年党风廉政建设和反腐败工作。一是要深刻领悟“两个确立”的决定性意义。"
  "二是要聚焦职责使命。三是要严格落实中央八项规定及其实施细则精神。四是要一体推进“三不腐”。",
};
static const char *const paragraphs2[] = {
  "3月12日，第46个植树节如约而至。上海邮政积极助力绿色邮政建设工作，组织青年志愿者参加植树活动，"
  "以实际行动践行绿色发展理念，为建设美丽上海贡献邮政力量。",
};
static const char *const briefs[] = {
  "11月24日，申通快递有限公司举办“新申力量”总裁见面会，申通总裁来到校招生当中分享职场经验。",
  "近日，圆通速递有限公司顺利通过第三方认证公司对ISO质量、环境管理体系的审核、认证工作。",
};

typedef struct {
  cairo_t *cr;
  cairo_surface_t *surface;
  const Variant *v;
  int page, n_pages;
  double y;
} Pen;

static void
pen_font(Pen *p, double size, double r)
{
  cairo_select_font_face(p->cr, "AR PL UMing CN", CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(p->cr, size);
  cairo_set_source_rgb(p->cr, r, 0, 0);
}

static double
pen_width(Pen *p, const char *text)
{
  cairo_text_extents_t e;
  cairo_text_extents(p->cr, text, &e);
  return e.x_advance;
}

static void
pen_text(Pen *p, double x, double y, const char *text)
{
  cairo_move_to(p->cr, x, y);
  cairo_show_text(p->cr, text);
}

static void
pen_page_furniture(Pen *p)
{
  pen_font(p, 14, 0);
  if (p->v->running_head)
    pen_text(p, LEFT, 60, "内部资料　注意保存");
  g_autofree char *num = g_strdup_printf(p->v->page_style, p->page, p->n_pages);
  pen_text(p, (PAGE_W - pen_width(p, num)) / 2, 800, num);
}

static void
pen_newline(Pen *p)
{
  p->y += PITCH;
  if (p->y > BOTTOM) {
    pen_page_furniture(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = TOP;
  }
}

/* Next token: one Han character or a run of non-space ASCII (a word is never split). */
static const char *
token_end(const char *s)
{
  if ((guchar)*s >= 0x80)
    return g_utf8_next_char(s);
  while (*s && *s != ' ' && (guchar)*s < 0x80)
    s++;
  return s;
}

/* Lays out @text from @x0 (first line) and LEFT (the rest), greedy, ragged right. */
static void
pen_paragraph(Pen *p, const char *text, double x0, double left, double size)
{
  pen_font(p, size, 0);
  double x = x0;
  for (const char *s = text; *s;) {
    if (*s == ' ') {
      x += pen_width(p, " ");
      s++;
      continue;
    }
    const char *e = token_end(s);
    g_autofree char *tok = g_strndup(s, (gsize)(e - s));
    double w = pen_width(p, tok);
    if (x + w > RIGHT + 0.5) {
      pen_newline(p);
      x = left;
    }
    pen_text(p, x, p->y, tok);
    x += w;
    s = e;
  }
  pen_newline(p);
}

static void
pen_centred(Pen *p, const char *text, double size, double red)
{
  pen_font(p, size, red);
  pen_text(p, (LEFT + RIGHT - pen_width(p, text)) / 2, p->y, text);
  p->y += size * 1.6;
}

static void
draw_head(Pen *p)
{
  p->y = TOP;
  if (p->v->picture_masthead) {
    cairo_set_source_rgb(p->cr, 0.9, 0, 0);
    cairo_rectangle(p->cr, LEFT + 40, p->y - 30, 360, 80);
    cairo_fill(p->cr);
    p->y += 90;
  } else {
    pen_centred(p, "上海市邮政快递行业", 36, 0.9);
    pen_centred(p, "党建、文明创建工作简报", 36, 0.9);
  }
  pen_centred(p, "2026 年第 9 期（总第 544 期）", 16, 0);
  pen_font(p, 16, 0);
  pen_text(p, LEFT, p->y, "上海市邮政管理局党建办、文明办编");
  if (p->v->split_date) {
    pen_text(p, RIGHT - pen_width(p, "二〇二六年三月二十七"), p->y, "二〇二六年三月二十七");
    p->y += PITCH;
    pen_text(p, RIGHT - 16, p->y, "日");
  } else
    pen_text(p, RIGHT - pen_width(p, "2026 年 3 月 27 日"), p->y, "2026 年 3 月 27 日");
  cairo_set_source_rgb(p->cr, 0.9, 0, 0);
  cairo_rectangle(p->cr, LEFT, p->y + 10, RIGHT - LEFT, 1.5);
  cairo_fill(p->cr);
  p->y += 2.2 * PITCH;
}

static void
draw_bulletin(const char *path, const Variant *v, int n_pages)
{
  cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
  Pen p = { cairo_create(surface), surface, v, 1, n_pages, 0 };
  draw_head(&p);
  pen_centred(&p, "上海市邮政管理局召开", 22, 0);
  pen_centred(&p, "2024年党风廉政建设工作电视电话会议", 22, 0);
  for (gsize i = 0; i < G_N_ELEMENTS(paragraphs); i++)
    pen_paragraph(&p, paragraphs[i], LEFT + 32, LEFT, 16);
  p.y += 10;
  pen_centred(&p, "上海邮政积极助力绿色邮政建设工作", 22, 0);
  for (gsize i = 0; i < G_N_ELEMENTS(paragraphs2); i++)
    pen_paragraph(&p, paragraphs2[i], LEFT + 32, LEFT, 16);
  pen_paragraph(&p, "简讯：", LEFT, LEFT, 16);
  for (gsize i = 0; i < G_N_ELEMENTS(briefs); i++) {
    g_autofree char *item = g_strdup_printf("%zu.%s", i + 1, briefs[i]);
    pen_paragraph(&p, item, LEFT + 32, LEFT, 16);
  }
  pen_paragraph(&p, "报：国家邮政局精神文明建设指导委员会", LEFT + 14, LEFT + 14, 14);
  pen_paragraph(&p, "上海市精神文明建设委员会", LEFT + 56, LEFT + 56, 14);
  pen_paragraph(&p,
                "送：上海市文明办，上海市建交党委办公室，上海市建交系统文明办，上海市交通委文明办，"
                "各快递企业",
                LEFT + 14, LEFT + 56, 14);
  pen_page_furniture(&p);
  cairo_show_page(p.cr);
  cairo_destroy(p.cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
}

static char *
temp_pdf(const Variant *v, const char *name)
{
  g_autofree char *dir = g_dir_make_tmp("jb-extract-XXXXXX", NULL);
  char *path = g_build_filename(dir, name, NULL);
  draw_bulletin(path, v, 3);
  return path;
}

/* Removes a directory and what is in it (one level deep below it, as the tests make). */
static void
remove_dir(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *p = g_build_filename(dir, name, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR))
      remove_dir(p);
    else
      g_remove(p);
  }
  g_rmdir(dir);
}

static void
remove_tree(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);
  remove_dir(dir);
}

static void
check_body(const JbIssue *issue)
{
  g_assert_cmpint(issue->year, ==, 2026);
  g_assert_cmpint(issue->number, ==, 9);
  g_assert_cmpint(issue->total, ==, 544);
  g_assert_cmpstr(issue->editor, ==, "上海市邮政管理局党建办、文明办编");
  g_assert_cmpstr(issue->date, ==, "2026-03-27");
  g_assert_cmpuint(issue->articles->len, ==, 2);
  JbArticle *a = issue->articles->pdata[0];
  g_assert_cmpuint(a->title->len, ==, 2);
  g_assert_cmpstr(a->title->pdata[0], ==, "上海市邮政管理局召开");
  g_assert_cmpstr(a->title->pdata[1], ==, "2024年党风廉政建设工作电视电话会议");
  g_assert_cmpuint(a->paragraphs->len, ==, G_N_ELEMENTS(paragraphs));
  for (gsize i = 0; i < G_N_ELEMENTS(paragraphs); i++)
    g_assert_cmpstr(a->paragraphs->pdata[i], ==, paragraphs[i]);
  JbArticle *b = issue->articles->pdata[1];
  g_assert_cmpuint(b->title->len, ==, 1);
  g_assert_cmpuint(b->paragraphs->len, ==, 1);
  g_assert_cmpstr(b->paragraphs->pdata[0], ==, paragraphs2[0]);
  g_assert_cmpuint(issue->briefs->len, ==, 2);
  g_assert_cmpstr(issue->briefs->pdata[0], ==, briefs[0]);
  g_assert_cmpstr(issue->briefs->pdata[1], ==, briefs[1]);
  g_assert_cmpuint(issue->distribution->len, ==, 2);
  JbDistribution *bao = issue->distribution->pdata[0], *song = issue->distribution->pdata[1];
  g_assert_cmpstr(bao->label, ==, "报");
  g_assert_cmpuint(bao->recipients->len, ==, 2);
  g_assert_cmpstr(song->label, ==, "送");
  g_assert_cmpuint(song->recipients->len, ==, 5);
  g_assert_cmpstr(song->recipients->pdata[4], ==, "各快递企业");
}

static JbIssue *
extract(const char *path, const JbExtractOptions *options, guint expect_warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  JbIssue *issue = jb_extract_file(path, options, warnings, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message("warning: %s", (char *)warnings->pdata[i]);
  g_assert_cmpuint(warnings->len, ==, expect_warnings);
  return issue;
}

static void
test_standard(void)
{
  Variant v = { FALSE, FALSE, FALSE, "— %d —" };
  g_autofree char *path = temp_pdf(&v, "standard.pdf");
  JbExtractOptions options = { 0 };
  g_autoptr(JbIssue) issue = extract(path, &options, 0);
  g_assert_cmpuint(issue->masthead->len, ==, 2);
  g_assert_cmpstr(issue->masthead->pdata[0], ==, "上海市邮政快递行业");
  check_body(issue);
  remove_tree(path);
}

static void
test_variant(void)
{
  Variant v = { TRUE, TRUE, TRUE, "第 %d 页 共 %d 页" };
  g_autofree char *path = temp_pdf(&v, "variant.pdf");
  JbExtractOptions options = { 0 };
  g_autoptr(JbIssue) issue = extract(path, &options, 0);
  g_assert_cmpuint(issue->masthead->len, ==, 0);
  check_body(issue);
  remove_tree(path);
}

static void
test_pages_and_overlay(void)
{
  Variant v = { FALSE, FALSE, FALSE, "-%d-" };
  g_autofree char *path = temp_pdf(&v, "pages.pdf");
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *overlay = g_build_filename(dir, "overlay", NULL);
  JbExtractOptions options = { NULL, "2-", overlay };
  g_autoptr(JbIssue) issue = extract(path, &options, 0);
  g_assert_cmpuint(issue->masthead->len, ==, 0);
  g_assert_null(issue->date);
  g_autofree char *png = g_build_filename(overlay, "pages-p1.png", NULL);
  g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
  g_autofree char *png3 = g_build_filename(overlay, "pages-p3.png", NULL);
  g_assert_false(g_file_test(png3, G_FILE_TEST_EXISTS));
  JbExtractOptions bad = { NULL, "3-1", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_null(jb_extract_file(path, &bad, NULL, &error));
  g_assert_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT);
  remove_tree(path);
}

/* Poppler-glib passes poppler's messages to g_log: where does stderr point meanwhile? */
static void
on_poppler_message(const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  (void)domain, (void)level, (void)message;
  GStatBuf err, null;
  gboolean *muted = data;
  if (fstat(STDERR_FILENO, &err) == 0 && g_stat("/dev/null", &null) == 0 &&
      err.st_rdev == null.st_rdev && err.st_ino == null.st_ino)
    *muted = TRUE;
}

/* jb_extract_file leaves the process alone (bug: the library pointed stderr at /dev/null
 * while it worked and reset glibc's malloc thresholds to the defaults afterwards): stderr
 * stays where the program put it while poppler complains, and the program's 1 MiB mmap
 * threshold survives. */
static void
test_process_state(void)
{
  static const char chatter[] =
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
      "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> "
      "endobj\n4 0 obj << /Length 12 >> stream\nbogus 1 2 x\nendstream endobj\n"
      "trailer << /Root 1 0 R >>\n%%EOF\n";
  g_autofree char *dir = g_dir_make_tmp("jb-extract-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename(dir, "chatter.pdf", NULL);
  g_assert_true(g_file_set_contents(pdf, chatter, sizeof chatter - 1, NULL));
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  gboolean muted = FALSE;
  guint handler = g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, on_poppler_message, &muted);
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = jb_extract_file(pdf, NULL, NULL, &error);
  g_log_remove_handler("Poppler", handler);
  g_assert_null(issue);
  g_assert_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_UNSUPPORTED);
  g_assert_false(muted);
#ifdef __GLIBC__
  /* Below the program's threshold a block comes from the heap, not from mmap. */
  struct mallinfo2 before = mallinfo2();
  void *block = malloc(512 << 10);
  struct mallinfo2 after = mallinfo2();
  free(block);
  g_assert_cmpuint(after.hblks, ==, before.hblks);
#endif
  g_unlink(pdf);
  g_rmdir(dir);
}

int
main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "--write") == 0) {
    Variant v = { FALSE, FALSE, FALSE, "— %d —" };
    draw_bulletin(argv[2], &v, 3);
    return 0;
  }
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/extract-pdf/standard", test_standard);
  g_test_add_func("/extract-pdf/variant", test_variant);
  g_test_add_func("/extract-pdf/pages-and-overlay", test_pages_and_overlay);
  g_test_add_func("/extract-pdf/process-state", test_process_state);
  return g_test_run();
}

/* SPDX-License-Identifier: MIT
 *
 * Unit tests of the line breaker with a fixed-width model: ideographs and full-width
 * punctuation one em, Latin letters and digits half an em. They check the prohibition
 * rules, the units that must stay whole, the orphan rule and that justification sums to
 * the measure.
 */
#include <math.h>

#include "typeset-private.h"

#define EM    16.0
#define PITCH (442.0 / 28.0)

static double
test_width(gunichar ch, gpointer data)
{
  return ch < 0x2000 ? EM / 2 : EM;
}

static JbLinebreakParams
test_params(const gunichar *chars, glong n)
{
  JbLinebreakParams p = {
    .chars = chars,
    .n_chars = (guint)n,
    .width = test_width,
    .measure = 442.0,
    .first_indent = 2 * PITCH,
    .rest_indent = 0,
    .min_spacing = PITCH - EM,
    .latin_gap = EM / 4,
    .justify = TRUE,
  };
  return p;
}

/* Breaks @text and returns the lines as strings joined with '|'. */
static char *
test_break(const char *text, GArray **out_lines, gunichar **out_chars)
{
  glong n = 0;
  gunichar *chars = g_utf8_to_ucs4_fast(text, -1, &n);
  JbLinebreakParams p = test_params(chars, n);
  GArray *lines = jb_linebreak_run(&p);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) {
    JbLine *l = &g_array_index(lines, JbLine, i);
    g_autofree char *u = g_ucs4_to_utf8(chars + l->start, l->end - l->start, NULL, NULL, NULL);
    if (i)
      g_string_append_c(s, '|');
    g_string_append(s, u);
  }
  if (out_lines)
    *out_lines = lines;
  else
    g_array_unref(lines);
  if (out_chars)
    *out_chars = chars;
  else
    g_free(chars);
  return g_string_free(s, FALSE);
}

/* Full lines end exactly at the measure: indent + natural + (n-1)·spacing. */
static void
test_justified(void)
{
  GArray *lines = NULL;
  gunichar *chars = NULL;
  g_autofree char *s =
      test_break("3月12日，上海市邮政管理局召开2024年党风廉政建设工作电视电话会议，深入学习贯彻党的"
                 "二十大精神，"
                 "全面落实二十届中央纪委三次全会、上海市第十二届纪委第三次全会和全国邮政管理系统党"
                 "风廉政建设工作会议精神，"
                 "认真总结回顾上海局2023年党风廉政建设和反腐败工作，研究部署2024年工作任务。",
                 &lines, &chars);
  g_assert_cmpuint(lines->len, >=, 3);
  for (guint i = 0; i < lines->len; i++) {
    JbLine *l = &g_array_index(lines, JbLine, i);
    double right = l->indent + l->natural + (l->end - l->start - 1) * l->spacing;
    if (!l->last)
      g_assert_cmpfloat(fabs(right - 442.0), <, 0.01);
    else
      g_assert_cmpfloat(right, <=, 442.01);
    g_assert_false(jb_issue_text_is_line_start_forbidden(chars[l->start]));
    g_assert_false(jb_issue_text_is_line_end_forbidden(chars[l->end - 1]));
  }
  /* A line of ideographs holds 26 characters after the two-character indent. */
  JbLine *first = &g_array_index(lines, JbLine, 0);
  g_assert_cmpfloat(fabs(first->indent - 2 * PITCH), <, 1e-9);
  g_array_unref(lines);
  g_free(chars);
}

/* 28 ideographs fill a line exactly; the 29th goes to the next one. */
static void
test_grid(void)
{
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 26 + 28 + 5; i++)
    g_string_append(t, "国");
  GArray *lines = NULL;
  g_autofree char *s = test_break(t->str, &lines, NULL);
  g_string_free(t, TRUE);
  g_assert_cmpuint(lines->len, ==, 3);
  g_assert_cmpuint(g_array_index(lines, JbLine, 0).end, ==, 26);
  g_assert_cmpuint(g_array_index(lines, JbLine, 1).end - g_array_index(lines, JbLine, 1).start, ==,
                   28);
  g_assert_cmpfloat(fabs(g_array_index(lines, JbLine, 1).spacing - (PITCH - EM)), <, 0.05);
  g_array_unref(lines);
}

/* The 27th character of the first line would be "，": the line pushes one down. */
static void
test_no_start(void)
{
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 26; i++)
    g_string_append(t, "国");
  g_string_append(t, "，家家家。");
  g_autofree char *s = test_break(t->str, NULL, NULL);
  g_string_free(t, TRUE);
  g_assert_true(g_str_has_suffix(s, "|国，家家家。"));
}

static void
test_no_end(void)
{
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 25; i++)
    g_string_append(t, "国");
  g_string_append(t, "《家》国国国国");
  g_autofree char *s = test_break(t->str, NULL, NULL);
  g_string_free(t, TRUE);
  g_assert_nonnull(strstr(s, "国|《家》"));
}

static void
test_dash_and_number(void)
{
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 25; i++)
    g_string_append(t, "国");
  g_string_append(t, "——家家家家");
  g_autofree char *s = test_break(t->str, NULL, NULL);
  g_assert_null(strstr(s, "—|—"));
  g_assert_false(strstr(s, "|—") != NULL);

  g_string_truncate(t, 0);
  for (int i = 0; i < 25; i++)
    g_string_append(t, "国");
  g_string_append(t, "35.7%的家家家家");
  g_autofree char *s2 = test_break(t->str, NULL, NULL);
  g_assert_nonnull(strstr(s2, "|35.7%") != NULL ? s2 : NULL);

  g_string_truncate(t, 0);
  for (int i = 0; i < 24; i++)
    g_string_append(t, "国");
  g_string_append(t, "召开2024年会议会议");
  g_autofree char *s3 = test_break(t->str, NULL, NULL);
  g_assert_null(strstr(s3, "20|24"));
  g_assert_null(strstr(s3, "2|024"));
  g_assert_null(strstr(s3, "202|4"));
  g_string_free(t, TRUE);
}

/* 26 + 28 ideographs and one more: the last line must not hold it alone. */
static void
test_orphan(void)
{
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 26 + 28 + 1; i++)
    g_string_append(t, "国");
  GArray *lines = NULL;
  g_autofree char *s = test_break(t->str, &lines, NULL);
  g_string_free(t, TRUE);
  g_assert_cmpuint(lines->len, ==, 3);
  JbLine *last = &g_array_index(lines, JbLine, 2);
  g_assert_cmpuint(last->end - last->start, ==, 2);
  JbLine *mid = &g_array_index(lines, JbLine, 1);
  g_assert_cmpuint(mid->end - mid->start, ==, 27);
  g_assert_cmpfloat(fabs(mid->natural + 26 * mid->spacing - 442.0), <, 0.01);
  g_array_unref(lines);
}

/* Han–Latin gaps are counted; spaces between Latin words are break opportunities. */
static void
test_latin(void)
{
  g_assert_true(jb_linebreak_wants_gap(0x5E74 /* 年 */, '2'));
  g_assert_true(jb_linebreak_wants_gap('L', 0x5BB6));
  g_assert_false(jb_linebreak_wants_gap(0xFF0C /* ， */, '2'));
  g_assert_false(jb_linebreak_wants_gap('a', 'b'));
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 22; i++)
    g_string_append(t, "国");
  g_string_append(t, "DHL Express Global Forwarding国国");
  g_autofree char *s = test_break(t->str, NULL, NULL);
  g_string_free(t, TRUE);
  g_assert_null(strstr(s, "Ex|"));
  g_assert_null(strstr(s, "| "));
  g_assert_null(strstr(s, " |"));
}

/* A title too long for the measure splits into lines of about equal length. */
static void
test_balance(void)
{
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast(
      "上海市邮政管理局联合市经信委公布2024年上海快递业与制造业深度融合发展典型案例名单", -1, &n);
  JbLinebreakParams p = test_params(chars, n);
  p.first_indent = 0;
  p.justify = FALSE;
  p.measure = 442.0 * 16 / 22;
  g_autoptr(GArray) lines = jb_linebreak_balance(&p);
  g_assert_cmpuint(lines->len, ==, 3);
  for (guint i = 1; i < lines->len; i++) {
    JbLine *a = &g_array_index(lines, JbLine, 0), *b = &g_array_index(lines, JbLine, i);
    g_assert_cmpfloat(fabs(a->natural - b->natural), <, 3 * EM);
  }
}

/* Balances @text as a 22 pt title on the 16 pt test model and returns the lines joined
 * with '|'. */
static char *
test_balance_text(const char *text)
{
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast(text, -1, &n);
  JbLinebreakParams p = test_params(chars, n);
  p.first_indent = 0;
  p.min_spacing = 0;
  p.justify = FALSE;
  p.measure = 442.0 * 16 / 22;
  g_autoptr(GArray) lines = jb_linebreak_balance(&p);
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) {
    JbLine *l = &g_array_index(lines, JbLine, i);
    g_assert_cmpfloat(l->natural, <=, p.measure + 0.01);
    if (i > 0)
      g_string_append_c(out, '|');
    for (guint c = l->start; c < l->end; c++)
      g_string_append_unichar(out, chars[c]);
  }
  return g_string_free(out, FALSE);
}

/* A quoted name is not cut even when the cut would balance best; the break goes after
 * its closing quote. */
static void
test_balance_quote(void)
{
  g_autofree char *a = test_balance_text("“新时代城市建设者管理者之家”党建联建首批成员单位");
  g_assert_cmpstr(a, ==, "“新时代城市建设者管理者之家”|党建联建首批成员单位");
  g_autofree char *b = test_balance_text("关于做好《快递市场管理办法》贯彻落实工作的通知");
  g_assert_cmpstr(b, ==, "关于做好《快递市场管理办法》|贯彻落实工作的通知");
}

/* Without punctuation the title still splits in the middle. */
static void
test_balance_plain(void)
{
  g_autofree char *a =
      test_balance_text("市邮政管理局召开全市快递行业安全生产工作会议部署年度重点任务");
  g_auto(GStrv) parts = g_strsplit(a, "|", -1);
  g_assert_cmpuint(g_strv_length(parts), ==, 2);
  glong l0 = g_utf8_strlen(parts[0], -1), l1 = g_utf8_strlen(parts[1], -1);
  g_assert_cmpint(ABS(l0 - l1), <=, 1);
}

/* Adjacent full-width punctuation gives up its blank halves (clreq): ”，“ takes two ems,
 * not three, so a full line holds 28 ems of text in 29 characters, still justified to the
 * measure. */
static void
test_squeeze(void)
{
  g_assert_true(jb_linebreak_wants_squeeze(0x201D, 0xFF0C)); /* ”， */
  g_assert_true(jb_linebreak_wants_squeeze(0xFF0C, 0x201C)); /* ，“ */
  g_assert_true(jb_linebreak_wants_squeeze(0xFF08, 0x300A)); /* （《 */
  g_assert_false(jb_linebreak_wants_squeeze(0x201C, 0x201D));
  g_assert_false(jb_linebreak_wants_squeeze(0x4E00, 0xFF0C));
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast(
      "一二三四五六七八九十“一二三”，“四五六”一二三四五六七八九十一二三四五六七八九十", -1, &n);
  JbLinebreakParams p = test_params(chars, n);
  p.first_indent = 0;
  p.squeeze = EM / 2;
  g_autoptr(GArray) lines = jb_linebreak_run(&p);
  g_assert_cmpuint(lines->len, ==, 2);
  JbLine *l = &g_array_index(lines, JbLine, 0);
  g_assert_cmpuint(l->end - l->start, ==, 29);
  g_assert_cmpfloat(fabs(l->natural - 28 * EM), <, 0.001);
  g_assert_cmpfloat(fabs(l->natural + 28 * l->spacing - p.measure), <, 0.001);
}

/* Advances given per character (as layout gives them) break exactly as the width function
 * asked per character does, for paragraphs and balanced titles alike. */
static void
test_advances_given(void)
{
  const char *text =
      "为贯彻落实《“十四五”上海市邮政业发展规划》，加快构建上海“（2+2）+（3+6）”"
      "现代化产业体系，推进快递业与集成电路、生物医药、人工智能三大先导产业联动发展。";
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast(text, -1, &n);
  g_autofree double *advances = g_new(double, n);
  for (glong i = 0; i < n; i++)
    advances[i] = test_width(chars[i], NULL);
  for (int balance = 0; balance < 2; balance++) {
    JbLinebreakParams asked = test_params(chars, n);
    asked.squeeze = EM / 2;
    JbLinebreakParams given = asked;
    given.width = NULL;
    given.advances = advances;
    g_autoptr(GArray) a = balance ? jb_linebreak_balance(&asked) : jb_linebreak_run(&asked);
    g_autoptr(GArray) b = balance ? jb_linebreak_balance(&given) : jb_linebreak_run(&given);
    g_assert_cmpuint(a->len, >, 1);
    g_assert_cmpmem(a->data, a->len * sizeof(JbLine), b->data, b->len * sizeof(JbLine));
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/typeset/linebreak/justified", test_justified);
  g_test_add_func("/typeset/linebreak/grid", test_grid);
  g_test_add_func("/typeset/linebreak/no-start", test_no_start);
  g_test_add_func("/typeset/linebreak/no-end", test_no_end);
  g_test_add_func("/typeset/linebreak/dash-number", test_dash_and_number);
  g_test_add_func("/typeset/linebreak/orphan", test_orphan);
  g_test_add_func("/typeset/linebreak/latin", test_latin);
  g_test_add_func("/typeset/linebreak/squeeze", test_squeeze);
  g_test_add_func("/typeset/linebreak/balance", test_balance);
  g_test_add_func("/typeset/linebreak/balance-quote", test_balance_quote);
  g_test_add_func("/typeset/linebreak/balance-plain", test_balance_plain);
  g_test_add_func("/typeset/linebreak/advances-given", test_advances_given);
  return g_test_run();
}

// SPDX-License-Identifier: MIT
//
// Unit tests of the issue module's text helpers: canonicalisation (the spacing rules of
// shared/spec/issue-format.md), the line-breaking table, date parsing and formatting, and
// issue lines.
#include "jb-issue-private.h"

static void
check_canon(const char *in, const char *expected)
{
  g_autofree char *out = jb_issue_text_canonicalize(in);
  g_assert_cmpstr(out, ==, expected);
}

static void
test_canonicalize_spacing(void)
{
  check_canon("2024 年 3 月 18 日", "2024年3月18日");
  check_canon("DHL 等 4 家企业", "DHL等4家企业");
  check_canon("  上海市邮政管理局 召开\n2024 年 ", "上海市邮政管理局召开2024年");
  check_canon("hello   world\t\nagain", "hello world again");
  check_canon("使用 Open AI 平台", "使用Open AI平台");
  check_canon("（ 2+2 ）", "（2+2）");
  check_canon("“ 上海 ”", "“上海”");
  check_canon("全角　空格", "全角空格");   /* U+3000 is whitespace too */
  check_canon("a\xc2\xa0 b", "a b");       /* NBSP is a space */
  check_canon("零\xe2\x80\x8b宽", "零宽"); /* zero-width space dropped */
  check_canon("", "");
  check_canon("   ", "");
  check_canon("𠀀 字", "𠀀字"); /* ext B is Han */
}

static void
test_canonicalize_nfc(void)
{
  /* e + combining acute → é (U+00E9) */
  check_canon("caf\x65\xcc\x81", "caf\xc3\xa9");
  /* CJK compatibility ideograph U+F900 normalises to U+8C48 under NFC */
  check_canon("\xef\xa4\x80", "\xe8\xb1\x88");
}

/* Canonical text is a fixed point. It was not when a dropped character or space stood
 * between a base and its mark: the first pass left "e" U+0301 apart, the second composed
 * them, so the JSON reader (one pass) and the Markdown reader (two) read it differently. */
static void
test_canonicalize_idempotent(void)
{
  static const char *const inputs[] = {
    "caf\x65\xe2\x80\x8b\xcc\x81",      /* e, zero-width space, combining acute */
    "caf\x65\xc2\xad\xcc\x81",          /* e, soft hyphen, combining acute */
    "\xe3\x81\x8b \xe3\x82\x99",        /* か, space, combining voiced mark */
    "\xef\xbb\xbf\xcc\x81\xe3\x82\x99", /* BOM, then two marks out of canonical order */
    "plain 中文 text",
  };
  static const char *const expected[] = {
    "caf\xc3\xa9", "caf\xc3\xa9", "\xe3\x81\x8c", "\xe3\x82\x99\xcc\x81", "plain中文text",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(inputs); i++) {
    g_autofree char *once = jb_issue_text_canonicalize(inputs[i]);
    g_autofree char *twice = jb_issue_text_canonicalize(once);
    g_assert_cmpstr(once, ==, expected[i]);
    g_assert_cmpstr(twice, ==, once);
  }
}

static void
test_is_cjk(void)
{
  g_assert_true(jb_issue_text_is_cjk(0x4E00));
  g_assert_true(jb_issue_text_is_cjk(0x3002)); /* 。 */
  g_assert_true(jb_issue_text_is_cjk(0xFF0C)); /* ， */
  g_assert_true(jb_issue_text_is_cjk(0x3400));
  g_assert_true(jb_issue_text_is_cjk(0x20000));
  g_assert_false(jb_issue_text_is_cjk('A'));
  g_assert_false(jb_issue_text_is_cjk('1'));
  g_assert_false(jb_issue_text_is_cjk(0x201C)); /* “ is general punctuation */
}

/* The clreq / GB/T 15834 prohibitions, written out: every character here must be in
 * exactly the one table it is listed for, and the tables must hold nothing else. */
static const char test_no_start[] = "，。、；：？！）》」』〕】〗〙〛’”…—·‥％‰℃〃々ー～・︰"
                                    ",.;:?!)]}%";
static const char test_no_end[] = "（《「『〔【〖〘〚“‘([{";
/* Neither: ideographs (the fast path's bounds too), letters, digits, signs that stay with
 * a number, spaces, quotes without a side, and neighbours of table entries (ℂ U+2102,
 * 〄 U+3004, ＆ U+FF06, ０ U+FF10, Ａ U+FF21). */
static const char test_neither[] = "国一鿿㐀𠀀中Aa0+-/#@&* 　"
                                   "\x22\x27\x5C\x7C\xC2\xB6\xE2\x84\x82\xE3\x80\x84\xEF\xBC\x86"
                                   "\xEF\xBC\x90\xEF\xBC\xA1";

static void
check_in_table(const gunichar *table, gsize n, const char *chars, gboolean expected)
{
  for (const char *p = chars; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    gboolean found = FALSE;
    for (gsize i = 0; i < n; i++)
      found = found || table[i] == ch;
    if (found != expected)
      g_error("U+%04X %s the table", ch, expected ? "missing from" : "unexpectedly in");
  }
}

static void
test_line_break_membership(void)
{
  for (const char *p = test_no_start; *p; p = g_utf8_next_char(p)) {
    g_assert_true(jb_issue_text_is_line_start_forbidden(g_utf8_get_char(p)));
    g_assert_false(jb_issue_text_is_line_end_forbidden(g_utf8_get_char(p)));
  }
  for (const char *p = test_no_end; *p; p = g_utf8_next_char(p)) {
    g_assert_true(jb_issue_text_is_line_end_forbidden(g_utf8_get_char(p)));
    g_assert_false(jb_issue_text_is_line_start_forbidden(g_utf8_get_char(p)));
  }
  for (const char *p = test_neither; *p; p = g_utf8_next_char(p)) {
    g_assert_false(jb_issue_text_is_line_start_forbidden(g_utf8_get_char(p)));
    g_assert_false(jb_issue_text_is_line_end_forbidden(g_utf8_get_char(p)));
  }
  static const gunichar edges[] = { 0, 1, 0xFFFF, 0x10FFFF, 0x110000 };
  for (gsize i = 0; i < G_N_ELEMENTS(edges); i++) {
    g_assert_false(jb_issue_text_is_line_start_forbidden(edges[i]));
    g_assert_false(jb_issue_text_is_line_end_forbidden(edges[i]));
  }
}

/* Binary search needs ascending order; an entry out of place would silently vanish. The
 * tables must also be exactly the lists above, no more. */
static void
test_line_break_table(void)
{
  for (int start = 0; start < 2; start++) {
    gsize n = 0;
    const gunichar *table = jb_issue_text_line_break_table(start, &n);
    const char *listed = start ? test_no_start : test_no_end;
    g_assert_cmpuint(n, ==, (gsize)g_utf8_strlen(listed, -1));
    for (gsize i = 1; i < n; i++)
      g_assert_cmpuint(table[i - 1], <, table[i]);
    check_in_table(table, n, listed, TRUE);
    check_in_table(table, n, test_neither, FALSE);
    check_in_table(table, n, start ? test_no_end : test_no_start, FALSE);
  }
}

static void
check_date(const char *in, const char *expected)
{
  g_autofree char *out = jb_issue_date_parse(in);
  g_assert_cmpstr(out, ==, expected);
}

static void
test_date_parse(void)
{
  check_date("2026-03-27", "2026-03-27");
  check_date("2026-3-7", "2026-03-07");
  check_date("2026年3月27日", "2026-03-27");
  check_date("2026 年 3 月 27 日", "2026-03-27");
  check_date(" 2022 年 11 月 21 日 ", "2022-11-21");
  check_date("二〇二四年三月十八日", "2024-03-18");
  check_date("二零二四年十二月三十一日", "2024-12-31");
  check_date("二〇二四年十月一日", "2024-10-01");
  check_date("２０２４年３月１８日", "2024-03-18");
  check_date("2024年2月29日", "2024-02-29");
  check_date("2023年2月29日", NULL); /* not a leap year */
  check_date("2026-13-01", NULL);
  check_date("2026-04-31", NULL);
  check_date("2026年3月", NULL);
  check_date("三月十八日", NULL);
  check_date("2026-03-27x", NULL);
  check_date("", NULL);
  check_date("会议", NULL);
}

static void
test_date_format(void)
{
  g_autofree char *a = jb_issue_date_format_chinese("2026-03-07");
  g_assert_cmpstr(a, ==, "2026年3月7日");
  g_autofree char *b = jb_issue_date_format_chinese("2026-02-30");
  g_assert_null(b);
}

static void
check_issue_line(const char *in, gboolean ok, int year, int number, int total)
{
  int y = 0, n = 0, t = 0;
  g_assert_cmpint(jb_issue_parse_issue_line(in, &y, &n, &t), ==, ok);
  if (!ok)
    return;
  g_assert_cmpint(y, ==, year);
  g_assert_cmpint(n, ==, number);
  g_assert_cmpint(t, ==, total);
}

static void
test_issue_line_parse(void)
{
  const int U = JB_ISSUE_UNSET;
  check_issue_line("2026 年第 9 期 (总第 544 期)", TRUE, 2026, 9, 544);
  check_issue_line("2026年第9期（总第544期）", TRUE, 2026, 9, 544);
  check_issue_line("2026年第9期", TRUE, 2026, 9, U);
  check_issue_line("第 12 期", TRUE, U, 12, U);
  check_issue_line("第十二期", TRUE, U, 12, U);
  check_issue_line("（总第544期）", TRUE, U, U, 544);
  check_issue_line("2026年第9期〔总第544期〕", TRUE, 2026, 9, 544);
  check_issue_line("2026年第9期（总第544期", FALSE, 0, 0, 0);
  check_issue_line("2026年3月27日", FALSE, 0, 0, 0);
  check_issue_line("第期", FALSE, 0, 0, 0);
  check_issue_line("", FALSE, 0, 0, 0);
  check_issue_line("会议指出", FALSE, 0, 0, 0);
}

static void
test_issue_line_format(void)
{
  g_autoptr(JbIssue) issue = jb_issue_new();
  g_assert_null(jb_issue_format_issue_line(issue));
  issue->year = 2026;
  issue->number = 9;
  issue->total = 544;
  g_autofree char *full = jb_issue_format_issue_line(issue);
  g_assert_cmpstr(full, ==, "2026年第9期（总第544期）");
  issue->total = JB_ISSUE_UNSET;
  g_autofree char *no_total = jb_issue_format_issue_line(issue);
  g_assert_cmpstr(no_total, ==, "2026年第9期");
  /* What the formatter writes, the parser reads back. */
  int y, n, t;
  g_assert_true(jb_issue_parse_issue_line(full, &y, &n, &t));
  g_assert_cmpint(t, ==, 544);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/text/canonicalize/spacing", test_canonicalize_spacing);
  g_test_add_func("/text/canonicalize/nfc", test_canonicalize_nfc);
  g_test_add_func("/text/canonicalize/idempotent", test_canonicalize_idempotent);
  g_test_add_func("/text/is-cjk", test_is_cjk);
  g_test_add_func("/text/line-break/membership", test_line_break_membership);
  g_test_add_func("/text/line-break/table", test_line_break_table);
  g_test_add_func("/text/date/parse", test_date_parse);
  g_test_add_func("/text/date/format", test_date_format);
  g_test_add_func("/text/issue-line/parse", test_issue_line_parse);
  g_test_add_func("/text/issue-line/format", test_issue_line_format);
  return g_test_run();
}

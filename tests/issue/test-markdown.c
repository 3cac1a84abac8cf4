// SPDX-License-Identifier: MIT
//
// Unit tests of the Markdown reader and writer (docs/format.md): front matter, multi-line
// titles, briefs, both 版记 forms, inline markup and escapes, soft-break joining, the
// error positions, and that what the writer escapes reads back unchanged.
#include <string.h>

#include "jb-issue.h"

static JbIssue *
load(const char *md)
{
  g_autoptr(GError) error = NULL;
  JbIssue *issue = jb_issue_from_markdown_data(md, -1, "t.md", &error);
  g_assert_no_error(error);
  return issue;
}

static void
check_error(const char *md, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = jb_issue_from_markdown_data(md, -1, "t.md", &error);
  g_assert_null(issue);
  g_assert_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_FORMAT);
  g_assert_cmpstr(error->message, ==, message);
}

#define TITLE(issue, a, l)                                                                         \
  ((const char *)g_ptr_array_index(((JbArticle *)g_ptr_array_index((issue)->articles, a))->title,  \
                                   l))
#define PARA(issue, a, p)                                                                          \
  ((const char *)g_ptr_array_index(                                                                \
      ((JbArticle *)g_ptr_array_index((issue)->articles, a))->paragraphs, p))
#define ARTICLE(issue, a) ((JbArticle *)g_ptr_array_index((issue)->articles, a))
#define BLOCK(issue, b)   ((JbDistribution *)g_ptr_array_index((issue)->distribution, b))

static void
test_front_matter(void)
{
  g_autoptr(JbIssue) issue = load("---\n"
                                  "# a comment\n"
                                  "masthead:\n"
                                  "  - 上海市邮政快递行业\n"
                                  "  - 党建、文明创建工作简报\n"
                                  "\n"
                                  "year: 2026\n"
                                  "number: 9\n"
                                  "total: null\n"
                                  "editor: 上海市邮政管理局党建办、文明办编\n"
                                  "date: 2026 年 3 月 27 日\n"
                                  "reviewer: 张三\n"
                                  "copies: 40\n"
                                  "tags:\n"
                                  "  - a\n"
                                  "  - b\n"
                                  "---\n"
                                  "# 标题\n");
  g_assert_cmpuint(issue->masthead->len, ==, 2);
  g_assert_cmpint(issue->year, ==, 2026);
  g_assert_cmpint(issue->number, ==, 9);
  g_assert_cmpint(issue->total, ==, JB_ISSUE_UNSET);
  g_assert_cmpstr(issue->date, ==, "2026-03-27");
  g_assert_cmpstr(issue->editor, ==, "上海市邮政管理局党建办、文明办编");
  g_assert_cmpstr(json_object_get_string_member(issue->extra, "reviewer"), ==, "张三");
  g_assert_cmpint(json_object_get_int_member(issue->extra, "copies"), ==, 40);
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(issue->extra, "tags")), ==,
                   2);

  g_autoptr(JbIssue) line = load("---\nissue: 2026 年第 9 期 (总第 544 期)\nmasthead: []\n---\n");
  g_assert_cmpint(line->year, ==, 2026);
  g_assert_cmpint(line->number, ==, 9);
  g_assert_cmpint(line->total, ==, 544);
  g_assert_cmpuint(line->articles->len, ==, 0);
}

static void
test_titles(void)
{
  g_autoptr(JbIssue) issue = load("# 上海市邮政管理局召开\n"
                                  "# 2024 年党风廉政建设工作电视电话会议\n"
                                  "\n"
                                  "正文。\n"
                                  "\n"
                                  "Setext 标题第一行\n"
                                  "第二行\n"
                                  "===\n"
                                  "<!-- -->\n"
                                  "# 没有正文的文章\n"
                                  "\n"
                                  "<!-- -->\n"
                                  "\n"
                                  "# 下一篇\n"
                                  "\n"
                                  "正文二。\n");
  g_assert_cmpuint(issue->articles->len, ==, 4);
  g_assert_cmpuint(ARTICLE(issue, 0)->title->len, ==, 2);
  g_assert_cmpstr(TITLE(issue, 0, 1), ==, "2024年党风廉政建设工作电视电话会议");
  g_assert_cmpuint(ARTICLE(issue, 1)->title->len, ==, 2);
  g_assert_cmpstr(TITLE(issue, 1, 0), ==, "Setext标题第一行");
  g_assert_cmpstr(TITLE(issue, 1, 1), ==, "第二行");
  g_assert_cmpuint(ARTICLE(issue, 1)->paragraphs->len, ==, 0);
  g_assert_cmpuint(ARTICLE(issue, 2)->title->len, ==, 1);
  g_assert_cmpuint(ARTICLE(issue, 2)->paragraphs->len, ==, 0);
  g_assert_cmpstr(TITLE(issue, 3, 0), ==, "下一篇");
  g_assert_cmpstr(PARA(issue, 3, 0), ==, "正文二。");
}

static void
test_paragraphs(void)
{
  g_autoptr(JbIssue) issue =
      load("# 标题\n"
           "\n"
           "3 月 12 日，上海市邮政管理局召开 2024 年党风廉政建\n"
           "设工作电视电话会议，with DHL\n"
           "Express and *emphasis*, **strong**, `code`, [a link](http://x),\n"
           "\\*not emphasis\\*, 1\\. and \\# and &amp; too.\n"
           "\n"
           "　　两个全角空格缩进的段落。\n"
           "\n"
           "    四个空格缩进的段落\n"
           "    接着一行。\n");
  g_assert_cmpuint(ARTICLE(issue, 0)->paragraphs->len, ==, 3);
  g_assert_cmpstr(PARA(issue, 0, 0), ==,
                  "3月12日，上海市邮政管理局召开2024年党风廉政建设工作电视电话会议，with DHL "
                  "Express and emphasis, strong, code, a link, *not emphasis*, 1. and # and & "
                  "too.");
  g_assert_cmpstr(PARA(issue, 0, 1), ==, "两个全角空格缩进的段落。");
  g_assert_cmpstr(PARA(issue, 0, 2), ==, "四个空格缩进的段落接着一行。");
}

static void
test_briefs(void)
{
  g_autoptr(JbIssue) ordered = load("# 标题\n\n## 简讯\n\n1. 第一条，\n   接着写。\n2. 第二条\n");
  g_assert_cmpuint(ordered->briefs->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(ordered->briefs, 0), ==, "第一条，接着写。");
  g_autoptr(JbIssue) bullets = load("## 简讯\n\n- 甲\n- 乙\n- 丙\n");
  g_assert_cmpuint(bullets->briefs->len, ==, 3);
  g_assert_cmpstr(g_ptr_array_index(bullets->briefs, 2), ==, "丙");
  g_autoptr(JbIssue) paras = load("## 简讯：\n\n1、第一条。\n\n2.第二条。\n\n1.5亿件快递。\n");
  g_assert_cmpuint(paras->briefs->len, ==, 3);
  g_assert_cmpstr(g_ptr_array_index(paras->briefs, 0), ==, "第一条。");
  g_assert_cmpstr(g_ptr_array_index(paras->briefs, 1), ==, "第二条。");
  g_assert_cmpstr(g_ptr_array_index(paras->briefs, 2), ==, "1.5亿件快递。");
}

static void
test_distribution(void)
{
  g_autoptr(JbIssue) issue = load("# 标题\n\n正文。\n\n## 版记\n\n"
                                  "报：\n"
                                  "- 国家邮政局精神文明建设指导委员会\n"
                                  "- 上海市精神文明建设委员会\n"
                                  "\n"
                                  "送：上海市文明办，上海市建交党委办公室，上海市建交系\n"
                                  "统文明办\n"
                                  "\n"
                                  "抄送: 甲，\n"
                                  "乙\n");
  g_assert_cmpuint(issue->distribution->len, ==, 3);
  g_assert_cmpstr(BLOCK(issue, 0)->label, ==, "报");
  g_assert_cmpuint(BLOCK(issue, 0)->recipients->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(BLOCK(issue, 0)->recipients, 1), ==,
                  "上海市精神文明建设委员会");
  g_assert_cmpstr(BLOCK(issue, 1)->label, ==, "送");
  g_assert_cmpuint(BLOCK(issue, 1)->recipients->len, ==, 3);
  g_assert_cmpstr(g_ptr_array_index(BLOCK(issue, 1)->recipients, 2), ==, "上海市建交系统文明办");
  g_assert_cmpstr(BLOCK(issue, 2)->label, ==, "抄送");
  g_assert_cmpuint(BLOCK(issue, 2)->recipients->len, ==, 2);
}

static void
test_errors(void)
{
  check_error("---\nyear: 2026\n", "t.md:1:1: the front matter has no closing \"---\" line");
  check_error("---\nyear: 2026\nthis is not a key\n---\n",
              "t.md:3:1: expected \"key: value\" in the front matter");
  check_error("---\nyear: 二〇二六\n---\n", "t.md:2:7: expected a whole number for \"year\"");
  check_error("---\nnumber: 9.5\n---\n", "t.md:2:9: expected a whole number for \"number\"");
  check_error("---\ndate: 2026-02-30\n---\n",
              "t.md:2:7: expected a date (YYYY-MM-DD) for \"date\"");
  check_error("---\n  - 孤立的条目\n---\n",
              "t.md:2:3: a list item must follow a line such as \"masthead:\"");
  check_error("---\nissue: 第几期\n---\n",
              "t.md:2:8: expected an issue line such as 2026年第9期（总第544期） for \"issue\"");
  check_error("---\nmasthead: []\n---\n\n# 标题\n\n正文。\n\n## 附件\n",
              "t.md:9:1: unknown section \"附件\" (expected \"## 简讯\" or \"## 版记\")");
  check_error("---\nmasthead: []\n---\n前言。\n",
              "t.md:4:1: text before the first title (a title line starts with \"# \")");
  check_error("# 标题\n\n### 小节\n",
              "t.md:3:1: a level-3 heading is not part of the format (\"#\" is a title line, "
              "\"##\" a section: 简讯 or 版记)");
  check_error("# 标题\n\n- 条目\n",
              "t.md:3:1: lists are read only under ## 简讯 and ## 版记 (write 1\\. to start a "
              "paragraph with a number)");
  check_error("# 标题\n\n## 版记\n\n国家邮政局\n",
              "t.md:5:1: expected a label such as \"报：\" at the start of the 版记 block");
  /* Front matter keys the body holds became extras that JSON then dropped. */
  check_error("---\nbriefs: []\n---\n",
              "t.md:2:1: \"briefs\" is not a front matter key: the body holds the articles, "
              "## 简讯 and ## 版记");
  /* Nine characters before the colon are not a label (the rule the JSON reader shares). */
  check_error("# 标题\n\n## 版记\n\n一二三四五六七八九：甲\n",
              "t.md:5:1: expected a label such as \"报：\" at the start of the 版记 block");
  check_error("# 标题\n\n<div>x</div>\n",
              "t.md:3:1: HTML is not part of the format (write \\< for a literal <)");
  check_error("# 标题\n\n> 引用\n", "t.md:3:1: a block quote (\">\") is not part of the format");
  check_error("", "t.md:1:1: the file is empty");
  check_error("# 标题\n\n正文\xc3(\n",
              "t.md:3:3: invalid UTF-8 (byte 0xC3); the text must be UTF-8");
}

/* The reader canonicalises each string once, where it reads it, and makes no second pass
 * over the issue: what that pass did (empty strings dropped, a brief's number and a label's
 * trailing space trimmed, front matter text canonicalised) must still happen, and the
 * result must equal the JSON reader's. Before the fix the two readers disagreed on text
 * whose canonical form took two passes (U+200B between "e" and its accent). */
static void
test_single_pass(void)
{
  g_autoptr(JbIssue) issue = load("---\n"
                                  "masthead:\n"
                                  "  - 上海 邮政\n"
                                  "  - \xe2\x80\x8b\n"
                                  "editor: \" \"\n"
                                  "---\n"
                                  "# 标\xe2\x80\x8b\n"
                                  "# 题 e\xe2\x80\x8b\xcc\x81\n"
                                  "\n"
                                  "![](x)\n"
                                  "\n"
                                  "正 文\n"
                                  "\n"
                                  "## 简讯\n"
                                  "\n"
                                  "1. a\n"
                                  "\n"
                                  "2\\. \xe2\x80\x8b\n"
                                  "\n"
                                  "## 版记\n"
                                  "\n"
                                  "a b :x y，\n"
                                  "\n"
                                  "- \xe2\x80\x8b\n");
  g_assert_cmpuint(issue->masthead->len, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(issue->masthead, 0), ==, "上海邮政");
  g_assert_null(issue->editor);
  JbArticle *article = g_ptr_array_index(issue->articles, 0);
  g_assert_cmpuint(article->title->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(article->title, 0), ==, "标");
  g_assert_cmpstr(g_ptr_array_index(article->title, 1), ==, "题\xc3\xa9");
  g_assert_cmpuint(article->paragraphs->len, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(article->paragraphs, 0), ==, "正文");
  g_assert_cmpuint(issue->briefs->len, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(issue->briefs, 0), ==, "a");
  g_assert_cmpstr(BLOCK(issue, 0)->label, ==, "a b");
  g_assert_cmpuint(BLOCK(issue, 0)->recipients->len, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(BLOCK(issue, 0)->recipients, 0), ==, "x y");

  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) json = jb_issue_from_json_data(
      "{\"articles\": [{\"title\": [\"标\", \"题 e\xe2\x80\x8b\xcc\x81\"], \"paragraphs\": "
      "[\"正文\"]}], "
      "\"masthead\": [\"上海 邮政\"], \"briefs\": [\"a\"], "
      "\"distribution\": [{\"label\": \"a b\", \"recipients\": [\"x y\"]}]}",
      -1, "t.json", &error);
  g_assert_no_error(error);
  g_assert_true(jb_issue_equal(issue, json));
}

static void
test_limits(void)
{
  GString *lines = g_string_new("# 标题\n");
  for (int i = 1; i < 200000; i++)
    g_string_append(lines, "正文\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) ok = jb_issue_from_markdown_data(lines->str, -1, "t.md", &error);
  g_assert_no_error(error); /* exactly 200000 lines */
  g_string_append(lines, "x");
  g_assert_null(jb_issue_from_markdown_data(lines->str, -1, "t.md", &error));
  g_assert_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_LIMIT);
  g_assert_cmpstr(error->message, ==, "t.md:200001:1: more than 200000 lines");
  g_string_free(lines, TRUE);
}

/* Writes @issue as Markdown, reads it back and checks that nothing changed. */
static void
check_round_trip(const JbIssue *issue)
{
  g_autofree char *md = jb_issue_to_markdown_data(issue, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) back = jb_issue_from_markdown_data(md, -1, "rt.md", &error);
  if (error)
    g_printerr("%s\n---\n%s", error->message, md);
  g_assert_no_error(error);
  if (!jb_issue_equal(issue, back))
    g_printerr("not equal after a round trip:\n%s", md);
  g_assert_true(jb_issue_equal(issue, back));
}

static void
test_writer_escapes(void)
{
  static const char *const tricky[] = {
    "1. 不是列表",
    "1) 也不是",
    "# 不是标题",
    "## 也不是",
    "- 不是条目",
    "+ 不是条目",
    "* 不是条目",
    "> 不是引用",
    "---",
    "===",
    "~~~",
    "```",
    "含有*星号*和_下划线_",
    "[方括号](链接)",
    "<b>尖括号</b>",
    "<!-- 注释 -->",
    "&amp; 实体",
    "反斜杠\\在此",
    "结尾反斜杠\\",
    "`反引号`",
    "2024.3 起",
    "2024.",
    "1. 1 a",
    "C# 语言",
    "标题 #",
    "a  b",
    "  ",
  };
  g_autoptr(JbIssue) issue = jb_issue_new();
  JbArticle *article = jb_article_new();
  g_ptr_array_add(issue->articles, article);
  for (gsize i = 0; i < G_N_ELEMENTS(tricky); i++) {
    JbArticle *titled = jb_article_new();
    g_ptr_array_add(titled->title, g_strdup(tricky[i]));
    g_ptr_array_add(issue->articles, titled);
    g_ptr_array_add(article->paragraphs, g_strdup(tricky[i]));
    g_ptr_array_add(issue->briefs, g_strdup(tricky[i]));
  }
  g_ptr_array_add(article->title, g_strdup("# 标题 ##"));
  JbDistribution *inline_block = jb_distribution_new("报");
  g_ptr_array_add(inline_block->recipients, g_strdup("1. a"));
  g_ptr_array_add(inline_block->recipients, g_strdup("*单位*"));
  g_ptr_array_add(issue->distribution, inline_block);
  JbDistribution *list_block = jb_distribution_new("送");
  g_ptr_array_add(list_block->recipients, g_strdup("甲，乙联合办公室"));
  g_ptr_array_add(list_block->recipients, g_strdup("- 丙"));
  g_ptr_array_add(issue->distribution, list_block);
  JbDistribution *empty_block = jb_distribution_new("抄送");
  g_ptr_array_add(issue->distribution, empty_block);
  issue->editor = g_strdup("null");
  g_ptr_array_add(issue->masthead, g_strdup("[]"));
  g_ptr_array_add(issue->masthead, g_strdup("\"引号\""));
  jb_issue_canonicalize(issue);
  check_round_trip(issue);

  g_autofree char *md = jb_issue_to_markdown_data(issue, NULL);
  if (g_getenv("JB_TEST_DUMP"))
    g_print("%s", md);
  g_assert_nonnull(strstr(md, "\n\\#不是标题\n"));
  g_assert_nonnull(strstr(md, "\n1\\. 1 a\n"));
  g_assert_nonnull(strstr(md, "\n2024\\.\n"));
  g_assert_nonnull(strstr(md, "\n2024.3起\n"));
  g_assert_nonnull(strstr(md, "含有\\*星号\\*和\\_下划线\\_"));
  g_assert_nonnull(strstr(md, "\\[方括号\\](链接)"));
  g_assert_nonnull(strstr(md, "\\<b>尖括号\\</b>"));
  g_assert_nonnull(strstr(md, "\n# C\\#语言\n"));
  g_assert_nonnull(strstr(md, "\n报：1. a，\\*单位\\*\n"));
  g_assert_nonnull(strstr(md, "\n送：\n- 甲，乙联合办公室\n- \\-丙\n"));
}

static void
test_writer_forms(void)
{
  g_autoptr(JbIssue) issue = jb_issue_new();
  JbArticle *empty = jb_article_new();
  g_ptr_array_add(empty->title, g_strdup("只有标题"));
  g_ptr_array_add(issue->articles, empty);
  JbArticle *next = jb_article_new();
  g_ptr_array_add(next->title, g_strdup("第二篇"));
  g_ptr_array_add(next->paragraphs, g_strdup("正文。"));
  g_ptr_array_add(issue->articles, next);
  JbDistribution *many = jb_distribution_new("报");
  for (int i = 0; i < 4; i++)
    g_ptr_array_add(many->recipients, g_strdup_printf("单位%d", i));
  g_ptr_array_add(issue->distribution, many);
  g_autofree char *md = jb_issue_to_markdown_data(issue, NULL);
  g_assert_cmpstr(md, ==,
                  "---\nmasthead: []\n---\n\n# 只有标题\n\n<!-- -->\n\n# 第二篇\n\n正文。\n\n"
                  "## 版记\n\n报：\n- 单位0\n- 单位1\n- 单位2\n- 单位3\n");
  check_round_trip(issue);

  /* An issue with extras of every JSON type writes them into the front matter. */
  g_autoptr(JsonNode) node =
      json_from_string("{\"articles\": [], \"s\": \"text\", \"n\": \"42\", \"i\": 42, \"b\": true, "
                       "\"z\": null, \"e\": \"\", \"a\": [\"x\", 1], \"o\": {\"k\": [1]}}",
                       NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) extras = jb_issue_from_json_node(node, NULL, &error);
  g_assert_no_error(error);
  check_round_trip(extras);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/markdown/front-matter", test_front_matter);
  g_test_add_func("/markdown/titles", test_titles);
  g_test_add_func("/markdown/paragraphs", test_paragraphs);
  g_test_add_func("/markdown/briefs", test_briefs);
  g_test_add_func("/markdown/distribution", test_distribution);
  g_test_add_func("/markdown/errors", test_errors);
  g_test_add_func("/markdown/single-pass", test_single_pass);
  g_test_add_func("/markdown/limits", test_limits);
  g_test_add_func("/markdown/writer-escapes", test_writer_escapes);
  g_test_add_func("/markdown/writer-forms", test_writer_forms);
  return g_test_run();
}

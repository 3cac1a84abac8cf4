// SPDX-License-Identifier: MIT
//
// Unit tests of the JSON reader and writer: every field of jianbao-issue/1, the type
// checks and their file:line:column messages, limits, extras kept and written back, and
// the writer's stable, unescaped output.
#include <string.h>

#include "jb-issue.h"

static JbIssue *
load(const char *json, GError **error)
{
  return jb_issue_from_json_data(json, -1, "t.json", error);
}

static void
check_error(const char *json, int code, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = load(json, &error);
  g_assert_null(issue);
  g_assert_error(error, JB_ISSUE_ERROR, code);
  g_assert_cmpstr(error->message, ==, message);
}

static const char *full_json =
    "{\n"
    "  \"format\": \"jianbao-issue/1\",\n"
    "  \"masthead\": [\"上海市邮政快递行业\", \"党建、文明创建工作简报\"],\n"
    "  \"issue\": {\"year\": 2026, \"number\": 9, \"total\": 544},\n"
    "  \"editor\": \"上海市邮政管理局党建办、文明办编\",\n"
    "  \"date\": \"2026 年 3 月 27 日\",\n"
    "  \"articles\": [\n"
    "    {\"title\": [\"上海市邮政管理局召开\", \"2024 年党风廉政建设工作\"],\n"
    "     \"paragraphs\": [\"3 月 12 日，会议召开。\", \"\", \"DHL  Express 等\"],\n"
    "     \"page\": 3}\n"
    "  ],\n"
    "  \"briefs\": [\"近日，圆通速递……\"],\n"
    "  \"distribution\": [{\"label\": \"报：\", \"recipients\": [\"国家邮政局\"]}],\n"
    "  \"source\": {\"file\": \"a.pdf\", \"pages\": [1, 2]},\n"
    "  \"zeta\": 1.5\n"
    "}\n";

static void
test_read_full(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = load(full_json, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(issue->masthead->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(issue->masthead, 1), ==, "党建、文明创建工作简报");
  g_assert_cmpint(issue->year, ==, 2026);
  g_assert_cmpint(issue->number, ==, 9);
  g_assert_cmpint(issue->total, ==, 544);
  g_assert_cmpstr(issue->date, ==, "2026-03-27"); /* Chinese dates become ISO */
  g_assert_cmpuint(issue->articles->len, ==, 1);
  JbArticle *article = g_ptr_array_index(issue->articles, 0);
  g_assert_cmpstr(g_ptr_array_index(article->title, 1), ==, "2024年党风廉政建设工作");
  /* Canonicalised, and the empty paragraph dropped. */
  g_assert_cmpuint(article->paragraphs->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(article->paragraphs, 0), ==, "3月12日，会议召开。");
  g_assert_cmpstr(g_ptr_array_index(article->paragraphs, 1), ==, "DHL Express等");
  JbDistribution *block = g_ptr_array_index(issue->distribution, 0);
  g_assert_cmpstr(block->label, ==, "报"); /* the printed colon is not part of the label */
  g_assert_nonnull(issue->extra);
  g_assert_true(json_object_has_member(issue->extra, "source"));
  g_assert_true(json_object_has_member(issue->extra, "zeta"));
  g_assert_false(json_object_has_member(issue->extra, "articles"));
}

static void
test_read_minimal(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue =
      load("{\"articles\": [], \"masthead\": null, \"issue\": {\"year\": null}, "
           "\"editor\": null, \"date\": null, \"briefs\": null, \"distribution\": null}",
           &error);
  g_assert_no_error(error);
  g_assert_cmpuint(issue->masthead->len, ==, 0);
  g_assert_cmpint(issue->year, ==, JB_ISSUE_UNSET);
  g_assert_cmpint(issue->number, ==, JB_ISSUE_UNSET);
  g_assert_null(issue->editor);
  g_assert_null(issue->date);
  g_assert_null(issue->extra);
}

static void
test_read_errors(void)
{
  check_error("{\n  \"articles\": [\n    {\"title\": \"x\"}\n  ]\n}", JB_ISSUE_ERROR_FORMAT,
              "t.json:3:15: expected an array of strings for \"articles[0].title\"");
  check_error("{\"articles\": [],\n \"masthead\": \"上海\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:2:14: expected an array of strings for \"masthead\"");
  check_error("{\"articles\": [],\n \"masthead\": [\"上海\", 3]}", JB_ISSUE_ERROR_FORMAT,
              "t.json:2:21: expected a string for \"masthead[1]\"");
  check_error("{\"masthead\": []}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:1: missing \"articles\" (an array of articles)");
  check_error("{\"articles\": {}}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:14: expected an array of articles for \"articles\"");
  check_error("{\"articles\": [], \"issue\": {\"year\": \"2026\"}}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:36: expected a whole number or null for \"issue.year\"");
  check_error("{\"articles\": [], \"issue\": {\"number\": 9.5}}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:38: expected a whole number or null for \"issue.number\"");
  check_error("{\"articles\": [], \"issue\": {\"total\": -1}}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:37: expected a whole number from 0 to 999999999 for \"issue.total\"");
  check_error("{\"articles\": [], \"date\": \"2026-02-30\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:26: expected a date (YYYY-MM-DD) for \"date\"");
  check_error("{\"articles\": [], \"format\": \"jianbao-issue/2\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:28: expected \"jianbao-issue/1\" for \"format\"");
  check_error("{\"articles\": [], \"distribution\": [{\"recipients\": []}]}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:35: expected a string for \"distribution[0].label\"");
  check_error("[1, 2]", JB_ISSUE_ERROR_FORMAT, "t.json:1:1: expected an object at the top level");
}

/* Values the Markdown writer cannot write back are errors at read time, so that every issue
 * read from JSON survives json -> md -> json. Before the fix each of these was read, written
 * to Markdown, and that Markdown could not be read or read differently. */
static void
test_read_unwritable(void)
{
#define LABEL_ERROR(col)                                                                           \
  "t.json:1:" #col ": expected a label of 1 to 8 characters without \"，\" or a colon inside "    \
  "(such as \"报\" or \"抄送\") for \"distribution[0].label\""
  /* An empty label was written as a line "：甲" that reads as no label. */
  check_error("{\"articles\": [], \"distribution\": [{\"label\": \"\"}]}", JB_ISSUE_ERROR_FORMAT,
              LABEL_ERROR(45));
  /* A label that is only its colon became empty the same way. */
  check_error("{\"articles\": [], \"distribution\": [{\"label\": \" ： \"}]}",
              JB_ISSUE_ERROR_FORMAT, LABEL_ERROR(45));
  /* Nine characters: the Markdown reader takes at most eight before the colon. */
  check_error("{\"articles\": [], \"distribution\": [{\"label\": \"一二三四五六七八九\"}]}",
              JB_ISSUE_ERROR_FORMAT, LABEL_ERROR(45));
  /* "，" inside: the Markdown reader does not take it as a label. */
  check_error("{\"articles\": [], \"distribution\": [{\"label\": \"报，送\"}]}",
              JB_ISSUE_ERROR_FORMAT, LABEL_ERROR(45));
  /* A colon inside: "a:b：甲" read back as label "a" and recipient "b：甲". */
  check_error("{\"articles\": [], \"distribution\": [{\"label\": \"a:b\"}]}", JB_ISSUE_ERROR_FORMAT,
              LABEL_ERROR(45));
  check_error("{\"articles\": [], \"distribution\": [{\"label\": \"报：送\"}]}",
              JB_ISSUE_ERROR_FORMAT, LABEL_ERROR(45));
#undef LABEL_ERROR
  /* Extras whose name the front matter cannot hold were silently dropped from the .md. */
  check_error("{\"articles\": [],\n \"my key\": 1}", JB_ISSUE_ERROR_FORMAT,
              "t.json:2:12: \"my key\": the name of an unknown member must be an identifier "
              "(ASCII letters, digits, \"_\" and \"-\", starting with a letter or \"_\") so that "
              "Markdown can keep it");
  check_error("{\"articles\": [], \"来源\": \"a.pdf\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:24: \"来源\": the name of an unknown member must be an identifier "
              "(ASCII letters, digits, \"_\" and \"-\", starting with a letter or \"_\") so that "
              "Markdown can keep it");
  check_error("{\"articles\": [], \"\": 1}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:22: \"\": the name of an unknown member must be an identifier "
              "(ASCII letters, digits, \"_\" and \"-\", starting with a letter or \"_\") so that "
              "Markdown can keep it");
  /* A top-level "year" was an extra in JSON but the front matter's own key in Markdown. */
  check_error("{\"articles\": [], \"year\": 2026}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:26: \"year\" belongs in \"issue\": {\"year\", \"number\", \"total\"}");

  /* What stays accepted: a printed colon, spaces around it, eight characters, a dash. */
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = load("{\"articles\": [], \"distribution\": [{\"label\": \"报 ： \"}, "
                                  "{\"label\": \"一二三四五六七八\"}, {\"label\": \"a b :\"}], "
                                  "\"x-source_2\": 1}",
                                  &error);
  g_assert_no_error(error);
  /* "报： " kept its colon before (the space hid it) and came back as label "报", "：甲". */
  g_assert_cmpstr(((JbDistribution *)g_ptr_array_index(issue->distribution, 0))->label, ==, "报");
  g_assert_cmpstr(((JbDistribution *)g_ptr_array_index(issue->distribution, 2))->label, ==, "a b");
  g_assert_true(json_object_has_member(issue->extra, "x-source_2"));
}

static void
test_syntax_errors(void)
{
  check_error("{\n  \"articles\": [1, 2,, ]\n}", JB_ISSUE_ERROR_FORMAT,
              "t.json:2:21: invalid JSON: unexpected ',', expected a value");
  check_error("{\"editor\": \"上海市\" x}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:18: invalid JSON: unexpected 'x', expected ',' or '}'");
  check_error("{\"articles\": [],}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:17: invalid JSON: unexpected '}', expected a member (no comma before '}')");
  check_error("{\"articles\": [\n", JB_ISSUE_ERROR_FORMAT,
              "t.json:2:1: invalid JSON: unexpected end of file, expected a value");
  check_error("{\"a\": \"line\nbreak\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:12: invalid JSON: unexpected '\n', expected '\"' (a line break must be "
              "written \\n)");
  check_error("{} {}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:4: invalid JSON: unexpected '{', expected the end of the file after the "
              "top-level value");
  check_error("{\"articles\": [], \"x\": \"\\ud800 \"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:24: invalid JSON: unexpected '\\', expected a character, not an unpaired "
              "high surrogate");
  check_error("{\"articles\": [], \"x\": \"a\\udc00\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:25: invalid JSON: unexpected '\\', expected a character, not an unpaired "
              "low surrogate");
  check_error("{\"articles\": [], \"x\": \"a\\u0000\"}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:25: invalid JSON: unexpected '\\', expected a character other than "
              "\\u0000");
  check_error("", JB_ISSUE_ERROR_FORMAT, "t.json:1:1: the file is empty");
  check_error(" \n\t", JB_ISSUE_ERROR_FORMAT, "t.json:1:1: the file is empty");
  check_error("{\"articles\": [\"上\xe6\"]}", JB_ISSUE_ERROR_FORMAT,
              "t.json:1:17: invalid UTF-8 (byte 0xE6); the text must be UTF-8");
}

static void
test_limits(void)
{
  GString *deep = g_string_new("{\"articles\": [], \"x\": ");
  for (int i = 0; i < 100; i++)
    g_string_append_c(deep, '[');
  for (int i = 0; i < 100; i++)
    g_string_append_c(deep, ']');
  g_string_append_c(deep, '}');
  check_error(deep->str, JB_ISSUE_ERROR_LIMIT, "t.json:1:86: JSON nested deeper than 64 levels");
  g_string_free(deep, TRUE);

  /* 64 levels are fine. */
  GString *ok = g_string_new("{\"articles\": [], \"x\": ");
  for (int i = 0; i < 62; i++)
    g_string_append_c(ok, '[');
  for (int i = 0; i < 62; i++)
    g_string_append_c(ok, ']');
  g_string_append_c(ok, '}');
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = load(ok->str, &error);
  g_assert_no_error(error);
  g_string_free(ok, TRUE);

  /* Too many values: a small file can still build a huge tree. */
  GString *many = g_string_new("{\"articles\": [");
  for (int i = 0; i < 250000; i++)
    g_string_append(many, "0,");
  g_string_append(many, "0]}");
  check_error(many->str, JB_ISSUE_ERROR_LIMIT, "t.json:1:500011: more than 250000 JSON values");
  g_string_free(many, TRUE);

  gsize big = 32 * 1024 * 1024 + 1;
  char *huge = g_malloc(big);
  memset(huge, ' ', big);
  g_autoptr(GError) limit = NULL;
  g_assert_null(jb_issue_from_json_data(huge, (gssize)big, "big.json", &limit));
  g_assert_error(limit, JB_ISSUE_ERROR, JB_ISSUE_ERROR_LIMIT);
  g_assert_cmpstr(limit->message, ==,
                  "big.json: input is 33554433 bytes, over the limit of 33554432");
  g_free(huge);
}

static void
test_write(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = load(full_json, &error);
  g_assert_no_error(error);
  gsize length = 0;
  g_autofree char *json = jb_issue_to_json_data(issue, &length);
  g_assert_cmpuint(length, ==, strlen(json));
  g_assert_true(g_str_has_suffix(json, "}\n"));
  g_assert_nonnull(strstr(json, "\"上海市邮政快递行业\"")); /* UTF-8, no \u escapes */
  g_assert_null(strstr(json, "\\u"));
  g_assert_nonnull(strstr(json, "\"issue\": {\"year\": 2026, \"number\": 9, \"total\": 544}"));
  /* Stable key order: the spec's fields first, then the extras as they came. */
  const char *keys[] = { "\"format\"", "\"masthead\"", "\"issue\"",  "\"editor\"",
                         "\"date\"",   "\"articles\"", "\"briefs\"", "\"distribution\"",
                         "\"source\"", "\"zeta\"" };
  const char *prev = json;
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    const char *at = strstr(json, keys[i]);
    g_assert_nonnull(at);
    g_assert_true(at >= prev);
    prev = at;
  }
  g_assert_null(strstr(json, "\"page\"")); /* unknown article fields are not kept */
  /* Reading the output gives the same issue, and writing it again the same bytes. */
  g_autoptr(JbIssue) again = jb_issue_from_json_data(json, -1, "out.json", &error);
  g_assert_no_error(error);
  g_assert_true(jb_issue_equal(issue, again));
  g_autofree char *json2 = jb_issue_to_json_data(again, NULL);
  g_assert_cmpstr(json, ==, json2);
}

static void
test_write_escapes(void)
{
  g_autoptr(JbIssue) issue = jb_issue_new();
  issue->editor = g_strdup("say \"hi\" \\ back");
  gsize length;
  g_autofree char *json = jb_issue_to_json_data(issue, &length);
  g_assert_nonnull(strstr(json, "\"editor\": \"say \\\"hi\\\" \\\\ back\""));
  g_assert_nonnull(strstr(json, "\"date\": null"));
  g_assert_nonnull(strstr(json, "\"articles\": []"));
  g_assert_nonnull(strstr(json, "\"issue\": {\"year\": null, \"number\": null, \"total\": null}"));
}

static void
test_copy_equal(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = load(full_json, &error);
  g_assert_no_error(error);
  g_autoptr(JbIssue) copy = jb_issue_copy(issue);
  g_assert_true(jb_issue_equal(issue, copy));
  JbArticle *article = g_ptr_array_index(copy->articles, 0);
  g_free(article->paragraphs->pdata[0]);
  article->paragraphs->pdata[0] = g_strdup("changed");
  g_assert_false(jb_issue_equal(issue, copy));

  g_autoptr(JbIssue) copy2 = jb_issue_copy(issue);
  json_object_set_int_member(copy2->extra, "zeta", 2);
  g_assert_false(jb_issue_equal(issue, copy2));
  g_autoptr(JbIssue) copy3 = jb_issue_copy(issue);
  copy3->total = 545;
  g_assert_false(jb_issue_equal(issue, copy3));
  g_autoptr(JbIssue) copy4 = jb_issue_copy(issue);
  g_ptr_array_add(((JbDistribution *)g_ptr_array_index(copy4->distribution, 0))->recipients,
                  g_strdup("more"));
  g_assert_false(jb_issue_equal(issue, copy4));
}

static void
test_from_node(void)
{
  g_autoptr(JsonNode) node = json_from_string("{\"articles\": 3}", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_null(jb_issue_from_json_node(node, "n.json", &error));
  g_assert_cmpstr(error->message, ==, "n.json: expected an array of articles for \"articles\"");
  g_autoptr(JbIssue) issue = jb_issue_new();
  g_autoptr(JsonNode) out = jb_issue_to_json_node(issue);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(JbIssue) back = jb_issue_from_json_node(out, NULL, &error2);
  g_assert_no_error(error2);
  g_assert_true(jb_issue_equal(issue, back));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/json/read/full", test_read_full);
  g_test_add_func("/json/read/minimal", test_read_minimal);
  g_test_add_func("/json/read/errors", test_read_errors);
  g_test_add_func("/json/read/unwritable", test_read_unwritable);
  g_test_add_func("/json/read/syntax-errors", test_syntax_errors);
  g_test_add_func("/json/read/limits", test_limits);
  g_test_add_func("/json/write", test_write);
  g_test_add_func("/json/write/escapes", test_write_escapes);
  g_test_add_func("/json/copy-equal", test_copy_equal);
  g_test_add_func("/json/from-node", test_from_node);
  return g_test_run();
}

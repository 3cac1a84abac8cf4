// SPDX-License-Identifier: MIT
// 'jianbao typeset': reads issues (.md or .json), resolves the fonts once and writes one
// bulletin PDF per issue. With several inputs, -o names a folder and each PDF takes its
// input's base name. The library does the work; this file only parses and reports.
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "jb-cli.h"
#include "jianbao.h"

/* Where the PDF for @input goes: @output itself, or @output/<base>.pdf for a folder. */
static char *
jb_cli_typeset_target(const char *input, const char *output, gboolean to_dir)
{
  if (!to_dir)
    return g_strdup(output);
  g_autofree char *base = g_path_get_basename(input);
  char *dot = strrchr(base, '.');
  if (dot)
    *dot = '\0';
  g_autofree char *name = g_strconcat(base, ".pdf", NULL);
  return g_build_filename(output, name, NULL);
}

/* TRUE when @a and @b name the same existing file (by any path, hard link or symlink). */
static gboolean
jb_cli_same_file(const char *a, const char *b)
{
  GStatBuf sa, sb;
  if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0 || g_stat(a, &sa) != 0 || g_stat(b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Refuses, before anything is written, a target that is one of the inputs and two inputs
 * that would be written to the same target (a/x.md and b/x.md into one folder), so a
 * mistyped command never destroys an issue or silently keeps only the last PDF. */
static gboolean
jb_cli_typeset_check_targets(int n, char **inputs, char **targets)
{
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      if (jb_cli_same_file(targets[i], inputs[j])) {
        fprintf(stderr, "jianbao: %s: the output %s is the input itself; nothing written\n",
                inputs[j], targets[i]);
        return FALSE;
      }
    }
    g_autofree char *ci = g_canonicalize_filename(targets[i], NULL);
    for (int j = 0; j < i; j++) {
      g_autofree char *cj = g_canonicalize_filename(targets[j], NULL);
      if (strcmp(ci, cj) == 0 || jb_cli_same_file(targets[i], targets[j])) {
        fprintf(stderr, "jianbao: %s and %s would both be written to %s; nothing written\n",
                inputs[j], inputs[i], targets[i]);
        return FALSE;
      }
    }
  }
  return TRUE;
}

static gboolean
jb_cli_typeset_one(const char *input, const char *target, JbFontSet *fonts,
                   const JbTypesetOptions *options, GError **error)
{
  g_autoptr(JbIssue) issue = jb_issue_load(input, JB_ISSUE_SYNTAX_UNKNOWN, error);
  if (issue == NULL)
    return FALSE;
  if (!jb_typeset_issue_to_file(issue, fonts, options, target, error)) {
    g_prefix_error(error, "%s: ", input);
    return FALSE;
  }
  return TRUE;
}

int
jb_cli_typeset(int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *font_config = NULL;
  g_auto(GStrv) font_overrides = NULL;
  JbTypesetOptions options = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the PDF to FILE (a folder ending in / for several inputs)", "FILE" },
    { "rgb", 0, 0, G_OPTION_ARG_NONE, &options.rgb, "Screen red (RGB) instead of CMYK", NULL },
    { "pdfa", 0, 0, G_OPTION_ARG_NONE, &options.pdfa, "Write PDF/A-1b", NULL },
    { "number-first-page", 0, 0, G_OPTION_ARG_NONE, &options.number_first_page,
      "Print a page number on page 1 too", NULL },
    { "font", 0, 0, G_OPTION_ARG_STRING_ARRAY, &font_overrides,
      "Use VALUE (a family or /path/font.ttc:index) for ROLE; repeatable", "ROLE=VALUE" },
    { "font-config", 0, 0, G_OPTION_ARG_FILENAME, &font_config,
      "Read role=value lines from the [fonts] group of FILE", "FILE" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new("ISSUE.md|ISSUE.json… -o OUT.pdf");
  g_option_context_set_summary(context, "Lay out issues as bulletin PDFs (GB/T 9704).");
  g_option_context_add_main_entries(context, entries, NULL);
  if (!jb_cli_parse(context, &argc, &argv))
    return 2;
  if (argc < 2 || output == NULL) {
    fprintf(stderr, "jianbao: typeset needs an issue and -o OUTPUT (see --help)\n");
    return 2;
  }
  gboolean to_dir =
      argc > 2 || g_str_has_suffix(output, "/") || g_file_test(output, G_FILE_TEST_IS_DIR);
  if (argc > 2 && !g_file_test(output, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "jianbao: %s: with several issues, -o must name an existing folder\n", output);
    return 2;
  }
  int n = argc - 1;
  g_auto(GStrv) targets = g_new0(char *, n + 1);
  for (int i = 0; i < n; i++)
    targets[i] = jb_cli_typeset_target(argv[i + 1], output, to_dir);
  if (!jb_cli_typeset_check_targets(n, argv + 1, targets))
    return 2;
  jb_cli_heap_tune(64 << 20);
  jb_cli_stack_tune(256 << 10);
  g_autoptr(GError) error = NULL;
  jb_typeset_set_deflate_level(JB_CLI_DEFLATE_LEVEL);
  /* The cache is confirmed during the first issue's layout (jb_typeset_issue_to_file);
   * should it have gone stale, the fonts are resolved anew and that issue typeset again. */
  g_autoptr(JbFontSet) fonts = jb_font_set_new_cached_unconfirmed(
      (const char *const *)font_overrides, font_config, jb_font_cache_peek_default_file(), &error);
  if (fonts == NULL)
    return jb_cli_report_error(error);
  int status = 0;
  for (int i = 1; i < argc; i++) {
    gboolean done = jb_cli_typeset_one(argv[i], targets[i - 1], fonts, &options, &error);
    if (!done && g_error_matches(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_FONTS_CHANGED)) {
      g_clear_error(&error);
      g_clear_pointer(&fonts, jb_font_set_free);
      fonts = jb_font_set_new_cached((const char *const *)font_overrides, font_config,
                                     jb_font_cache_peek_default_file(), &error);
      if (fonts == NULL)
        return jb_cli_report_error(error);
      done = jb_cli_typeset_one(argv[i], targets[i - 1], fonts, &options, &error);
    }
    if (!done) {
      int s = jb_cli_report_error(error);
      status = MAX(status, s);
      g_clear_error(&error);
    }
  }
  return jb_cli_finish(status);
}

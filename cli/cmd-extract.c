// SPDX-License-Identifier: MIT
// 'jianbao extract': bulletin PDFs → issues (JSON, Markdown or plain text). One library
// call per input; with several inputs the output is a directory and a failed input does
// not stop the others (the exit status then says that some failed). The program owns the
// process, so it is here, not in the library, that poppler's stderr chatter is silenced
// and glibc's heap is tuned for reading PDFs.
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "jb-cli.h"
#include "jianbao.h"

typedef enum {
  JB_CLI_OUT_JSON,
  JB_CLI_OUT_MD,
  JB_CLI_OUT_TEXT,
} JbCliOutFormat;

static const char *const jb_cli_extract_ext[] = { ".json", ".md", ".txt" };

static void
jb_cli_text_lines(GString *s, GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf(s, "%s\n", (const char *)lines->pdata[i]);
}

/* The issue as plain reading text: head, articles, 简讯 and 版记, blank lines between. */
static char *
jb_cli_extract_text(const JbIssue *issue)
{
  GString *s = g_string_new(NULL);
  jb_cli_text_lines(s, issue->masthead);
  g_autofree char *issue_line = jb_issue_format_issue_line(issue);
  g_autofree char *date = issue->date ? jb_issue_date_format_chinese(issue->date) : NULL;
  if (issue_line)
    g_string_append_printf(s, "%s\n", issue_line);
  if (issue->editor || date)
    g_string_append_printf(s, "%s%s%s\n", issue->editor ? issue->editor : "",
                           issue->editor && date ? "　" : "", date ? date : "");
  for (guint i = 0; i < issue->articles->len; i++) {
    const JbArticle *a = issue->articles->pdata[i];
    g_string_append_c(s, '\n');
    jb_cli_text_lines(s, a->title);
    jb_cli_text_lines(s, a->paragraphs);
  }
  if (issue->briefs->len > 0) {
    g_string_append(s, "\n简讯\n");
    for (guint i = 0; i < issue->briefs->len; i++)
      g_string_append_printf(s, "%u. %s\n", i + 1, (const char *)issue->briefs->pdata[i]);
  }
  if (issue->distribution->len > 0)
    g_string_append_c(s, '\n');
  for (guint i = 0; i < issue->distribution->len; i++) {
    const JbDistribution *d = issue->distribution->pdata[i];
    g_string_append_printf(s, "%s：", d->label);
    for (guint k = 0; k < d->recipients->len; k++)
      g_string_append_printf(s, "%s%s", k ? "，" : "", (const char *)d->recipients->pdata[k]);
    g_string_append_c(s, '\n');
  }
  return g_string_free(s, FALSE);
}

/* Writes @issue to @path ("-" is standard output) atomically. */
static gboolean
jb_cli_extract_write(const JbIssue *issue, const char *path, JbCliOutFormat format, GError **error)
{
  if (format != JB_CLI_OUT_TEXT)
    return jb_issue_save(
        issue, path, format == JB_CLI_OUT_JSON ? JB_ISSUE_SYNTAX_JSON : JB_ISSUE_SYNTAX_MARKDOWN,
        error);
  g_autofree char *text = jb_cli_extract_text(issue);
  return jb_issue_file_write_atomic(path, text, strlen(text), error);
}

/* Where the issue of @input goes: @output itself, or a file in the directory @output. */
static char *
jb_cli_extract_target(const char *input, const char *output, gboolean to_dir, JbCliOutFormat format)
{
  if (!to_dir)
    return g_strdup(output ? output : "-");
  g_autofree char *base = g_path_get_basename(input);
  char *dot = strrchr(base, '.');
  if (dot != NULL && dot != base && g_ascii_strcasecmp(dot, ".pdf") == 0)
    *dot = '\0';
  g_autofree char *name = g_strconcat(base, jb_cli_extract_ext[format], NULL);
  return g_build_filename(output, name, NULL);
}

/* Is @target the very file @input (same device and inode)? */
static gboolean
jb_cli_extract_same_file(const char *input, const char *target)
{
  GStatBuf a, b;
  return g_stat(input, &a) == 0 && g_stat(target, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* Refuses, before anything is written, outputs that would destroy an input or each other:
 * `extract a.pdf -o a.pdf`, or two inputs named a.pdf going into one directory. */
static gboolean
jb_cli_extract_targets_check(char **inputs, GPtrArray *targets)
{
  for (guint i = 0; i < targets->len; i++) {
    const char *t = targets->pdata[i];
    if (strcmp(t, "-") == 0)
      continue;
    for (guint k = 0; inputs[k]; k++)
      if (jb_cli_extract_same_file(inputs[k], t)) {
        fprintf(stderr, "jianbao: %s: the output would overwrite the input %s; choose another -o\n",
                t, inputs[k]);
        return FALSE;
      }
    for (guint k = 0; k < i; k++)
      if (strcmp(t, targets->pdata[k]) == 0) {
        fprintf(stderr,
                "jianbao: %s and %s would both be written to %s; give them different names or "
                "extract them separately\n",
                inputs[k], inputs[i], t);
        return FALSE;
      }
  }
  return TRUE;
}

static gboolean
jb_cli_extract_format(const char *name, const char *output, JbCliOutFormat *format)
{
  if (name == NULL && output != NULL)
    name = g_str_has_suffix(output, ".md")    ? "md"
           : g_str_has_suffix(output, ".txt") ? "text"
                                              : "json";
  if (name == NULL || strcmp(name, "json") == 0)
    *format = JB_CLI_OUT_JSON;
  else if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
    *format = JB_CLI_OUT_MD;
  else if (strcmp(name, "text") == 0 || strcmp(name, "txt") == 0)
    *format = JB_CLI_OUT_TEXT;
  else {
    fprintf(stderr, "jianbao: --format must be json, md or text, not '%s'\n", name);
    return FALSE;
  }
  return TRUE;
}

/* Poppler prints syntax errors on stderr and has no error callback in its GLib API, so
 * stderr points at /dev/null while the library reads a PDF (this program is
 * single-threaded); jianbao reports in its own words. JB_EXTRACT_POPPLER_STDERR=1 keeps
 * poppler's messages. Returns the saved descriptor, or -1. */
static int
jb_cli_extract_stderr_mute(void)
{
  if (g_getenv("JB_EXTRACT_POPPLER_STDERR") != NULL)
    return -1;
  fflush(stderr);
  int saved = dup(STDERR_FILENO);
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved < 0 || null < 0) {
    if (saved >= 0)
      close(saved);
    if (null >= 0)
      close(null);
    return -1;
  }
  dup2(null, STDERR_FILENO);
  close(null);
  return saved;
}

static void
jb_cli_extract_stderr_restore(int saved)
{
  if (saved < 0)
    return;
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
}

/* Poppler builds every font of a page afresh (a CID font's ToUnicode map is about 1 MiB
 * of short-lived heap) and frees it when the page is done. With glibc's defaults the
 * freed top of the heap goes back to the kernel every time and the next page faults the
 * same memory in again: 28,700 page faults for 200 pages, a third of the wall time, against
 * 1,700 when the heap keeps it (bench/extract/README.md). So this process keeps up to
 * 16 MiB of free heap top and serves blocks below 4 MiB from the heap. */
static void
jb_cli_extract_heap_tune(void)
{
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
}

/* Extracts one input; returns its exit status. */
static int
jb_cli_extract_one(const char *input, const char *target, const JbExtractOptions *options,
                   JbCliOutFormat format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  int saved = jb_cli_extract_stderr_mute();
  g_autoptr(JbIssue) issue = jb_extract_file(input, options, warnings, &error);
  jb_cli_extract_stderr_restore(saved);
  for (guint i = 0; i < warnings->len; i++)
    fprintf(stderr, "jianbao: warning: %s\n", (const char *)warnings->pdata[i]);
  if (issue == NULL || !jb_cli_extract_write(issue, target, format, &error))
    return jb_cli_report_error(error);
  return 0;
}

int
jb_cli_extract(int argc, char **argv)
{
  g_autofree char *output = NULL, *format_name = NULL, *pages = NULL, *password = NULL,
                  *overlay = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "write to OUT (a directory when several PDFs are given; default: standard output)", "OUT" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "json (default), md or text; also guessed from OUT's extension", "FORMAT" },
    { "pages", 0, 0, G_OPTION_ARG_STRING, &pages, "only these pages, e.g. 1-3,5", "RANGES" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "password of an encrypted PDF", "PW" },
    { "overlay", 0, 0, G_OPTION_ARG_FILENAME, &overlay,
      "write each page as a PNG with the recognised blocks boxed and labelled", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "BULLETIN.pdf…" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new("- recover issues from bulletin PDFs");
  g_option_context_add_main_entries(context, entries, NULL);
  if (!jb_cli_parse(context, &argc, &argv))
    return 2;
  JbCliOutFormat format;
  if (!jb_cli_extract_format(format_name, output, &format))
    return 2;
  guint n = inputs ? g_strv_length(inputs) : 0;
  if (n == 0) {
    fprintf(stderr, "jianbao: extract needs at least one PDF (see 'jianbao extract --help')\n");
    return 2;
  }
  gboolean to_dir = n > 1 || (output && g_file_test(output, G_FILE_TEST_IS_DIR)) ||
                    (output && g_str_has_suffix(output, "/"));
  if (n > 1 && output == NULL) {
    fprintf(stderr, "jianbao: several PDFs need -o DIR for their outputs\n");
    return 2;
  }
  if (to_dir && g_file_test(output, G_FILE_TEST_EXISTS) &&
      !g_file_test(output, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "jianbao: %s is a file; several PDFs need -o DIR (a directory)\n", output);
    return 2;
  }
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add(targets, jb_cli_extract_target(inputs[i], output, to_dir, format));
  if (!jb_cli_extract_targets_check(inputs, targets))
    return 2;
  if (to_dir && g_mkdir_with_parents(output, 0777) != 0) {
    fprintf(stderr, "jianbao: %s: cannot create the output directory: %s\n", output,
            g_strerror(errno));
    return 1;
  }
  jb_cli_extract_heap_tune();
  JbExtractOptions options = { password, pages, overlay };
  int status = 0;
  for (guint i = 0; i < n; i++) {
    int one = jb_cli_extract_one(inputs[i], targets->pdata[i], &options, format);
    status = MAX(status, one); /* MAX evaluates its arguments twice */
  }
  return status;
}

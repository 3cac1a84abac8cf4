// SPDX-License-Identifier: MIT
// The public entry of extraction: opens the PDF with poppler-glib (password, limits,
// page selection), runs the stages glyphs → lines → frame → roles → issue, and turns
// every failure into a JB_EXTRACT_ERROR that names the file and, where it can, the page.
// It changes no process-wide state: silencing poppler's stderr chatter and tuning the
// heap for long documents are the program's business (cli/cmd-extract.c).
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "extract-private.h"

G_DEFINE_QUARK(jb - extract - error - quark, jb_extract_error)

/* Parses "1-3,5,8-" into @selected (n entries). FALSE with a FORMAT error on bad syntax. */
static gboolean
jb_extract_pages_parse(const char *spec, gboolean *selected, int n, const char *path,
                       GError **error)
{
  g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
  gboolean any = FALSE;
  for (int i = 0; parts[i]; i++) {
    char *s = g_strstrip(parts[i]), *end = NULL;
    long a = 1, b = n;
    if (*s != '-') {
      a = strtol(s, &end, 10);
      s = end;
    }
    if (*s == '-') {
      s++;
      if (*s)
        b = strtol(s, &end, 10), s = end;
    } else
      b = a;
    if (*s != '\0' || a < 1 || b < a || end == parts[i]) {
      g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT,
                  "%s: --pages '%s' is not a list of page ranges such as 1-3,5", path, spec);
      return FALSE;
    }
    for (long p = a; p <= MIN(b, n); p++)
      selected[p - 1] = any = TRUE;
  }
  if (!any)
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT,
                "%s: --pages '%s' selects none of its %d pages", path, spec, n);
  return any;
}

/* TRUE when the first KiB of @path holds a PDF header; IO error when it cannot be read. */
static gboolean
jb_extract_sniff(const char *path, gboolean *is_pdf, GError **error)
{
  FILE *f = g_fopen(path, "rb");
  if (f == NULL) {
    int saved = errno;
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_IO, "%s: cannot open: %s", path,
                g_strerror(saved));
    return FALSE;
  }
  char head[1025];
  size_t n = fread(head, 1, sizeof head - 1, f);
  fclose(f);
  head[n] = '\0';
  *is_pdf = n >= 8 && g_strstr_len(head, (gssize)n, "%PDF-") != NULL;
  return TRUE;
}

/* Opens @path; FORMAT, PASSWORD or IO errors name the file. (poppler 22's
 * new_from_bytes crashes on a wrong password, so the file is opened by URI.) */
static PopplerDocument *
jb_extract_document_open(const char *path, const char *password, GError **error)
{
  g_autoptr(GError) local = NULL;
  gboolean is_pdf = FALSE;
  if (!jb_extract_sniff(path, &is_pdf, error))
    return NULL;
  if (!is_pdf) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT, "%s: not a PDF file", path);
    return NULL;
  }
  g_autoptr(GFile) file = g_file_new_for_path(path);
  g_autofree char *uri = g_file_get_uri(file);
  PopplerDocument *doc = poppler_document_new_from_file(uri, password, &local);
  if (doc != NULL)
    return doc;
  if (g_error_matches(local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    g_set_error(
        error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_PASSWORD,
        password ? "%s: wrong password" : "%s: encrypted; give its password with --password", path);
  else
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT, "%s: damaged or not a PDF (%s)",
                path, local->message);
  return NULL;
}

/* The verdict on the text layer: garbage (broken Unicode maps: private-use, control,
 * unassigned code points, U+FFFD) or none at all. Good text in any script passes; text
 * that is not Chinese is simply no bulletin, which the roles stage says in a warning. */
static gboolean
jb_extract_text_check(const char *path, const JbGlyphStats *s, int worst_page, GError **error)
{
  if (s->total == 0) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_UNSUPPORTED,
                "%s: no text layer on any page (a scanned document? OCR is not supported yet)",
                path);
    return FALSE;
  }
  if (s->bad * 10 > s->total) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT,
                "%s: page %d: the text layer is unreadable (%u of %u characters are "
                "private-use, control, unassigned or U+FFFD): its fonts lack a usable Unicode "
                "mapping",
                path, worst_page, s->bad, s->total);
    return FALSE;
  }
  return TRUE;
}

typedef struct {
  const char *path;
  PopplerDocument *doc;
  gboolean *selected;
  int *page_of; /* ordinal among selected pages → document page index */
  int n_selected;
  GPtrArray *lines;
  GPtrArray *warnings;
} JbExtractRun;

static void jb_extract_warn(JbExtractRun *run, const char *format, ...) G_GNUC_PRINTF(2, 3);

static void
jb_extract_warn(JbExtractRun *run, const char *format, ...)
{
  if (run->warnings == NULL)
    return;
  va_list args;
  va_start(args, format);
  g_autofree char *msg = g_strdup_vprintf(format, args);
  va_end(args);
  g_ptr_array_add(run->warnings, g_strdup_printf("%s: %s", run->path, msg));
}

/* Reads the selected pages' lines into run->lines and checks the text layer. */
static gboolean
jb_extract_read_pages(JbExtractRun *run, GError **error)
{
  JbGlyphStats total = { 0 };
  int n = poppler_document_get_n_pages(run->doc), worst_page = 1;
  double worst = -1;
  for (int p = 0; p < n; p++) {
    if (!run->selected[p])
      continue;
    g_autoptr(JbPopplerPage) page = poppler_document_get_page(run->doc, p);
    JbGlyphStats s = { 0 };
    g_autoptr(GError) local = NULL;
    g_autoptr(GArray) glyphs = page ? jb_extract_glyphs_read(page, &s, &local) : NULL;
    if (glyphs == NULL) {
      g_set_error(error, JB_EXTRACT_ERROR, local ? local->code : JB_EXTRACT_ERROR_FORMAT,
                  "%s: page %d: %s", run->path, p + 1, local ? local->message : "unreadable");
      return FALSE;
    }
    if (glyphs->len == 0)
      jb_extract_warn(run, "page %d has no text layer (scanned?); skipped", p + 1);
    double share = s.total ? (double)s.bad / s.total : 0;
    if (share > worst)
      worst = share, worst_page = p + 1;
    total.total += s.total, total.bad += s.bad, total.cjk += s.cjk;
    run->page_of[run->n_selected] = p;
    jb_extract_lines_build(glyphs, run->n_selected++, run->lines);
  }
  return jb_extract_text_check(run->path, &total, worst_page, error);
}

static gboolean
jb_extract_overlays(JbExtractRun *run, const char *dir, GError **error)
{
  if (g_mkdir_with_parents(dir, 0777) != 0) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_IO, "%s: cannot create the directory",
                dir);
    return FALSE;
  }
  g_autofree char *base = g_path_get_basename(run->path);
  char *dot = strrchr(base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  for (int k = 0; k < run->n_selected; k++) {
    g_autoptr(JbPopplerPage) page = poppler_document_get_page(run->doc, run->page_of[k]);
    if (!jb_extract_overlay_write(page, k, run->lines, dir, base, error)) {
      g_prefix_error(error, "%s: --overlay: ", run->path);
      return FALSE;
    }
  }
  return TRUE;
}

/* JB_EXTRACT_DEBUG=FILE writes every line with its measures and role (a development
 * aid beside --overlay). */
static void
jb_extract_debug_dump(GPtrArray *lines, const JbFrame *f)
{
  const char *path = g_getenv("JB_EXTRACT_DEBUG");
  if (path == NULL)
    return;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "frame body=%.1f em=%.2f left=%.1f right=%.1f pitch=%.2f\n",
                         f->body_size, f->em, f->left, f->right, f->pitch);
  for (guint i = 0; i < lines->len; i++) {
    const JbLine *l = lines->pdata[i];
    g_string_append_printf(s, "p%d x%.1f-%.1f y%.1f s%.1f %s%06x %-12s%s %s\n", l->page + 1, l->x1,
                           l->x2, l->y2, l->size, l->bold ? "B" : "-", l->rgb,
                           jb_extract_role_name(l->role), l->starts_block ? "+" : " ", l->text);
  }
  g_file_set_contents(path, s->str, (gssize)s->len, NULL);
  g_string_free(s, TRUE);
}

/* Everything after the document is open. */
static JbIssue *
jb_extract_document(JbExtractRun *run, const JbExtractOptions *options, GError **error)
{
  int n = poppler_document_get_n_pages(run->doc);
  if (n <= 0) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_FORMAT, "%s: the PDF has no pages",
                run->path);
    return NULL;
  }
  if (n > JB_EXTRACT_MAX_PAGES) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_LIMIT, "%s: %d pages (the limit is %d)",
                run->path, n, JB_EXTRACT_MAX_PAGES);
    return NULL;
  }
  g_autofree gboolean *selected = g_new0(gboolean, n);
  g_autofree int *page_of = g_new0(int, n);
  run->selected = selected;
  run->page_of = page_of;
  if (options != NULL && options->pages != NULL) {
    if (!jb_extract_pages_parse(options->pages, selected, n, run->path, error))
      return NULL;
  } else
    for (int p = 0; p < n; p++)
      selected[p] = TRUE;
  if (!jb_extract_read_pages(run, error))
    return NULL;
  jb_extract_lines_sort(run->lines);
  JbFrame frame = { 0 };
  jb_extract_frame_measure(run->lines, &frame);
  g_autofree char *creator = poppler_document_get_creator(run->doc);
  frame.marks_wraps = creator != NULL && g_str_has_prefix(creator, "jianbao ");
  jb_extract_frame_mark_margins(run->lines, run->n_selected, &frame);
  if (!jb_extract_roles_assign(run->lines, &frame))
    jb_extract_warn(run, "does not look like a bulletin (no masthead, issue line, editor, "
                         "titles or 版记); its text is given as paragraphs");
  jb_extract_debug_dump(run->lines, &frame);
  if (options != NULL && options->overlay_dir != NULL &&
      !jb_extract_overlays(run, options->overlay_dir, error))
    return NULL;
  return jb_extract_issue_assemble(run->lines, &frame);
}

JbIssue *
jb_extract_file(const char *pdf_path, const JbExtractOptions *options, GPtrArray *warnings,
                GError **error)
{
  g_return_val_if_fail(pdf_path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  g_autoptr(JbPopplerDocument) doc =
      jb_extract_document_open(pdf_path, options ? options->password : NULL, error);
  JbIssue *issue = NULL;
  if (doc != NULL) {
    g_autoptr(GPtrArray) lines =
        g_ptr_array_new_with_free_func((GDestroyNotify)jb_extract_line_free);
    /* Warnings are held back until the document succeeds: a failure is reported once,
     * by its error, not also by the per-page warnings that led to it. */
    g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func(g_free);
    JbExtractRun run = { pdf_path, doc, NULL, NULL, 0, lines, held };
    issue = jb_extract_document(&run, options, error);
    for (guint i = 0; issue != NULL && warnings != NULL && i < held->len; i++)
      g_ptr_array_add(warnings, g_steal_pointer(&held->pdata[i]));
  }
  g_clear_object(&doc);
  return issue;
}

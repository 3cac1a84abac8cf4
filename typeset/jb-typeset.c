/* SPDX-License-Identifier: MIT
 *
 * The typeset module's public entry: lay the issue out (jb-layout.c), draw it as PDF
 * (jb-pdf.c) and write the bytes atomically, so a failure never leaves a partial file.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "typeset-private.h"

G_DEFINE_QUARK(jb - typeset - error - quark, jb_typeset_error)

/* Writes @bytes with the shared atomic writer; its I/O error becomes typeset's own. */
static gboolean
jb_typeset_write(GBytes *bytes, const char *path, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data(bytes, &len);
  g_autoptr(GError) local = NULL;
  if (!jb_issue_file_write_atomic(path, data, len, &local)) {
    g_set_error_literal(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_IO, local->message);
    return FALSE;
  }
  return TRUE;
}

/**
 * jb_typeset_issue_to_file:
 * Lays @issue out and writes it to @path. On any failure (a character no font covers,
 * input over the limits, libharu, I/O) @path is left untouched.
 */
gboolean
jb_typeset_issue_to_file(const JbIssue *issue, JbFontSet *fonts, const JbTypesetOptions *options,
                         const char *path, GError **error)
{
  g_return_val_if_fail(issue != NULL && fonts != NULL && path != NULL, FALSE);
  JbTypesetOptions defaults = { 0 };
  if (options == NULL)
    options = &defaults;
  /* The fonts' subsets are cut on another thread while this one lays out; it is started
   * first, so that it runs (reading the body font into memory) while the characters are
   * predicted. */
  g_autoptr(JbTsSubsets) subsets =
      jb_ts_subsets_new(TRUE, jb_font_set_peek_face(fonts, JB_FONT_ROLE_BODY, 0));
  jb_ts_subsets_submit(subsets, jb_ts_layout_predict_chars(issue, fonts, options));
  g_autoptr(JbTsDocument) doc = jb_ts_layout_issue(issue, fonts, options, error);
  if (doc == NULL)
    return FALSE;
  /* Here, while the worker still cuts, rather than before anything could start. */
  if (!jb_font_set_confirm(fonts)) {
    g_set_error_literal(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_FONTS_CHANGED,
                        "the fonts or fontconfig's configuration changed since the font cache "
                        "was written");
    return FALSE;
  }
  g_autoptr(GBytes) bytes = jb_ts_pdf_render(doc, options, subsets, error);
  if (bytes == NULL)
    return FALSE;
  return jb_typeset_write(bytes, path, error);
}

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

/* Writes @bytes to @path by temporary file and rename ("-": standard output). */
static gboolean
jb_typeset_write(GBytes *bytes, const char *path, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data(bytes, &len);
  if (g_strcmp0(path, "-") == 0) {
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
      g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_IO,
                  "cannot write the PDF to standard output");
      return FALSE;
    }
    return TRUE;
  }
  /* Temporary file beside the target, then rename: atomic for readers and on failure.
   * No fsync (g_file_set_contents would, when replacing a file): on this kind of disk it
   * costs more than the whole layout, and a bulletin is easily made again. */
  g_autofree char *tmp = g_strconcat(path, ".XXXXXX", NULL);
  int fd = g_mkstemp(tmp);
  if (fd < 0) {
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_IO, "cannot create %s: %s", path,
                g_strerror(errno));
    return FALSE;
  }
  fchmod(fd, 0644); /* mkstemp makes it 0600; a PDF is for sharing */
  gsize done = 0;
  while (done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += (gsize)n;
  }
  int saved = errno;
  if (close(fd) != 0 && done == len)
    saved = errno, done = 0;
  if (done != len || g_rename(tmp, path) != 0) {
    if (done == len)
      saved = errno;
    g_unlink(tmp);
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_IO, "cannot write %s: %s", path,
                g_strerror(saved));
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
  g_autoptr(JbTsDocument) doc = jb_ts_layout_issue(issue, fonts, options, error);
  if (doc == NULL)
    return FALSE;
  g_autoptr(GBytes) bytes = jb_ts_pdf_render(doc, options, error);
  if (bytes == NULL)
    return FALSE;
  return jb_typeset_write(bytes, path, error);
}

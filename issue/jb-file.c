/* SPDX-License-Identifier: MIT
 *
 * The one way jianbao writes an output file, shared by every module (the issue module is
 * the base they all link): a temporary file beside the target, renamed over it, so a
 * failure never leaves a partial or truncated file; "-" is standard output; a target that
 * exists and is not a regular file (/dev/null, a FIFO) is written in place, never replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jb-issue.h"

static gboolean
jb_file_write_fd(int fd, const char *data, gsize length)
{
  gsize done = 0;
  while (done < length) {
    ssize_t n = write(fd, data + done, length - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    done += (gsize)n;
  }
  return TRUE;
}

static gboolean
jb_file_fail(const char *path, int err, GError **error)
{
  g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO, "%s: cannot write: %s", path,
              g_strerror(err));
  return FALSE;
}

/* A device or FIFO: renaming a file over it would replace it (as root, even /dev/null). */
static gboolean
jb_file_write_special(const char *path, const char *data, gsize length, GError **error)
{
  int fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return jb_file_fail(path, errno, error);
  gboolean ok = jb_file_write_fd(fd, data, length);
  int err = errno;
  if (close(fd) != 0 && ok)
    ok = FALSE, err = errno;
  return ok || jb_file_fail(path, err, error);
}

/**
 * jb_file_write_atomic:
 * Writes @length bytes of @data to @path. A symbolic link is followed, so the file it
 * points to is replaced and the link stays. No fsync: a bulletin or an issue is easily
 * made again, and on slow disks the sync costs more than the work (g_file_set_contents
 * syncs when it replaces a file, which is why it is not used here). On failure, with
 * JB_ISSUE_ERROR_IO naming @path, nothing at @path has changed.
 */
gboolean
jb_file_write_atomic(const char *path, const void *data, gsize length, GError **error)
{
  g_return_val_if_fail(path != NULL && (data != NULL || length == 0), FALSE);
  if (g_strcmp0(path, "-") == 0) {
    if (fwrite(data, 1, length, stdout) != length || fflush(stdout) != 0)
      return jb_file_fail("<stdout>", errno, error);
    return TRUE;
  }
  g_autofree char *real = g_canonicalize_filename(path, NULL);
  g_autofree char *target = realpath(path, NULL); /* NULL when it does not exist yet */
  const char *dest = target ? target : real;
  GStatBuf st;
  mode_t mode = 0644;
  if (g_stat(dest, &st) == 0) {
    if (!S_ISREG(st.st_mode))
      return jb_file_write_special(dest, data, length, error);
    mode = st.st_mode & 07777;
  }
  g_autofree char *tmp = g_strconcat(dest, ".XXXXXX", NULL);
  int fd = g_mkstemp(tmp);
  if (fd < 0)
    return jb_file_fail(path, errno, error);
  fchmod(fd, mode); /* mkstemp makes it 0600; keep the old file's mode, else 0644 */
  gboolean ok = jb_file_write_fd(fd, data, length);
  int err = errno;
  if (close(fd) != 0 && ok)
    ok = FALSE, err = errno;
  if (ok && g_rename(tmp, dest) != 0)
    ok = FALSE, err = errno;
  if (!ok) {
    g_unlink(tmp);
    return jb_file_fail(path, err, error);
  }
  return TRUE;
}

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
jb_issue_file_write_fd(int fd, const char *data, gsize length)
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
jb_issue_file_fail(const char *path, int err, GError **error)
{
  g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO, "%s: cannot write: %s", path,
              g_strerror(err));
  return FALSE;
}

/* A device or FIFO: renaming a file over it would replace it (as root, even /dev/null). */
static gboolean
jb_issue_file_write_special(const char *path, const char *data, gsize length, GError **error)
{
  int fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return jb_issue_file_fail(path, errno, error);
  gboolean ok = jb_issue_file_write_fd(fd, data, length);
  int err = errno;
  if (close(fd) != 0 && ok)
    ok = FALSE, err = errno;
  return ok || jb_issue_file_fail(path, err, error);
}

/* Where writing @path lands: the file a symbolic link points to, followed through chains
 * of links, even when that file does not exist yet (so a dangling link is kept and its
 * target created, as `cp` does); @path itself otherwise. NULL with errno set (ELOOP) when
 * the links never end. */
static char *
jb_issue_file_destination(const char *path)
{
  char *real = realpath(path, NULL);
  if (real)
    return real;
  g_autofree char *dest = g_canonicalize_filename(path, NULL);
  for (int hops = 0; hops < 40; hops++) {
    g_autofree char *link = g_file_read_link(dest, NULL);
    if (!link)
      return g_steal_pointer(&dest);
    /* A relative target is relative to the directory the link is in. */
    g_autofree char *dir = g_path_get_dirname(dest);
    g_autofree char *real_dir = realpath(dir, NULL);
    char *next = g_canonicalize_filename(link, real_dir ? real_dir : dir);
    g_free(dest);
    dest = next;
  }
  errno = ELOOP;
  return NULL;
}

/**
 * jb_issue_file_write_atomic:
 * Writes @length bytes of @data to @path. A symbolic link is followed, so the file it
 * points to is replaced (or created, when the link dangles) and the link stays; the new
 * file keeps the old one's permission bits but not setuid, setgid or sticky. No fsync: a bulletin
 * or an issue is easily made again, and on slow disks the sync costs more than the work
 * (g_file_set_contents syncs when it replaces a file, which is why it is not used here). On
 * failure, with JB_ISSUE_ERROR_IO naming @path, nothing at @path has changed.
 */
gboolean
jb_issue_file_write_atomic(const char *path, const void *data, gsize length, GError **error)
{
  g_return_val_if_fail(path != NULL && (data != NULL || length == 0), FALSE);
  if (g_strcmp0(path, "-") == 0) {
    if (fwrite(data, 1, length, stdout) != length || fflush(stdout) != 0)
      return jb_issue_file_fail("<stdout>", errno, error);
    return TRUE;
  }
  g_autofree char *dest = jb_issue_file_destination(path);
  if (!dest)
    return jb_issue_file_fail(path, errno, error);
  GStatBuf st;
  mode_t mode = 0644;
  if (g_stat(dest, &st) == 0) {
    if (!S_ISREG(st.st_mode))
      return jb_issue_file_write_special(dest, data, length, error);
    mode = st.st_mode & 0777; /* never setuid, setgid or sticky on a file we made */
  }
  g_autofree char *tmp = g_strconcat(dest, ".XXXXXX", NULL);
  int fd = g_mkstemp(tmp);
  if (fd < 0)
    return jb_issue_file_fail(path, errno, error);
  fchmod(fd, mode); /* mkstemp makes it 0600; keep the old file's mode, else 0644 */
  gboolean ok = jb_issue_file_write_fd(fd, data, length);
  int err = errno;
  if (close(fd) != 0 && ok)
    ok = FALSE, err = errno;
  if (ok && g_rename(tmp, dest) != 0)
    ok = FALSE, err = errno;
  if (!ok) {
    g_unlink(tmp);
    return jb_issue_file_fail(path, err, error);
  }
  return TRUE;
}

// SPDX-License-Identifier: MIT
// The font cache: a small text file that remembers fontconfig's answers to the default
// chains' family names (file, face index, format, or "not installed"), so that a run whose
// answers are all in it never loads fontconfig (8–9 ms of parsing config files and mapping
// caches). It is trusted only while a stamp of everything that decides those answers is
// unchanged; anything wrong with the file makes it count as absent, never as an error.
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fonts-private.h"
#include "jb-issue.h"

/* The first line; a new layout gets a new number, and an old file is then simply stale. */
#define JB_FONTS_CACHE_MAGIC "jianbao-font-cache\t1\n"

/* The environment fontconfig reads to find its configuration and fonts. */
static const char *const jb_fonts_cache_env[] = {
  "FONTCONFIG_FILE",
  "FONTCONFIG_PATH",
  "FONTCONFIG_SYSROOT",
  "HOME",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  NULL,
};

/* Fields are tab-separated, so tabs, newlines and backslashes in paths and names are
 * escaped as C escapes (g_strcompress undoes it); UTF-8 stays as it is. */
static char *
jb_fonts_cache_escape(const char *text)
{
  char high[129];
  for (int i = 0; i < 128; i++)
    high[i] = (char)(0x80 + i);
  high[128] = '\0';
  return g_strescape(text, high);
}

/* What identifies @path's present state: "-" when it does not exist, else device, inode,
 * modification time in nanoseconds and size. This is the rule fontconfig itself uses to
 * trust its own caches (a folder's mtime changes when a file is added, removed or
 * renamed in it); the inode and size catch a file replaced in place. */
static char *
jb_fonts_cache_signature(const char *path)
{
  GStatBuf st;
  if (g_stat(path, &st) != 0)
    return g_strdup("-");
  return g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT
                         ".%09ld:%" G_GINT64_FORMAT,
                         (guint64)st.st_dev, (guint64)st.st_ino, (gint64)st.st_mtim.tv_sec,
                         (long)st.st_mtim.tv_nsec, (gint64)st.st_size);
}

static char *
jb_fonts_cache_stat_line(const char *path)
{
  g_autofree char *escaped = jb_fonts_cache_escape(path);
  g_autofree char *signature = jb_fonts_cache_signature(path);
  return g_strdup_printf("stat\t%s\t%s", escaped, signature);
}

/* The part of the stamp known without fontconfig: format, versions and environment. */
static void
jb_fonts_cache_append_header(GString *out)
{
  g_string_append(out, JB_FONTS_CACHE_MAGIC);
  g_string_append_printf(out, "jianbao\t%s\nfontconfig\t%d\n", JB_VERSION, FcGetVersion());
  for (int i = 0; jb_fonts_cache_env[i]; i++) {
    const char *value = g_getenv(jb_fonts_cache_env[i]);
    g_autofree char *escaped = value ? jb_fonts_cache_escape(value) : NULL;
    g_string_append_printf(out, "env\t%s%s%s\n", jb_fonts_cache_env[i], value ? "\t=" : "",
                           value ? escaped : "");
  }
}

/* Adds @path's stat line once (@seen holds the paths already added). */
static void
jb_fonts_cache_append_path(GString *out, GHashTable *seen, const char *path)
{
  if (!path || !g_hash_table_add(seen, g_strdup(path)))
    return;
  g_autofree char *line = jb_fonts_cache_stat_line(path);
  g_string_append_printf(out, "%s\n", line);
}

static void
jb_fonts_cache_append_list(GString *out, GHashTable *seen, FcStrList *list, gboolean with_folder)
{
  FcChar8 *path;
  while (list && (path = FcStrListNext(list))) {
    jb_fonts_cache_append_path(out, seen, (const char *)path);
    if (with_folder) {
      g_autofree char *folder = g_path_get_dirname((const char *)path);
      jb_fonts_cache_append_path(out, seen, folder);
    }
  }
  if (list)
    FcStrListDone(list);
}

/* The per-user config files fontconfig would read if they existed: creating one must
 * invalidate the cache even though no folder fontconfig reports has changed. */
static void
jb_fonts_cache_append_user_config(GString *out, GHashTable *seen)
{
  const char *home = g_getenv("HOME");
  const char *xdg = g_getenv("XDG_CONFIG_HOME");
  g_autofree char *config = xdg && xdg[0] ? g_strdup(xdg)
                            : home        ? g_build_filename(home, ".config", NULL)
                                          : NULL;
  if (config) {
    g_autofree char *conf = g_build_filename(config, "fontconfig", "fonts.conf", NULL);
    g_autofree char *confd = g_build_filename(config, "fontconfig", "conf.d", NULL);
    jb_fonts_cache_append_path(out, seen, conf);
    jb_fonts_cache_append_path(out, seen, confd);
  }
  if (home) {
    g_autofree char *legacy = g_build_filename(home, ".fonts.conf", NULL);
    g_autofree char *legacyd = g_build_filename(home, ".fonts.conf.d", NULL);
    jb_fonts_cache_append_path(out, seen, legacy);
    jb_fonts_cache_append_path(out, seen, legacyd);
  }
}

/* Every config file fontconfig read and its folder, its config folders, its font folders
 * (with their subfolders, and configured ones that do not exist: one appearing must
 * invalidate the cache too) and the user config candidates; about a hundred stats. */
char *
jb_fonts_cache_stamp_new(FcConfig *fc)
{
  GString *out = g_string_new(NULL);
  jb_fonts_cache_append_header(out);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  jb_fonts_cache_append_list(out, seen, FcConfigGetConfigFiles(fc), TRUE);
  jb_fonts_cache_append_list(out, seen, FcConfigGetConfigDirs(fc), FALSE);
  jb_fonts_cache_append_list(out, seen, FcConfigGetFontDirs(fc), FALSE);
  jb_fonts_cache_append_user_config(out, seen);
  return g_string_free(out, FALSE);
}

/* One "family" line: family, file (empty: not installed), index, format, and the file's
 * signature, so that a font replaced or deleted makes the cache stale. NULL when any field
 * is malformed or the file has changed. */
static JbFontsAnswer *
jb_fonts_cache_parse_answer(char **fields, char **family)
{
  g_autoptr(JbFontsAnswer) answer = g_new0(JbFontsAnswer, 1);
  guint64 index = 0;
  if (g_strv_length(fields) != 6 ||
      !g_ascii_string_to_unsigned(fields[3], 10, 0, G_MAXINT, &index, NULL))
    return NULL;
  answer->index = (int)index;
  answer->from_cache = TRUE;
  if (fields[2][0]) {
    answer->file = g_strcompress(fields[2]);
    answer->format = fields[4][0] ? g_strcompress(fields[4]) : NULL;
    g_autofree char *signature = jb_fonts_cache_signature(answer->file);
    if (strcmp(signature, fields[5]) != 0)
      return NULL;
  } else if (fields[4][0] || fields[5][0]) {
    return NULL;
  }
  *family = g_strcompress(fields[1]);
  return g_steal_pointer(&answer);
}

/* Whether the stat line @line (its escaped path in @field) still describes its path. */
static gboolean
jb_fonts_cache_check_stat(const char *line, const char *field)
{
  g_autofree char *path = g_strcompress(field);
  g_autofree char *now = jb_fonts_cache_stat_line(path);
  return strcmp(now, line) == 0;
}

gboolean
jb_fonts_cache_check_lines(const GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i += 2)
    if (!jb_fonts_cache_check_stat(g_ptr_array_index(lines, i), g_ptr_array_index(lines, i + 1)))
      return FALSE;
  return TRUE;
}

/* Checks one line after the header: a stat line must still describe its path (and come
 * before any answer; with @deferred it is added there instead of checked), an answer goes
 * into @answers. FALSE when the file is stale or bad. */
static gboolean
jb_fonts_cache_parse_line(char *line, GHashTable *answers, GPtrArray *deferred)
{
  g_auto(GStrv) fields = g_strsplit(line, "\t", -1);
  if (strcmp(fields[0], "stat") == 0 && g_strv_length(fields) == 3) {
    if (g_hash_table_size(answers) > 0)
      return FALSE;
    if (deferred) { /* the line and its path field, as jb_fonts_cache_check_stat takes them */
      g_ptr_array_add(deferred, g_strdup(line));
      g_ptr_array_add(deferred, g_strdup(fields[1]));
      return TRUE;
    }
    return jb_fonts_cache_check_stat(line, fields[1]);
  }
  if (strcmp(fields[0], "family") != 0)
    return FALSE;
  char *family = NULL;
  JbFontsAnswer *answer = jb_fonts_cache_parse_answer(fields, &family);
  if (!answer)
    return FALSE;
  g_hash_table_replace(answers, family, answer);
  return TRUE;
}

/* The file is whole when its last line is "end" with the count of the lines before it
 * (a truncated or half-overwritten file lacks it). */
static gboolean
jb_fonts_cache_check_end(const char *line, guint lines_before)
{
  guint64 count = 0;
  return g_str_has_prefix(line, "end\t") &&
         g_ascii_string_to_unsigned(line + 4, 10, 0, G_MAXUINT, &count, NULL) &&
         count == lines_before;
}

GHashTable *
jb_fonts_cache_load(const char *path, char **stamp, GPtrArray *deferred)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  if (!g_file_get_contents(path, &data, &length, NULL) || strlen(data) != length)
    return NULL;
  g_autoptr(GString) header = g_string_new(NULL);
  jb_fonts_cache_append_header(header);
  if (!g_str_has_prefix(data, header->str) || length == 0 || data[length - 1] != '\n')
    return NULL;
  g_autoptr(GHashTable) answers =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)jb_fonts_answer_free);
  guint lines = 0;
  for (const char *c = header->str; *c; c++)
    lines += *c == '\n';
  char *line = data + header->len;
  char *stamp_end = line;
  for (char *next; *line; line = next, lines++) {
    next = strchr(line, '\n');
    *next++ = '\0';
    if (*next == '\0') /* the last line */
      break;
    if (!jb_fonts_cache_parse_line(line, answers, deferred))
      return NULL;
    if (g_str_has_prefix(line, "stat\t"))
      stamp_end = next;
  }
  if (!jb_fonts_cache_check_end(line, lines))
    return NULL;
  /* The stamp is the text up to the last stat line, as jb_fonts_cache_stamp_new wrote it;
   * the NULs put in place of newlines are undone for that part. */
  for (char *c = data; c < stamp_end; c++)
    if (*c == '\0')
      *c = '\n';
  *stamp = g_strndup(data, stamp_end - data);
  return g_steal_pointer(&answers);
}

static int
jb_fonts_cache_compare(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
jb_fonts_cache_save(const char *path, const char *stamp, GHashTable *families, gboolean keep_cached)
{
  if (strcmp(path, "-") == 0) /* the shared writer's name for standard output */
    return;
  GString *out = g_string_new(stamp);
  guint keys_len = 0;
  g_autofree const char **keys = (const char **)g_hash_table_get_keys_as_array(families, &keys_len);
  qsort(keys, keys_len, sizeof *keys, jb_fonts_cache_compare); /* same answers, same file */
  for (guint i = 0; i < keys_len; i++) {
    const JbFontsAnswer *a = g_hash_table_lookup(families, keys[i]);
    if (a->from_cache && !keep_cached)
      continue;
    g_autofree char *family = jb_fonts_cache_escape(keys[i]);
    g_autofree char *file = a->file ? jb_fonts_cache_escape(a->file) : g_strdup("");
    g_autofree char *format =
        a->file && a->format ? jb_fonts_cache_escape(a->format) : g_strdup("");
    g_autofree char *signature = a->file ? jb_fonts_cache_signature(a->file) : g_strdup("");
    g_string_append_printf(out, "family\t%s\t%s\t%d\t%s\t%s\n", family, file,
                           a->file ? a->index : 0, format, signature);
  }
  guint lines = 0;
  for (gsize i = 0; i < out->len; i++)
    lines += out->str[i] == '\n';
  g_string_append_printf(out, "end\t%u\n", lines);
  g_autofree char *folder = g_path_get_dirname(path);
  g_mkdir_with_parents(folder, 0700);
  jb_issue_file_write_atomic(path, out->str, out->len, NULL); /* failure: no cache, no harm */
  g_string_free(out, TRUE);
}

const char *
jb_font_cache_peek_default_file(void)
{
  static char *path;
  static gsize once;
  if (g_once_init_enter(&once)) {
    if (g_strcmp0(g_getenv("JIANBAO_FONT_CACHE"), "0") != 0)
      path = g_build_filename(g_get_user_cache_dir(), "jianbao", "fonts.cache", NULL);
    g_once_init_leave(&once, 1);
  }
  return path;
}

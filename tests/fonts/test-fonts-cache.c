// SPDX-License-Identifier: MIT
// Unit tests of the font cache (fonts/jb-fonts-cache.c): a set made with the cache gives
// the same faces and notes as one made without; a warm cache keeps fontconfig unloaded;
// a changed font folder, config file or FONTCONFIG_FILE, a corrupt or truncated file, an
// unwritable place and a deleted font all fall back to fontconfig; a set made without
// checking the cache at once learns later whether it held. Most cases run under a
// private fontconfig (a tiny fonts.conf and font folder in a temporary folder);
// FcInitReinitialize() stands for the next run of the program.
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fonts-private.h"

#define TEST_LIBERATION "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
#define TEST_UMING      "/usr/share/fonts/truetype/arphic/uming.ttc"
#define TEST_WQY_DIR    "/usr/share/fonts/truetype/wqy"

static char *test_dir;

typedef struct {
  char *dir;        /* the test's folder */
  char *fonts;      /* the private font folder */
  char *conf;       /* the private fonts.conf */
  char *cache;      /* jianbao's cache file */
  char *liberation; /* the copy of Liberation Serif in @fonts */
  char *overrides[6];
} TestPrivate;

static void
test_write_file(const char *path, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(path, text, -1, &error));
  g_assert_no_error(error);
}

static void
test_write_conf(const char *path, const char *font_dir, const char *extra_dir, const char *cachedir)
{
  g_autofree char *text = g_strdup_printf(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
      "<fontconfig>\n  <dir>%s</dir>\n%s%s%s  <cachedir>%s</cachedir>\n</fontconfig>\n",
      font_dir, extra_dir ? "  <dir>" : "", extra_dir ? extra_dir : "", extra_dir ? "</dir>\n" : "",
      cachedir);
  test_write_file(path, text);
}

/* The next run of the program: fontconfig reads its configuration afresh. */
static void
test_restart(void)
{
  g_assert_true(FcInitReinitialize());
}

/* A private fontconfig whose one font is a copy of Liberation Serif; the Chinese roles
 * are given that file as an override (a path: no fontconfig needed for them). */
static gboolean
test_private_setup(TestPrivate *t, const char *name)
{
  if (!g_file_test(TEST_LIBERATION, G_FILE_TEST_IS_REGULAR)) {
    g_test_skip("fonts-liberation is not installed");
    return FALSE;
  }
  t->dir = g_build_filename(test_dir, name, NULL);
  t->fonts = g_build_filename(t->dir, "fonts", NULL);
  /* the config file has a folder of its own: the cache's folder appearing in the config
   * file's folder would change that folder's signature, and so the stamp */
  t->conf = g_build_filename(t->dir, "etc", "fonts.conf", NULL);
  t->cache = g_build_filename(t->dir, "jianbao", "fonts.cache", NULL);
  t->liberation = g_build_filename(t->fonts, "LiberationSerif-Regular.ttf", NULL);
  g_autofree char *fccache = g_build_filename(t->dir, "fccache", NULL);
  g_autofree char *etc = g_path_get_dirname(t->conf);
  g_assert_cmpint(g_mkdir_with_parents(t->fonts, 0700), ==, 0);
  g_assert_cmpint(g_mkdir_with_parents(etc, 0700), ==, 0);
  g_autofree char *data = NULL;
  gsize length = 0;
  g_assert_true(g_file_get_contents(TEST_LIBERATION, &data, &length, NULL));
  g_assert_true(g_file_set_contents(t->liberation, data, (gssize)length, NULL));
  test_write_conf(t->conf, t->fonts, NULL, fccache);
  g_setenv("FONTCONFIG_FILE", t->conf, TRUE);
  static const char *const roles[] = { "masthead", "title", "body", "heading-1", "heading-2" };
  for (gsize i = 0; i < G_N_ELEMENTS(roles); i++)
    t->overrides[i] = g_strdup_printf("%s=%s", roles[i], t->liberation);
  test_restart();
  return TRUE;
}

static void
test_private_clear(TestPrivate *t)
{
  g_unsetenv("FONTCONFIG_FILE");
  test_restart();
  g_free(t->dir);
  g_free(t->fonts);
  g_free(t->conf);
  g_free(t->cache);
  g_free(t->liberation);
  for (gsize i = 0; i < G_N_ELEMENTS(t->overrides); i++)
    g_free(t->overrides[i]);
}

static JbFontSet *
test_set_new(const char *const *overrides, const char *cache)
{
  g_autoptr(GError) error = NULL;
  JbFontSet *set = jb_font_set_new_cached(overrides, NULL, cache, &error);
  g_assert_no_error(error);
  g_assert_nonnull(set);
  return set;
}

/* Asserts that @a and @b have the same chains (every face's file, index, family, kind)
 * and notes; resolving all of both. */
static void
test_sets_equal(JbFontSet *a, JbFontSet *b)
{
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    g_assert_cmpuint(jb_font_set_chain_length(a, r), ==, jb_font_set_chain_length(b, r));
    for (guint i = 0; i < jb_font_set_chain_length(a, r); i++) {
      JbFontFace *x = jb_font_set_peek_face(a, r, i), *y = jb_font_set_peek_face(b, r, i);
      g_assert_cmpstr(jb_font_face_peek_file(x), ==, jb_font_face_peek_file(y));
      g_assert_cmpint(jb_font_face_get_index(x), ==, jb_font_face_get_index(y));
      g_assert_cmpstr(jb_font_face_peek_family(x), ==, jb_font_face_peek_family(y));
      g_assert_cmpint(jb_font_face_is_official(x), ==, jb_font_face_is_official(y));
      g_assert_cmpint(jb_font_face_wants_bold(x), ==, jb_font_face_wants_bold(y));
      g_assert_cmpint(jb_font_face_is_override(x), ==, jb_font_face_is_override(y));
    }
  }
  const GPtrArray *na = jb_font_set_peek_notes(a), *nb = jb_font_set_peek_notes(b);
  g_assert_cmpuint(na->len, ==, nb->len);
  for (guint i = 0; i < na->len; i++)
    g_assert_cmpstr(g_ptr_array_index(na, i), ==, g_ptr_array_index(nb, i));
}

/* Makes a set with @cache and one without, checks they agree, and returns whether the
 * cached one had to load fontconfig. */
static gboolean
test_cached_matches(const char *const *overrides, const char *cache)
{
  g_autoptr(JbFontSet) cached = test_set_new(overrides, cache);
  gboolean used = jb_fonts_set_used_fontconfig(cached);
  g_autoptr(JbFontSet) plain = test_set_new(overrides, NULL);
  test_sets_equal(plain, cached);
  used = used || jb_fonts_set_used_fontconfig(cached);
  return used;
}

static gboolean
test_chain_has_family(JbFontSet *set, JbFontRole role, const char *family, const char *file)
{
  for (guint i = 0; i < jb_font_set_chain_length(set, role); i++) {
    JbFontFace *face = jb_font_set_peek_face(set, role, i);
    if (strcmp(jb_font_face_peek_family(face), family) == 0)
      return !file || strcmp(jb_font_face_peek_file(face), file) == 0;
  }
  return FALSE;
}

static gboolean
test_private_chain_has(TestPrivate *t, JbFontRole role, const char *family, const char *file)
{
  g_autoptr(JbFontSet) set = test_set_new((const char *const *)t->overrides, t->cache);
  return test_chain_has_family(set, role, family, file);
}

/* (a) on this machine's real configuration: cold, then warm, both as without a cache. */
static void
test_cache_system(void)
{
  g_autofree char *cache = g_build_filename(test_dir, "system", "fonts.cache", NULL);
  g_assert_true(test_cached_matches(NULL, cache)); /* cold: fontconfig answers */
  g_assert_true(g_file_test(cache, G_FILE_TEST_IS_REGULAR));
  g_assert_false(test_cached_matches(NULL, cache)); /* warm: the file answers */
  /* overrides by family still go to fontconfig, and still agree */
  const char *const family[] = { "body=AR PL UMing CN", NULL };
  test_cached_matches(family, cache);
}

/* (a), (b) under the private configuration: the negative answers (every Chinese family)
 * come from the file too, so the second set never loads fontconfig. */
static void
test_cache_warm(void)
{
  TestPrivate t = { 0 };
  if (!test_private_setup(&t, "warm"))
    return;
  const char *const *overrides = (const char *const *)t.overrides;
  g_assert_true(test_cached_matches(overrides, t.cache));
  test_restart();
  g_autoptr(JbFontSet) warm = test_set_new(overrides, t.cache);
  g_assert_false(jb_fonts_set_used_fontconfig(warm));
  g_assert_cmpuint(jb_font_set_chain_length(warm, JB_FONT_ROLE_BODY), ==, 1);
  JbFontFace *latin = jb_font_set_peek_face(warm, JB_FONT_ROLE_LATIN, 0);
  g_assert_cmpstr(jb_font_face_peek_family(latin), ==, "Liberation Serif");
  g_assert_cmpstr(jb_font_face_peek_file(latin), ==, t.liberation);
  g_assert_nonnull(jb_font_set_peek_notes(warm));
  g_assert_false(jb_fonts_set_used_fontconfig(warm)); /* every chain resolved from the file */
  g_clear_pointer(&warm, jb_font_set_free);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(t.cache, &text, NULL, NULL));
  g_assert_true(g_str_has_prefix(text, "jianbao-font-cache\t1\n"));
  g_assert_nonnull(strstr(text, "family\t仿宋_GB2312\t\t0\t\t\n")); /* remembered as missing */
  test_private_clear(&t);
}

/* (c) a font added to the font folder, an edited config file and another FONTCONFIG_FILE
 * each make the cache stale, and the new answer is fontconfig's. */
static void
test_cache_invalidate(void)
{
  TestPrivate t = { 0 };
  if (!g_file_test(TEST_UMING, G_FILE_TEST_IS_REGULAR) ||
      !g_file_test(TEST_WQY_DIR, G_FILE_TEST_IS_DIR)) {
    g_test_skip("fonts-arphic-uming or fonts-wqy-zenhei is not installed");
    return;
  }
  if (!test_private_setup(&t, "invalidate"))
    return;
  const char *const *overrides = (const char *const *)t.overrides;
  g_assert_true(test_cached_matches(overrides, t.cache));
  test_restart();
  g_assert_false(test_cached_matches(overrides, t.cache));
  g_assert_false(test_private_chain_has(&t, JB_FONT_ROLE_BODY, "AR PL UMing CN", NULL));

  /* a font appears in the folder */
  g_autofree char *uming = g_build_filename(t.fonts, "uming.ttc", NULL);
  g_assert_cmpint(symlink(TEST_UMING, uming), ==, 0);
  test_restart();
  g_assert_true(test_cached_matches(overrides, t.cache));
  g_assert_true(test_private_chain_has(&t, JB_FONT_ROLE_BODY, "AR PL UMing CN", uming));
  test_restart();
  g_assert_false(test_cached_matches(overrides, t.cache));

  /* the config file names one more folder */
  g_autofree char *fccache = g_build_filename(t.dir, "fccache", NULL);
  test_write_conf(t.conf, t.fonts, TEST_WQY_DIR, fccache);
  test_restart();
  g_assert_true(test_cached_matches(overrides, t.cache));
  g_assert_true(test_private_chain_has(&t, JB_FONT_ROLE_HEADING1, "WenQuanYi Zen Hei", NULL));

  /* another configuration altogether, whose folder has no UMing and no WenQuanYi */
  g_autofree char *other = g_build_filename(t.dir, "etc", "other.conf", NULL);
  test_write_conf(other, "/usr/share/fonts/truetype/liberation", NULL, fccache);
  g_setenv("FONTCONFIG_FILE", other, TRUE);
  test_restart();
  g_assert_true(test_cached_matches(overrides, t.cache));
  g_assert_false(test_private_chain_has(&t, JB_FONT_ROLE_BODY, "AR PL UMing CN", NULL));
  g_assert_false(test_private_chain_has(&t, JB_FONT_ROLE_HEADING1, "WenQuanYi Zen Hei", NULL));
  test_private_clear(&t);
}

/* (d) a corrupt or truncated file is ignored and written whole again. */
static void
test_cache_corrupt(void)
{
  TestPrivate t = { 0 };
  if (!test_private_setup(&t, "corrupt"))
    return;
  const char *const *overrides = (const char *const *)t.overrides;
  g_assert_true(test_cached_matches(overrides, t.cache));
  g_autofree char *good = NULL;
  gsize length = 0;
  g_assert_true(g_file_get_contents(t.cache, &good, &length, NULL));
  g_autofree char *bad_index = g_strdup(good);
  char *family = strstr(bad_index, "family\tLiberation Serif\t");
  g_assert_nonnull(family);
  *strchr(family + strlen("family\tLiberation Serif\t"), '\t') = 'x'; /* file⇥index → filexindex */
  g_autofree char *no_end = g_strndup(good, strstr(good, "end\t") - good);
  static const char nul[] = "jianbao-font-cache\t1\n\0end\t1\n";
  const struct {
    const char *what;
    const char *data;
    gssize length;
  } bad[] = {
    { "truncated in the middle", good, (gssize)length / 2 },
    { "without its end line", no_end, -1 },
    { "with a malformed answer", bad_index, -1 },
    { "with a NUL byte", nul, sizeof nul - 1 },
    { "empty", "", 0 },
    { "of another format", "jianbao-font-cache\t0\nend\t1\n", -1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_test_message("cache file %s", bad[i].what);
    g_assert_true(g_file_set_contents(t.cache, bad[i].data, bad[i].length, NULL));
    test_restart();
    g_assert_true(test_cached_matches(overrides, t.cache));
    g_autofree char *again = NULL;
    g_assert_true(g_file_get_contents(t.cache, &again, NULL, NULL));
    g_assert_cmpstr(again, ==, good); /* rewritten whole */
    test_restart();
    g_assert_false(test_cached_matches(overrides, t.cache));
  }
  test_private_clear(&t);
}

/* (e) a cache file that cannot be written (its folder would be under a regular file) is no
 * error, and the set is as without a cache. */
static void
test_cache_unwritable(void)
{
  TestPrivate t = { 0 };
  if (!test_private_setup(&t, "unwritable"))
    return;
  g_autofree char *blocker = g_build_filename(t.dir, "blocker", NULL);
  test_write_file(blocker, "a regular file\n");
  g_autofree char *cache = g_build_filename(blocker, "jianbao", "fonts.cache", NULL);
  const char *const *overrides = (const char *const *)t.overrides;
  g_assert_true(test_cached_matches(overrides, cache));
  g_assert_true(test_cached_matches(overrides, cache)); /* still no cache, still fine */
  g_assert_false(g_file_test(cache, G_FILE_TEST_EXISTS));
  /* the system configuration too (its default chains resolve without overrides) */
  g_unsetenv("FONTCONFIG_FILE");
  test_restart();
  g_assert_true(test_cached_matches(NULL, cache));
  test_private_clear(&t);
}

/* (f) a cached answer whose font file was deleted: fontconfig answers instead. */
static void
test_cache_deleted_font(void)
{
  TestPrivate t = { 0 };
  if (!g_file_test(TEST_UMING, G_FILE_TEST_IS_REGULAR)) {
    g_test_skip("fonts-arphic-uming is not installed");
    return;
  }
  if (!test_private_setup(&t, "deleted"))
    return;
  g_autofree char *sub = g_build_filename(t.fonts, "cjk", NULL);
  g_autofree char *uming = g_build_filename(sub, "uming.ttc", NULL);
  g_assert_cmpint(g_mkdir(sub, 0700), ==, 0);
  g_assert_cmpint(symlink(TEST_UMING, uming), ==, 0);
  test_restart();
  const char *const *overrides = (const char *const *)t.overrides;
  g_assert_true(test_cached_matches(overrides, t.cache));
  g_assert_true(test_private_chain_has(&t, JB_FONT_ROLE_BODY, "AR PL UMing CN", uming));
  g_assert_cmpint(g_unlink(uming), ==, 0);
  test_restart();
  g_assert_true(test_cached_matches(overrides, t.cache));
  g_assert_false(test_private_chain_has(&t, JB_FONT_ROLE_BODY, "AR PL UMing CN", NULL));
  test_private_clear(&t);
}

/* (g) a set made unconfirmed from the cache (what 'jianbao typeset' does) answers as the
 * file does, and jb_font_set_confirm tells whether the file still held: TRUE while nothing
 * changed, FALSE once a font has appeared in the folder, and TRUE for sets made otherwise. */
static void
test_cache_unconfirmed(void)
{
  TestPrivate t = { 0 };
  if (!g_file_test(TEST_UMING, G_FILE_TEST_IS_REGULAR)) {
    g_test_skip("fonts-arphic-uming is not installed");
    return;
  }
  if (!test_private_setup(&t, "unconfirmed"))
    return;
  const char *const *overrides = (const char *const *)t.overrides;
  g_assert_true(test_cached_matches(overrides, t.cache));
  test_restart();
  g_autoptr(GError) error = NULL;
  g_autoptr(JbFontSet) fresh = jb_font_set_new_cached_unconfirmed(overrides, NULL, t.cache, &error);
  g_assert_no_error(error);
  g_assert_false(jb_fonts_set_used_fontconfig(fresh));
  g_assert_true(jb_font_set_confirm(fresh));
  g_assert_true(jb_font_set_confirm(fresh)); /* checked once, remembered */

  g_autofree char *uming = g_build_filename(t.fonts, "uming.ttc", NULL);
  g_assert_cmpint(symlink(TEST_UMING, uming), ==, 0);
  test_restart();
  g_autoptr(JbFontSet) stale = jb_font_set_new_cached_unconfirmed(overrides, NULL, t.cache, &error);
  g_assert_no_error(error);
  /* the stale file's answer: UMing not installed */
  g_assert_false(test_chain_has_family(stale, JB_FONT_ROLE_BODY, "AR PL UMing CN", NULL));
  g_assert_false(jb_font_set_confirm(stale));
  g_assert_false(jb_font_set_confirm(stale));
  /* the set made anew, checked at once, has it */
  g_autoptr(JbFontSet) checked = test_set_new(overrides, t.cache);
  g_assert_true(jb_font_set_confirm(checked));
  g_assert_true(test_chain_has_family(checked, JB_FONT_ROLE_BODY, "AR PL UMing CN", uming));
  g_autoptr(JbFontSet) plain = test_set_new(overrides, NULL);
  g_assert_true(jb_font_set_confirm(plain));
  test_private_clear(&t);
}

static void
test_remove_tree(const char *path)
{
  g_autoptr(GDir) dir =
      g_file_test(path, G_FILE_TEST_IS_SYMLINK) ? NULL : g_dir_open(path, 0, NULL);
  for (const char *name; dir && (name = g_dir_read_name(dir));) {
    g_autofree char *child = g_build_filename(path, name, NULL);
    test_remove_tree(child);
  }
  g_remove(path);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  test_dir = g_dir_make_tmp("jb-fonts-cache-XXXXXX", &error);
  g_assert_no_error(error);
  /* keep the user's own fonts.conf out of the tests */
  g_autofree char *config = g_build_filename(test_dir, "config", NULL);
  g_setenv("XDG_CONFIG_HOME", config, TRUE);

  g_test_add_func("/fonts/cache-system", test_cache_system);
  g_test_add_func("/fonts/cache-warm", test_cache_warm);
  g_test_add_func("/fonts/cache-invalidate", test_cache_invalidate);
  g_test_add_func("/fonts/cache-corrupt", test_cache_corrupt);
  g_test_add_func("/fonts/cache-unwritable", test_cache_unwritable);
  g_test_add_func("/fonts/cache-deleted-font", test_cache_deleted_font);
  g_test_add_func("/fonts/cache-unconfirmed", test_cache_unconfirmed);
  int status = g_test_run();
  FcFini(); /* so that LeakSanitizer sees only what the fonts module leaks */
  test_remove_tree(test_dir);
  g_free(test_dir);
  return status;
}

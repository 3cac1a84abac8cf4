/* SPDX-License-Identifier: MIT
 *
 * typeset/jb-hpdf-glyphid.c replaces libharu's HPDF_TTFontDef_GetGlyphid: it must give
 * what libharu's own gives, for every code, in the order HPDF_GetFont asks (0 to 0xFFFF),
 * in reverse, and in a shuffled order, on a hb-subset of a sample's characters and on
 * whole installed fonts. libharu's own is found with dlsym on libhpdf itself.
 */

#include <glib/gstdio.h>
#include <hpdf.h>

#include "hpdf-test-util.h"
#include "typeset-private.h"

typedef HPDF_UINT16 (*TestGlyphidFunc)(HPDF_FontDef fontdef, HPDF_UINT16 unicode);

static TestGlyphidFunc test_libharu_glyphid;

static void
test_on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
  g_error("libharu error 0x%04X (detail %u)", (unsigned)error_no, (unsigned)detail_no);
}

/* Compares both lookups on @file for every code, in three orders; returns the number of
 * codes that have a glyph (so that the caller can check the font was not empty). */
static guint
test_compare_file(const char *file)
{
  HPDF_Doc doc = HPDF_New(test_on_error, NULL);
  const char *name = HPDF_LoadTTFontFromFile(doc, file, HPDF_FALSE);
  g_assert_nonnull(name);
  HPDF_FontDef fontdef = HPDF_GetFontDef(doc, name);
  g_assert_nonnull(fontdef);
  HPDF_TTFontDefAttr attr = fontdef->attr;
  g_assert_cmpuint(attr->cmap.format, ==, 4);
  g_test_message("%s: %u cmap segments", file, attr->cmap.seg_count_x2 / 2u);

  g_autofree HPDF_UINT16 *want = g_new(HPDF_UINT16, 65536);
  guint mapped = 0;
  for (guint c = 0; c <= 0xFFFF; c++) {
    want[c] = test_libharu_glyphid(fontdef, (HPDF_UINT16)c);
    mapped += want[c] != 0;
  }
  for (guint c = 0; c <= 0xFFFF; c++) /* HPDF_GetFont's order */
    g_assert_cmpuint(HPDF_TTFontDef_GetGlyphid(fontdef, (HPDF_UINT16)c), ==, want[c]);
  for (guint c = 0x10000; c-- > 0;)
    g_assert_cmpuint(HPDF_TTFontDef_GetGlyphid(fontdef, (HPDF_UINT16)c), ==, want[c]);
  g_autoptr(GRand) rand = g_rand_new_with_seed(9704);
  for (guint k = 0; k < 200000; k++) {
    guint c = g_rand_int_range(rand, 0, 0x10000);
    g_assert_cmpuint(HPDF_TTFontDef_GetGlyphid(fontdef, (HPDF_UINT16)c), ==, want[c]);
  }
  HPDF_Free(doc);
  return mapped;
}

/* The real case: a subset of the body face holding a sample's characters. */
static void
test_subset(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("jb-glyphid-XXXXXX", &error);
  g_assert_no_error(error);
  guint n_chars = 0;
  g_autofree char *path = jb_test_sample_subset(dir, &n_chars);
  g_assert_cmpuint(test_compare_file(path), >=, n_chars);
  g_remove(path);
  g_rmdir(dir);
}

/* Whole fonts: thousands of segments (skipped when the font is not installed). */
static void
test_whole_fonts(void)
{
  static const char *const files[] = {
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
  };
  guint tested = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++)
    if (g_file_test(files[i], G_FILE_TEST_EXISTS)) {
      g_assert_cmpuint(test_compare_file(files[i]), >, 100);
      tested++;
    }
  if (tested == 0)
    g_test_skip("no AR PL SungtiL GB or Liberation Serif installed");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_true(jb_ts_hpdf_glyphid_linked());
  test_libharu_glyphid = (TestGlyphidFunc)jb_test_libharu_symbol(
      "HPDF_TTFontDef_GetGlyphid", (const void *)HPDF_TTFontDef_GetGlyphid);
  g_test_add_func("/typeset/glyphid/subset", test_subset);
  g_test_add_func("/typeset/glyphid/whole-fonts", test_whole_fonts);
  int status = g_test_run();
  return status;
}

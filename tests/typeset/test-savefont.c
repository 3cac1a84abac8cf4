/* SPDX-License-Identifier: MIT
 *
 * typeset/jb-hpdf-savefont.c replaces libharu's HPDF_TTFontDef_SaveFontData: the
 * FontFile2 bytes and Length1 it writes must be libharu's own, byte for byte, for a
 * hb-subset of a sample's characters (all glyphs kept, as jb-pdf.c does, and libharu's
 * own choice), for whole installed fonts with random glyphs kept, and for a font file
 * cut short after loading (where it hands over to libharu's). libharu's own is found
 * with dlsym on libhpdf itself.
 */

#include <glib/gstdio.h>
#include <hpdf.h>
#include <string.h>
#include <unistd.h>

#include "hpdf-test-util.h"
#include "typeset-private.h"

typedef HPDF_STATUS (*TestSaveFunc)(HPDF_FontDef fontdef, HPDF_Stream stream);

static TestSaveFunc test_libharu_save;
static HPDF_STATUS test_last_status; /* of the last comparison */

static void
test_on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
  g_error("libharu error 0x%04X (detail %u)", (unsigned)error_no, (unsigned)detail_no);
}

/* Runs @save on a fresh memory stream; returns what it wrote, its status and Length1. */
static GBytes *
test_save(HPDF_Doc doc, HPDF_FontDef fontdef, TestSaveFunc save, HPDF_STATUS *status,
          HPDF_UINT *length1)
{
  HPDF_TTFontDefAttr attr = fontdef->attr;
  attr->length1 = 0;
  HPDF_Stream s = HPDF_MemStream_New(doc->mmgr, 0);
  *status = save(fontdef, s);
  *length1 = attr->length1;
  HPDF_Error_Reset(doc->mmgr->error);
  GByteArray *out = g_byte_array_new();
  for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(s); i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(s, i, &len);
    g_byte_array_append(out, buf, len);
  }
  g_assert_cmpuint(out->len, ==, s->size);
  HPDF_Stream_Free(s);
  return g_byte_array_free_to_bytes(out);
}

/* Both writers on @fontdef as it stands; returns the size of what they wrote. */
static gsize
test_compare(HPDF_Doc doc, HPDF_FontDef fontdef)
{
  HPDF_STATUS want_status, got_status;
  HPDF_UINT want_length1, got_length1;
  g_autoptr(GBytes) want = test_save(doc, fontdef, test_libharu_save, &want_status, &want_length1);
  g_autoptr(GBytes) got =
      test_save(doc, fontdef, HPDF_TTFontDef_SaveFontData, &got_status, &got_length1);
  g_assert_cmpuint(got_status, ==, want_status);
  test_last_status = got_status;
  g_assert_cmpuint(got_length1, ==, want_length1);
  gsize want_len, got_len;
  const guint8 *w = g_bytes_get_data(want, &want_len);
  const guint8 *g = g_bytes_get_data(got, &got_len);
  g_assert_cmpmem(g, got_len, w, want_len);
  return got_len;
}

/* Loads @file for embedding; Returns: (transfer none) its font definition. */
static HPDF_FontDef
test_load(HPDF_Doc doc, const char *file)
{
  const char *name = HPDF_LoadTTFontFromFile(doc, file, HPDF_TRUE);
  g_assert_nonnull(name);
  HPDF_FontDef fontdef = HPDF_GetFontDef(doc, name);
  g_assert_nonnull(fontdef);
  /* The subset tag HPDF_GetFont would set, so that 'name' gets its prefix. */
  HPDF_TTFontDef_SetTagName(fontdef, (char *)"HPDFAA");
  return fontdef;
}

/* Keeps glyph 0 and a random half of the others. */
static void
test_random_glyphs(HPDF_FontDef fontdef, guint32 seed)
{
  HPDF_TTFontDefAttr attr = fontdef->attr;
  g_autoptr(GRand) rand = g_rand_new_with_seed(seed);
  for (guint i = 0; i < attr->num_glyphs; i++)
    attr->glyph_tbl.flgs[i] = i == 0 || g_rand_boolean(rand);
}

static void
test_keep_all(HPDF_FontDef fontdef)
{
  HPDF_TTFontDefAttr attr = fontdef->attr;
  memset(attr->glyph_tbl.flgs, 1, attr->num_glyphs);
}

static void
test_subset(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("jb-savefont-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *path = jb_test_sample_subset(dir, NULL);
  HPDF_Doc doc = HPDF_New(test_on_error, NULL);
  HPDF_FontDef fontdef = test_load(doc, path);
  gsize libharus_choice = test_compare(doc, fontdef);
  g_assert_cmpuint(test_last_status, ==, HPDF_OK);
  test_keep_all(fontdef);
  gsize all = test_compare(doc, fontdef);
  g_assert_cmpuint(all, >, libharus_choice);
  g_assert_cmpuint(all, >, 50000);
  test_random_glyphs(fontdef, 1);
  test_compare(doc, fontdef);
  HPDF_Free(doc);
  g_remove(path);
  g_rmdir(dir);
}

/* Whole fonts, short and long loca (skipped when the font is not installed). */
static void
test_whole_fonts(void)
{
  static const char *const files[] = {
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
  };
  guint tested = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    if (!g_file_test(files[i], G_FILE_TEST_EXISTS))
      continue;
    HPDF_Doc doc = HPDF_New(test_on_error, NULL);
    HPDF_FontDef fontdef = test_load(doc, files[i]);
    HPDF_TTFontDefAttr attr = fontdef->attr;
    g_test_message("%s: loca format %d", files[i], attr->header.index_to_loc_format);
    test_random_glyphs(fontdef, 9704 + i);
    g_assert_cmpuint(test_compare(doc, fontdef), >, 10000);
    HPDF_Free(doc);
    tested++;
  }
  if (tested == 0)
    g_test_skip("no AR PL SungtiL GB or Liberation Serif installed");
}

/* A font file cut short after loading: libharu reads past its end, so ours hands the
 * font to libharu's and the result is the same (its status, its bytes). */
static void
test_truncated(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("jb-savefont-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *path = jb_test_sample_subset(dir, NULL);
  HPDF_Doc doc = HPDF_New(test_on_error, NULL);
  HPDF_FontDef fontdef = test_load(doc, path);
  test_keep_all(fontdef);
  GStatBuf st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(truncate(path, st.st_size / 2), ==, 0);
  test_compare(doc, fontdef);
  g_assert_cmpuint(test_last_status, ==, HPDF_STREAM_EOF);
  HPDF_Free(doc);
  g_remove(path);
  g_rmdir(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_true(jb_ts_hpdf_savefont_linked());
  test_libharu_save = (TestSaveFunc)jb_test_libharu_symbol(
      "HPDF_TTFontDef_SaveFontData", (const void *)HPDF_TTFontDef_SaveFontData);
  g_test_add_func("/typeset/savefont/subset", test_subset);
  g_test_add_func("/typeset/savefont/whole-fonts", test_whole_fonts);
  g_test_add_func("/typeset/savefont/truncated", test_truncated);
  int status = g_test_run();
  return status;
}

/* SPDX-License-Identifier: MIT
 *
 * typeset/jb-hpdf-codes.c: the codes fonts are drawn with. Every code has two non-zero
 * bytes (libharu measures text with strlen) and they rise with the index; a real subset
 * loaded through the encoder maps each code to its character and its glyph, measures
 * text as libharu measures the characters one by one, and gets a CIDToGIDMap that ends
 * just after the last code instead of covering all 65,536.
 */
#include <glib/gstdio.h>
#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "hpdf-test-util.h"
#include "typeset-private.h"

static void
test_codes_have_no_zero_byte(void)
{
  guint previous = 0;
  for (guint k = 0; k <= JB_TS_HPDF_CODES_MAX - 1; k++) {
    guint16 code = jb_ts_hpdf_code(k);
    g_assert_cmpuint(code & 0xFF, !=, 0);
    g_assert_cmpuint(code >> 8, !=, 0);
    g_assert_cmpuint(code, >, previous);
    previous = code;
  }
  g_assert_cmpuint(jb_ts_hpdf_code(0), ==, 0x0101);
  g_assert_cmpuint(jb_ts_hpdf_code(254), ==, 0x01FF);
  g_assert_cmpuint(jb_ts_hpdf_code(255), ==, 0x0201);
}

static gint
test_cmp_unichar(gconstpointer a, gconstpointer b)
{
  gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
  return x < y ? -1 : x > y;
}

static void
test_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *data)
{
  (void)data;
  g_error("libharu error 0x%04X (detail %u)", (unsigned)error_no, (unsigned)detail_no);
}

static void
test_subset_through_codes(void)
{
  g_autofree char *dir = g_dir_make_tmp("jb-codes-XXXXXX", NULL);
  g_autoptr(GArray) chars = NULL;
  g_autofree char *path = jb_test_sample_subset_chars(dir, &chars);
  g_array_sort(chars, test_cmp_unichar);
  const gunichar *ch = (const gunichar *)chars->data;
  guint n = chars->len;

  HPDF_Doc doc = HPDF_New(test_error, NULL);
  const char *name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
  g_assert_nonnull(name);
  g_assert_cmpint(jb_ts_hpdf_codes_register(doc, "JB-test", ch, n), ==, HPDF_OK);
  HPDF_Font font = HPDF_GetFont(doc, name, "JB-test");
  g_assert_nonnull(font);
  HPDF_FontAttr attr = font->attr;
  HPDF_Encoder encoder = attr->encoder;

  /* Each code stands for its character; its CID maps to the character's glyph. */
  HPDF_UINT map_len = HPDF_Stream_Size(attr->map_stream->stream);
  g_assert_cmpuint(map_len, ==, 2u * jb_ts_hpdf_code(n));
  g_autofree HPDF_BYTE *map = g_malloc(map_len);
  HPDF_UINT got = map_len;
  HPDF_Stream_Seek(attr->map_stream->stream, 0, HPDF_SEEK_SET);
  HPDF_Stream_Read(attr->map_stream->stream, map, &got);
  g_assert_cmpuint(got, ==, map_len);
  for (guint k = 0; k < n; k++) {
    guint16 code = jb_ts_hpdf_code(k);
    g_assert_cmpuint(HPDF_Encoder_ToUnicode(encoder, code), ==, ch[k]);
    guint16 gid = HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)ch[k]);
    g_assert_cmpuint(gid, !=, 0);
    g_assert_cmpuint(map[2 * code] << 8 | map[2 * code + 1], ==, gid);
  }

  /* A run of codes measures what its characters measure one by one. */
  GString *codes = g_string_new(NULL);
  HPDF_INT expected = 0;
  for (guint k = 0; k < n; k += 7) {
    guint16 code = jb_ts_hpdf_code(k);
    g_string_append_c(codes, (char)(code >> 8));
    g_string_append_c(codes, (char)(code & 0xFF));
    expected += HPDF_TTFontDef_GetCharWidth(attr->fontdef, (HPDF_UINT16)ch[k]);
  }
  HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)codes->str, codes->len);
  g_assert_cmpuint(tw.numchars, ==, codes->len / 2);
  g_assert_cmpint((HPDF_INT)tw.width, ==, expected);
  g_string_free(codes, TRUE);

  HPDF_Free(doc);
  g_remove(path);
  g_rmdir(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/typeset/hpdf-codes/no-zero-byte", test_codes_have_no_zero_byte);
  g_test_add_func("/typeset/hpdf-codes/subset", test_subset_through_codes);
  return g_test_run();
}

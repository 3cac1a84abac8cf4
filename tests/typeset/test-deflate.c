/* SPDX-License-Identifier: MIT
 *
 * typeset/jb-hpdf-deflate.c replaces libharu's HPDF_Stream_WriteToStreamWithDeflate
 * with libdeflate: what it writes must be a zlib stream that inflates to what libharu's
 * own output inflates to (the stream's bytes), for empty, tiny, text, zero-filled
 * (CIDToGIDMap-like), random and font data, at the default level and at level 1, and it
 * must not be larger than libharu's zlib level 6 on compressible data at the default
 * level. libharu's own is found with dlsym on libhpdf itself. Font programs, which the
 * subset worker deflates with jb_ts_hpdf_deflate_bytes, must inflate back as well and, at
 * every level (igzip's at level 1 where built with it), stay within 10% of zlib level 6 on
 * a real font.
 */

#include <hpdf.h>
#include <zlib.h>

#include "hpdf-test-util.h"
#include "typeset-private.h"

/* Exported by libhpdf (and by typeset's replacement) but declared in no header. */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e);

typedef HPDF_STATUS (*TestDeflateFunc)(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e);

static TestDeflateFunc test_libharu_deflate;

static void
test_on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
  g_error("libharu error 0x%04X (detail %u)", (unsigned)error_no, (unsigned)detail_no);
}

static GBytes *
test_stream_bytes(HPDF_Stream s)
{
  GByteArray *out = g_byte_array_new();
  for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(s); i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(s, i, &len);
    g_byte_array_append(out, buf, len);
  }
  g_assert_cmpuint(out->len, ==, s->size);
  return g_byte_array_free_to_bytes(out);
}

/* @data deflated by @func from a libharu memory stream. */
static GBytes *
test_deflate(HPDF_Doc doc, TestDeflateFunc func, const guint8 *data, gsize len)
{
  HPDF_Stream src = HPDF_MemStream_New(doc->mmgr, 0);
  HPDF_Stream dst = HPDF_MemStream_New(doc->mmgr, 0);
  g_assert_cmpuint(HPDF_Stream_Write(src, data, (HPDF_UINT)len), ==, HPDF_OK);
  g_assert_cmpuint(func(src, dst, NULL), ==, HPDF_OK);
  GBytes *out = test_stream_bytes(dst);
  HPDF_Stream_Free(src);
  HPDF_Stream_Free(dst);
  return out;
}

static void
test_assert_inflates_to(GBytes *deflated, const guint8 *data, gsize len)
{
  gsize n;
  const guint8 *z = g_bytes_get_data(deflated, &n);
  g_assert_cmpuint(n, >=, 2);
  g_assert_cmpuint((z[0] << 8 | z[1]) % 31, ==, 0); /* a zlib header */
  g_assert_cmpuint(z[0] & 0x0F, ==, 8);             /* deflate */
  uLongf out_len = len + 1;
  g_autofree guint8 *out = g_malloc(out_len);
  g_assert_cmpint(uncompress(out, &out_len, z, n), ==, Z_OK);
  g_assert_cmpmem(out, out_len, data, len);
}

/* Both on @data; Returns: the sizes of ours and libharu's. */
static void
test_compare(HPDF_Doc doc, const char *what, const guint8 *data, gsize len, gsize *ours,
             gsize *libharus)
{
  g_autoptr(GBytes) want = test_deflate(doc, test_libharu_deflate, data, len);
  g_autoptr(GBytes) got = test_deflate(doc, HPDF_Stream_WriteToStreamWithDeflate, data, len);
  test_assert_inflates_to(want, data, len);
  test_assert_inflates_to(got, data, len);
  *ours = g_bytes_get_size(got);
  *libharus = g_bytes_get_size(want);
  g_test_message("%s: %zu bytes -> ours %zu, libharu (zlib 6) %zu", what, len, *ours, *libharus);
}

static void
test_inputs(gconstpointer level_data)
{
  int level = GPOINTER_TO_INT(level_data);
  jb_typeset_set_deflate_level(level);
  HPDF_Doc doc = HPDF_New(test_on_error, NULL);
  gsize ours, libharus;

  test_compare(doc, "empty", (const guint8 *)"", 0, &ours, &libharus);
  test_compare(doc, "tiny", (const guint8 *)"q", 1, &ours, &libharus);

  g_autoptr(GString) text = g_string_new(NULL);
  for (guint i = 0; i < 4000; i++)
    g_string_append_printf(text, "BT /F1 16 Tf %u.5 %u Td <4E0A6D77> Tj ET\n", i % 600, i);
  test_compare(doc, "content", (const guint8 *)text->str, text->len, &ours, &libharus);
  if (level == 0)
    g_assert_cmpuint(ours, <=, libharus);

  g_autofree guint8 *zeros = g_malloc0(131070);
  for (guint i = 0x4E00; i < 0x4E00 + 900; i += 3)
    zeros[2 * i + 1] = (guint8)i;
  test_compare(doc, "cidtogid", zeros, 131070, &ours, &libharus);

  g_autoptr(GRand) rand = g_rand_new_with_seed(9704);
  g_autofree guint8 *noise = g_malloc(300001);
  for (guint i = 0; i < 300001; i++)
    noise[i] = (guint8)g_rand_int(rand);
  test_compare(doc, "random", noise, 300001, &ours, &libharus);

  g_autoptr(GBytes) program = jb_ts_hpdf_deflate_bytes(noise, 300001);
  test_assert_inflates_to(program, noise, 300001);

  const char *font = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf";
  g_autofree char *bytes = NULL;
  gsize len = 0;
  if (g_file_get_contents(font, &bytes, &len, NULL)) {
    test_compare(doc, font, (const guint8 *)bytes, len, &ours, &libharus);
    if (level == 0)
      g_assert_cmpuint(ours, <=, libharus);
    g_autoptr(GBytes) deflated = jb_ts_hpdf_deflate_bytes(bytes, len);
    test_assert_inflates_to(deflated, (const guint8 *)bytes, len);
    g_test_message("%s as a font program: %zu bytes", font, g_bytes_get_size(deflated));
    g_assert_cmpuint(g_bytes_get_size(deflated), <=, libharus + libharus / 10);
  }
  HPDF_Free(doc);
  jb_typeset_set_deflate_level(0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_true(jb_ts_hpdf_deflate_linked());
  test_libharu_deflate = (TestDeflateFunc)jb_test_libharu_symbol(
      "HPDF_Stream_WriteToStreamWithDeflate", (const void *)HPDF_Stream_WriteToStreamWithDeflate);
  g_test_add_data_func("/typeset/deflate/default-level", GINT_TO_POINTER(0), test_inputs);
  g_test_add_data_func("/typeset/deflate/level-1", GINT_TO_POINTER(1), test_inputs);
  g_test_add_data_func("/typeset/deflate/level-12", GINT_TO_POINTER(12), test_inputs);
  int status = g_test_run();
  return status;
}

// SPDX-License-Identifier: MIT
// TrueType subsets with HarfBuzz's hb-subset, so that libharu parses and embeds only the
// glyphs an issue uses instead of whole CJK fonts (hundreds of ms and KB per font).
// libharu 2.3.0 needs cmap (3,1 format 4), glyf, loca, head, hhea, hmtx, maxp, name, OS/2
// and post; hinting and layout tables are dropped since a PDF viewer uses neither.
#include <glib/gstdio.h>
#include <hb-subset.h>
#include <hb.h>
#include <string.h>

#include "fonts-private.h"

/* Tables libharu never reads: dropping them keeps the subset small. */
static const hb_tag_t jb_fonts_subset_dropped[] = {
  HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
  HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
  HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('E', 'B', 'D', 'T'),
  HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'), HB_TAG('D', 'S', 'I', 'G'),
  HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
  HB_TAG('k', 'e', 'r', 'n'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('m', 'o', 'r', 't'),
  HB_TAG('m', 'o', 'r', 'x'), HB_TAG('f', 'e', 'a', 't'), HB_TAG('P', 'C', 'L', 'T'),
};

/* A file name that changes when the font or the characters do, so that two subsets of
 * one document never overwrite each other. */
static char *
jb_fonts_subset_filename(JbFontFace *face, const gunichar *chars, gsize n_chars)
{
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(sum, (const guchar *)face->source->file, strlen(face->source->file));
  g_checksum_update(sum, (const guchar *)&face->source->index, sizeof face->source->index);
  g_checksum_update(sum, (const guchar *)chars, n_chars * sizeof *chars);
  g_autofree char *base = g_path_get_basename(face->source->file);
  char *dot = strrchr(base, '.');
  if (dot)
    *dot = '\0';
  return g_strdup_printf("%s-%d-%.12s.ttf", base, face->source->index, g_checksum_get_string(sum));
}

static hb_subset_input_t *
jb_fonts_subset_input_new(const gunichar *chars, gsize n_chars)
{
  hb_subset_input_t *input = hb_subset_input_create_or_fail();
  if (!input)
    return NULL;
  hb_set_t *unicodes = hb_subset_input_unicode_set(input);
  for (gsize i = 0; i < n_chars; i++)
    hb_set_add(unicodes, chars[i]);
  hb_set_t *dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (gsize i = 0; i < G_N_ELEMENTS(jb_fonts_subset_dropped); i++)
    hb_set_add(dropped, jb_fonts_subset_dropped[i]);
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
  return input;
}

/* Cuts the subset in memory; NULL with IO (unreadable file) or LIBRARY (hb-subset). */
static hb_blob_t *
jb_fonts_subset_cut(JbFontFace *face, const gunichar *chars, gsize n_chars, GError **error)
{
  const char *file = face->source->file;
  /* FreeType has the file mapped already (its stream's base, never changed after the
   * face is opened): reading the same pages spares a second mapping and the page faults
   * on what layout has already touched (cmap, hmtx). */
  FT_Stream stream = face->source->ft ? face->source->ft->stream : NULL;
  GBytes *data = g_atomic_pointer_get(&face->source->data);
  gsize data_len = 0;
  const char *data_bytes = data ? g_bytes_get_data(data, &data_len) : NULL;
  hb_blob_t *blob = data_bytes ? hb_blob_create_or_fail(data_bytes, (unsigned)data_len,
                                                        HB_MEMORY_MODE_READONLY, NULL, NULL)
                    : stream && stream->base && stream->size > 0
                        ? hb_blob_create_or_fail((const char *)stream->base, (unsigned)stream->size,
                                                 HB_MEMORY_MODE_READONLY, NULL, NULL)
                        : hb_blob_create_from_file_or_fail(file);
  if (!blob) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_IO, "%s: cannot read the font file", file);
    return NULL;
  }
  hb_face_t *source = hb_face_create(blob, (unsigned)face->source->index);
  hb_blob_destroy(blob);
  hb_subset_input_t *input = jb_fonts_subset_input_new(chars, n_chars);
  hb_face_t *subset = input ? hb_subset_or_fail(source, input) : NULL;
  hb_subset_input_destroy(input);
  hb_face_destroy(source);
  if (!subset) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_LIBRARY,
                "%s (face %d): hb-subset could not cut a subset", file, face->source->index);
    return NULL;
  }
  hb_blob_t *result = hb_face_reference_blob(subset);
  hb_face_destroy(subset);
  return result;
}

/* Why a copy in memory when FreeType has the file mapped: a cold subset of a CJK body
 * font reads a thousand glyphs scattered over megabytes, and through the mapping's 4 KiB
 * pages that is most of the cut's time on the virtual machines we measured (5.9 ms against
 * 3.5 ms from a copy in the program's heap, which sits on huge pages; the copy itself
 * 1.6 ms, made by the subset worker before it has work). */
void
jb_font_face_preload(JbFontFace *face)
{
  g_return_if_fail(face != NULL);
  JbFontSource *source = face->source;
  if (g_atomic_pointer_get(&source->data) != NULL)
    return;
  GStatBuf st;
  g_autofree char *contents = NULL;
  gsize length = 0;
  if (g_stat(source->file, &st) != 0 || st.st_size <= 0 ||
      (guint64)st.st_size > JB_FONT_PRELOAD_MAX ||
      !g_file_get_contents(source->file, &contents, &length, NULL))
    return;
  GBytes *data = g_bytes_new_take(g_steal_pointer(&contents), length);
  if (!g_atomic_pointer_compare_and_exchange(&source->data, NULL, data))
    g_bytes_unref(data);
}

GBytes *
jb_font_face_subset(JbFontFace *face, const gunichar *chars, gsize n_chars, GError **error)
{
  g_return_val_if_fail(face != NULL, NULL);
  g_return_val_if_fail(chars != NULL || n_chars == 0, NULL);
  hb_blob_t *blob = jb_fonts_subset_cut(face, chars, n_chars, error);
  if (!blob)
    return NULL;
  unsigned length = 0;
  const char *data = hb_blob_get_data(blob, &length);
  if (length == 0) {
    hb_blob_destroy(blob);
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_LIBRARY,
                "%s (face %d): hb-subset cut an empty subset", face->source->file,
                face->source->index);
    return NULL;
  }
  return g_bytes_new_with_free_func(data, length, (GDestroyNotify)hb_blob_destroy, blob);
}

char *
jb_font_face_subset_to_file(JbFontFace *face, const gunichar *chars, gsize n_chars, const char *dir,
                            GError **error)
{
  g_return_val_if_fail(face != NULL && dir != NULL, NULL);
  g_return_val_if_fail(chars != NULL || n_chars == 0, NULL);
  g_autoptr(GBytes) bytes = jb_font_face_subset(face, chars, n_chars, error);
  if (!bytes)
    return NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data(bytes, &length);
  g_autofree char *name = jb_fonts_subset_filename(face, chars, n_chars);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) local = NULL;
  if (!g_file_set_contents(path, data, (gssize)length, &local)) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_IO, "%s: cannot write the font subset: %s",
                path, local->message);
    return NULL;
  }
  return g_steal_pointer(&path);
}

/* SPDX-License-Identifier: MIT
 *
 * A faster HPDF_TTFontDef_SaveFontData for libharu 2.3.0 (Debian's 2.3.0+dfsg), which
 * interposes libharu's own the way jb-hpdf-glyphid.c does (libhpdf calls it through its
 * PLT). Why: libharu rebuilds each embedded font (the FontFile2 stream) from the font
 * file with a read and a write call per 4 bytes and then reads the result back 4 bytes
 * at a time twice for the checksums: a fifth of all of typeset's work. This one reads
 * the font once and writes the very same bytes (same 13 tables in the same order, same
 * rebuilt 'head', 'glyf', 'loca' and tagged 'name', same checksums, same Length1) with
 * one write; tests/typeset/test-savefont.c compares the two byte for byte. Whenever
 * libharu would read outside the font (a damaged table directory or loca) it is handed
 * to libharu's own, so the errors stay libharu's. typeset itself hands its subsets over
 * ready-made (jb_ts_hpdf_fontfile_set, below), so the rebuild runs only for fonts loaded
 * without one.
 */
#include <dlfcn.h>
#include <hpdf.h>
#include <string.h>

#include "typeset-private.h"

/* libharu's REQUIRED_TAGS, in its order: what a FontFile2 keeps of a TrueType font. */
static const char jb_ts_savefont_tags[][5] = {
  "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
  "hmtx", "loca", "maxp", "name", "post", "prep",
};
#define JB_TS_SAVEFONT_N_TAGS  G_N_ELEMENTS(jb_ts_savefont_tags)
#define JB_TS_SAVEFONT_DIR_LEN (12 + 16 * JB_TS_SAVEFONT_N_TAGS)

typedef HPDF_STATUS (*JbTsSaveFontFunc)(HPDF_FontDef fontdef, HPDF_Stream stream);

static void
jb_ts_put16(GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xFF };
  g_byte_array_append(out, b, 2);
}

static void
jb_ts_put32(GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF };
  g_byte_array_append(out, b, 4);
}

/* The font the fontdef was loaded from, whole. NULL when it cannot be read. */
static GByteArray *
jb_ts_savefont_read_source(HPDF_Stream src)
{
  if (src == NULL || HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET) != HPDF_OK)
    return NULL;
  GByteArray *data = g_byte_array_new();
  for (;;) {
    guint len = data->len;
    HPDF_UINT chunk = 64 * 1024;
    g_byte_array_set_size(data, len + chunk);
    HPDF_STATUS ret = HPDF_Stream_Read(src, data->data + len, &chunk);
    g_byte_array_set_size(data, len + chunk);
    if (ret == HPDF_STREAM_EOF)
      return data;
    if (ret != HPDF_OK) {
      g_byte_array_unref(data);
      return NULL;
    }
  }
}

/* Whether libharu's reads of [@offset, @offset + @len) (32-bit, as it computes them) stay
 * inside the font. */
static gboolean
jb_ts_savefont_inside(const GByteArray *src, guint32 offset, guint32 len)
{
  return (guint64)offset + len <= src->len;
}

/* libharu's WriteHeader: 'head' from the parsed fields, checkSumAdjustment zero for now. */
static void
jb_ts_savefont_head(HPDF_TTFontDefAttr attr, GByteArray *tmp, gsize *check_sum_ptr)
{
  const HPDF_TTF_FontHeader *h = &attr->header;
  g_byte_array_append(tmp, h->version_number, 4);
  jb_ts_put32(tmp, h->font_revision);
  *check_sum_ptr = tmp->len;
  jb_ts_put32(tmp, 0);
  jb_ts_put32(tmp, h->magic_number);
  jb_ts_put16(tmp, h->flags);
  jb_ts_put16(tmp, h->units_per_em);
  g_byte_array_append(tmp, h->created, 8);
  g_byte_array_append(tmp, h->modified, 8);
  jb_ts_put16(tmp, (guint16)h->x_min);
  jb_ts_put16(tmp, (guint16)h->y_min);
  jb_ts_put16(tmp, (guint16)h->x_max);
  jb_ts_put16(tmp, (guint16)h->y_max);
  jb_ts_put16(tmp, h->mac_style);
  jb_ts_put16(tmp, h->lowest_rec_ppem);
  jb_ts_put16(tmp, (guint16)h->font_direction_hint);
  jb_ts_put16(tmp, (guint16)h->index_to_loc_format);
  jb_ts_put16(tmp, (guint16)h->glyph_data_format);
}

/* libharu's RecreateGLYF: the glyphs flagged 1, packed, with their new loca offsets.
 * FALSE when one lies outside the font. */
static gboolean
jb_ts_savefont_glyf(HPDF_TTFontDefAttr attr, const GByteArray *src, GByteArray *tmp,
                    guint32 *new_offsets)
{
  gboolean short_loca = attr->header.index_to_loc_format == 0;
  guint32 start = tmp->len, save_offset = 0;
  for (guint i = 0; i < attr->num_glyphs; i++) {
    if (attr->glyph_tbl.flgs[i] != 1) {
      new_offsets[i] = save_offset;
      continue;
    }
    guint32 offset = attr->glyph_tbl.offsets[i];
    guint32 len = attr->glyph_tbl.offsets[i + 1] - offset;
    new_offsets[i] = tmp->len - start;
    if (short_loca) {
      new_offsets[i] /= 2;
      len *= 2;
      offset *= 2;
    }
    offset += attr->glyph_tbl.base_offset;
    if (!jb_ts_savefont_inside(src, offset, len))
      return FALSE;
    g_byte_array_append(tmp, src->data + offset, len);
    save_offset = tmp->len - start;
    if (short_loca)
      save_offset /= 2;
  }
  new_offsets[attr->num_glyphs] = save_offset;
  return TRUE;
}

/* libharu's RecreateName: every record's string prefixed with the subset tag ("ABCDEF+",
 * in UTF-16BE on the Unicode and Windows platforms) for the family and full names; the
 * header keeps the font's string offset. FALSE when a string lies outside the font. */
static gboolean
jb_ts_savefont_name(HPDF_TTFontDefAttr attr, const HPDF_TTFTable *tbl, const GByteArray *src,
                    GByteArray *tmp)
{
  const HPDF_TTF_NamingTable *names = &attr->name_tbl;
  g_autoptr(GByteArray) strings = g_byte_array_new();
  jb_ts_put16(tmp, names->format);
  jb_ts_put16(tmp, names->count);
  jb_ts_put16(tmp, names->string_offset);
  for (guint i = 0; i < names->count; i++) {
    const HPDF_TTF_NameRecord *rec = &names->name_records[i];
    guint32 name_len = rec->length;
    guint32 offset = tbl->offset + names->string_offset + rec->offset;
    guint32 rec_offset = strings->len;
    if (rec->name_id == 1 || rec->name_id == 4) {
      if (rec->platform_id == 0 || rec->platform_id == 3) {
        g_byte_array_append(strings, (const guint8 *)attr->tag_name2, sizeof attr->tag_name2);
        name_len += sizeof attr->tag_name2;
      } else {
        g_byte_array_append(strings, (const guint8 *)attr->tag_name, sizeof attr->tag_name);
        name_len += sizeof attr->tag_name;
      }
    }
    jb_ts_put16(tmp, rec->platform_id);
    jb_ts_put16(tmp, rec->encoding_id);
    jb_ts_put16(tmp, rec->language_id);
    jb_ts_put16(tmp, rec->name_id);
    jb_ts_put16(tmp, (guint16)name_len);
    jb_ts_put16(tmp, (guint16)rec_offset);
    if (!jb_ts_savefont_inside(src, offset, rec->length))
      return FALSE;
    g_byte_array_append(strings, src->data + offset, rec->length);
  }
  g_byte_array_append(tmp, strings->data, strings->len);
  return TRUE;
}

/* The big-endian sum of @data's 4-byte words, the last one zero-padded when @pad (a
 * table's checksum), dropped otherwise (libharu's checkSumAdjustment ignores it). */
static guint32
jb_ts_savefont_sum(const guint8 *data, gsize len, gboolean pad)
{
  guint32 sum = 0;
  gsize i = 0;
  for (; i + 4 <= len; i += 4)
    sum += (guint32)data[i] << 24 | (guint32)data[i + 1] << 16 | (guint32)data[i + 2] << 8 |
           data[i + 3];
  if (pad && i < len) {
    guint8 last[4] = { 0 };
    memcpy(last, data + i, len - i);
    sum += (guint32)last[0] << 24 | (guint32)last[1] << 16 | (guint32)last[2] << 8 | last[3];
  }
  return sum;
}

static const HPDF_TTFTable *
jb_ts_savefont_find(HPDF_TTFontDefAttr attr, const char *tag)
{
  for (guint i = 0; i < attr->offset_tbl.num_tables; i++)
    if (memcmp(attr->offset_tbl.table[i].tag, tag, 4) == 0)
      return &attr->offset_tbl.table[i];
  return NULL;
}

/* The tables libharu keeps, rebuilt into @tmp, their places in @places. FALSE when
 * libharu would read outside the font. */
static gboolean
jb_ts_savefont_tables(HPDF_TTFontDefAttr attr, const GByteArray *src, GByteArray *tmp,
                      HPDF_TTFTable *places)
{
  static const HPDF_TTFTable empty;
  g_autofree guint32 *new_offsets = g_new0(guint32, attr->num_glyphs + 1);
  gsize check_sum_ptr = 0;
  for (guint i = 0; i < JB_TS_SAVEFONT_N_TAGS; i++) {
    const char *tag = jb_ts_savefont_tags[i];
    const HPDF_TTFTable *tbl = jb_ts_savefont_find(attr, tag);
    if (tbl == NULL)
      tbl = &empty;
    gsize start = tmp->len;
    gboolean ok = TRUE;
    if (strcmp(tag, "head") == 0) {
      jb_ts_savefont_head(attr, tmp, &check_sum_ptr);
    } else if (strcmp(tag, "glyf") == 0) {
      ok = jb_ts_savefont_glyf(attr, src, tmp, new_offsets);
    } else if (strcmp(tag, "loca") == 0) {
      for (guint j = 0; j <= attr->num_glyphs; j++) {
        if (attr->header.index_to_loc_format == 0)
          jb_ts_put16(tmp, (guint16)new_offsets[j]);
        else
          jb_ts_put32(tmp, new_offsets[j]);
      }
    } else if (strcmp(tag, "name") == 0) {
      ok = tbl != &empty && jb_ts_savefont_name(attr, tbl, src, tmp);
    } else {
      ok = jb_ts_savefont_inside(src, tbl->offset, tbl->length);
      if (ok)
        g_byte_array_append(tmp, src->data + tbl->offset, tbl->length);
    }
    if (!ok)
      return FALSE;
    places[i].offset = (guint32)start;
    places[i].length = (guint32)(tmp->len - start);
  }
  /* Both sums with checkSumAdjustment still 0, which then goes where 'head' put it (or
   * at 0 without one, as libharu does). */
  for (guint i = 0; i < JB_TS_SAVEFONT_N_TAGS; i++)
    places[i].check_sum = jb_ts_savefont_sum(tmp->data + places[i].offset, places[i].length, TRUE);
  guint32 adjust = 0xB1B0AFBAu - jb_ts_savefont_sum(tmp->data, tmp->len, FALSE);
  if (check_sum_ptr + 4 <= tmp->len) {
    guint8 b[4] = { adjust >> 24, (adjust >> 16) & 0xFF, (adjust >> 8) & 0xFF, adjust & 0xFF };
    memcpy(tmp->data + check_sum_ptr, b, 4);
  }
  return TRUE;
}

/* Ready-made FontFile2 streams (jb_ts_hpdf_fontfile_set): a font subset is cut and
 * deflated on a worker thread while the pages are laid out, and its stream must not be
 * rebuilt and compressed again at save time. libharu has no way to take a stream
 * already compressed, so SaveFontData leaves a one-byte placeholder (libharu skips empty
 * streams without calling the deflate) and the deflate interposer writes the bytes. A
 * document holds a handful of fonts, so a list does. */
typedef struct {
  HPDF_FontDef def;
  HPDF_Stream stream; /* set when SaveFontData claims it */
  JbTsZlibFunc zlib;
  gpointer data;
  guint32 length1;
} JbTsFontFile;

static GPtrArray *jb_ts_fontfiles;
G_LOCK_DEFINE_STATIC(jb_ts_fontfiles);

static void
jb_ts_fontfile_free(JbTsFontFile *f)
{
  g_free(f);
}

/* The entry of @def, or with @def NULL of @stream; call with the lock held. */
static JbTsFontFile *
jb_ts_fontfile_find(HPDF_FontDef def, HPDF_Stream stream, guint *index)
{
  for (guint i = 0; jb_ts_fontfiles && i < jb_ts_fontfiles->len; i++) {
    JbTsFontFile *f = g_ptr_array_index(jb_ts_fontfiles, i);
    if ((def && f->def == def) || (!def && stream && f->stream == stream)) {
      *index = i;
      return f;
    }
  }
  return NULL;
}

void
jb_ts_hpdf_fontfile_set(HPDF_FontDef def, JbTsZlibFunc zlib, gpointer data, guint32 length1)
{
  jb_ts_hpdf_fontfile_forget(def);
  JbTsFontFile *f = g_new0(JbTsFontFile, 1);
  f->def = def;
  f->zlib = zlib;
  f->data = data;
  f->length1 = length1;
  G_LOCK(jb_ts_fontfiles);
  if (jb_ts_fontfiles == NULL)
    jb_ts_fontfiles = g_ptr_array_new_with_free_func((GDestroyNotify)jb_ts_fontfile_free);
  g_ptr_array_add(jb_ts_fontfiles, f);
  G_UNLOCK(jb_ts_fontfiles);
}

void
jb_ts_hpdf_fontfile_forget(HPDF_FontDef def)
{
  guint i;
  G_LOCK(jb_ts_fontfiles);
  if (jb_ts_fontfile_find(def, NULL, &i))
    g_ptr_array_remove_index_fast(jb_ts_fontfiles, i);
  if (jb_ts_fontfiles && jb_ts_fontfiles->len == 0)
    g_clear_pointer(&jb_ts_fontfiles, g_ptr_array_unref);
  G_UNLOCK(jb_ts_fontfiles);
}

gboolean
jb_ts_hpdf_fontfile_claim(HPDF_FontDef def, HPDF_Stream stream, guint32 *length1)
{
  guint i;
  G_LOCK(jb_ts_fontfiles);
  JbTsFontFile *f = jb_ts_fontfile_find(def, NULL, &i);
  if (f) {
    f->stream = stream;
    *length1 = f->length1;
  }
  G_UNLOCK(jb_ts_fontfiles);
  return f != NULL;
}

GBytes *
jb_ts_hpdf_fontfile_take(HPDF_Stream stream)
{
  guint i;
  JbTsZlibFunc zlib = NULL;
  gpointer data = NULL;
  G_LOCK(jb_ts_fontfiles);
  JbTsFontFile *f = jb_ts_fontfile_find(NULL, stream, &i);
  if (f) {
    zlib = f->zlib;
    data = f->data;
    g_ptr_array_remove_index_fast(jb_ts_fontfiles, i);
  }
  if (jb_ts_fontfiles && jb_ts_fontfiles->len == 0)
    g_clear_pointer(&jb_ts_fontfiles, g_ptr_array_unref);
  G_UNLOCK(jb_ts_fontfiles);
  /* Outside the lock: it may wait for the worker. */
  return zlib ? g_bytes_ref(zlib(data)) : NULL;
}

HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream);

HPDF_STATUS
HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream)
{
  HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
  /* libharu's first write would be skipped and return the pending error. */
  if (HPDF_Error_GetCode(fontdef->error) != HPDF_OK)
    return HPDF_Error_GetCode(fontdef->error);
  guint32 length1 = 0;
  if (jb_ts_hpdf_fontfile_claim(fontdef, stream, &length1)) {
    attr->length1 = length1;
    return HPDF_Stream_Write(stream, (const HPDF_BYTE *)"", 1);
  }
  g_autoptr(GByteArray) src = jb_ts_savefont_read_source(attr->stream);
  g_autoptr(GByteArray) tmp = g_byte_array_new();
  HPDF_TTFTable places[JB_TS_SAVEFONT_N_TAGS];
  if (src == NULL || attr->glyph_tbl.flgs == NULL || attr->glyph_tbl.offsets == NULL ||
      !jb_ts_savefont_tables(attr, src, tmp, places)) {
    JbTsSaveFontFunc libharu = (JbTsSaveFontFunc)dlsym(RTLD_NEXT, "HPDF_TTFontDef_SaveFontData");
    if (libharu == NULL)
      return HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_FOMAT, 0);
    return libharu(fontdef, stream);
  }

  g_autoptr(GByteArray) out = g_byte_array_sized_new(JB_TS_SAVEFONT_DIR_LEN + tmp->len);
  jb_ts_put32(out, attr->offset_tbl.sfnt_version);
  jb_ts_put16(out, JB_TS_SAVEFONT_N_TAGS);
  jb_ts_put16(out, attr->offset_tbl.search_range);
  jb_ts_put16(out, attr->offset_tbl.entry_selector);
  jb_ts_put16(out, attr->offset_tbl.range_shift);
  for (guint i = 0; i < JB_TS_SAVEFONT_N_TAGS; i++) {
    g_byte_array_append(out, (const guint8 *)jb_ts_savefont_tags[i], 4);
    jb_ts_put32(out, places[i].check_sum);
    jb_ts_put32(out, places[i].offset + JB_TS_SAVEFONT_DIR_LEN);
    jb_ts_put32(out, places[i].length);
  }
  g_byte_array_append(out, tmp->data, tmp->len);
  attr->length1 = tmp->len + JB_TS_SAVEFONT_DIR_LEN;
  return HPDF_Stream_Write(stream, out->data, out->len);
}

gboolean
jb_ts_hpdf_savefont_linked(void)
{
  return TRUE;
}

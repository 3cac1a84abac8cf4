/* SPDX-License-Identifier: MIT
 *
 * The codes a font subset is drawn with: the k-th character of the subset (in code point
 * order) gets the k-th 2-byte code from 0x0101 on that has no 0 byte, and through
 * Identity-H that code is also its CID. Why not libharu's UTF-8 encoder, whose codes are
 * the Unicode values: with it HPDF_GetFont walks all 65,536 codes of every font (a glyph
 * lookup, a width and a 2-byte copy each, a fifth of all of typeset's instructions) and
 * writes a 128 KiB CIDToGIDMap per font. Given a CMap encoder whose map holds only the
 * subset's codes, libharu looks up those glyphs alone, and its W array and CIDToGIDMap
 * stop at the last code. No byte is 0 because libharu takes the length of the text it is
 * handed with strlen.
 */
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_encoder.h>
#include <string.h>

#include "typeset-private.h"

guint16
jb_ts_hpdf_code(guint k)
{
  g_return_val_if_fail(k < JB_TS_HPDF_CODES_MAX, 0);
  /* Each run of 255 codes skips the one whose low byte is 0. */
  return (guint16)(0x0101 + k + k / 255);
}

/* The text is a sequence of 2-byte codes: a lead byte, then its trail. libharu's own
 * ByteType asks per-byte callbacks that cannot tell a lead from a trail by value. */
static HPDF_ByteType
jb_ts_hpdf_codes_byte_type(HPDF_Encoder encoder, HPDF_ParseText_Rec *state)
{
  (void)encoder;
  if (state->index >= state->len)
    return HPDF_BYTE_TYPE_UNKNOWN;
  state->byte_type = state->index % 2 == 0 ? HPDF_BYTE_TYPE_LEAD : HPDF_BYTE_TYPE_TRIAL;
  state->index++;
  return state->byte_type;
}

static void
jb_ts_hpdf_codes_set(HPDF_CMapEncoderAttr attr, guint16 code, HPDF_UINT16 cid, HPDF_UNICODE ch)
{
  /* Indexed [low][high], as HPDF_CMapEncoder_ToUnicode and ToCID read them. */
  attr->cid_map[code & 0xFF][code >> 8] = cid;
  attr->unicode_map[code & 0xFF][code >> 8] = ch;
}

/* HPDF_CMapEncoder_InitAttr without its one loop: it sets all 65,536 entries of the
 * Unicode map to U+25A1 (□) for codes the encoder does not define, a million
 * instructions per font on the critical path; this encoder is only ever asked for the
 * codes it defines, so the map's other entries stay 0. The rest is InitAttr's own
 * steps (libharu 2.3.0): a zeroed attribute record and its three empty range lists. */
static gboolean
jb_ts_hpdf_codes_init_attr(HPDF_Encoder encoder)
{
  HPDF_CMapEncoderAttr attr = HPDF_GetMem(encoder->mmgr, sizeof(HPDF_CMapEncoderAttr_Rec));
  if (attr == NULL)
    return FALSE;
  memset(attr, 0, sizeof *attr);
  encoder->attr = attr;
  attr->writing_mode = HPDF_WMODE_HORIZONTAL;
  attr->cmap_range = HPDF_List_New(encoder->mmgr, HPDF_DEF_RANGE_TBL_NUM);
  attr->notdef_range = HPDF_List_New(encoder->mmgr, HPDF_DEF_ITEMS_PER_BLOCK);
  attr->code_space_range = HPDF_List_New(encoder->mmgr, HPDF_DEF_ITEMS_PER_BLOCK);
  return attr->cmap_range && attr->notdef_range && attr->code_space_range;
}

HPDF_STATUS
jb_ts_hpdf_codes_register(HPDF_Doc doc, const char *name, const gunichar *chars, guint n_chars)
{
  g_return_val_if_fail(n_chars < JB_TS_HPDF_CODES_MAX, HPDF_INVALID_PARAMETER);
  HPDF_Encoder encoder = HPDF_CMapEncoder_New(doc->mmgr, (char *)name, NULL);
  if (encoder == NULL)
    return HPDF_GetError(doc);
  if (!jb_ts_hpdf_codes_init_attr(encoder)) {
    HPDF_Encoder_Free(encoder);
    return HPDF_GetError(doc);
  }
  HPDF_CMapEncoderAttr attr = encoder->attr;
  for (guint k = 0; k < n_chars; k++) {
    g_return_val_if_fail(chars[k] > 0 && chars[k] <= 0xFFFF, HPDF_INVALID_PARAMETER);
    guint16 code = jb_ts_hpdf_code(k);
    jb_ts_hpdf_codes_set(attr, code, code, (HPDF_UNICODE)chars[k]);
  }
  /* libharu's CIDToGIDMap and W array cover the CIDs below the largest it finds, so one
   * more, mapped to nothing (glyph 0), makes them cover the last character's. */
  guint16 after = jb_ts_hpdf_code(n_chars);
  jb_ts_hpdf_codes_set(attr, after, after, 0);
  encoder->byte_type_fn = jb_ts_hpdf_codes_byte_type;
  /* to_unicode_fn stays HPDF_CMapEncoder_ToUnicode: HPDF_GetFont walks only the mapped
   * codes for an encoder with that one. */
  g_strlcpy(attr->registry, "Adobe", sizeof attr->registry);
  g_strlcpy(attr->ordering, "Identity-H", sizeof attr->ordering);
  attr->suppliment = 0;
  attr->writing_mode = HPDF_WMODE_HORIZONTAL;
  encoder->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
  return HPDF_Doc_RegisterEncoder(doc, encoder);
}

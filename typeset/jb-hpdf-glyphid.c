/* SPDX-License-Identifier: MIT
 *
 * A faster HPDF_TTFontDef_GetGlyphid for libharu 2.3.0, which interposes libharu's own:
 * libhpdf calls it through its PLT, so this definition (in the jianbao executable or in
 * libjianbao) wins. Why: HPDF_GetFont on a TrueType font asks it for every one of the
 * 65,536 codes, and libharu's version scans the cmap segments linearly from the first
 * each time (hundreds of segments in a CJK subset): a third of all of typeset's work.
 * This one returns exactly what libharu's returns for every code and font (tested
 * against it in tests/typeset/test-glyphid.c), only it resumes the scan where the last
 * call ended when the same font is asked for the next code, and otherwise searches a
 * per-font index instead of scanning.
 */
#include <hpdf.h>
#include <string.h>

#include "typeset-private.h"

/* Where the last lookup of this thread ended. The first segment whose end is >= a code
 * can only move right as the code grows, whatever the order of the segments, so for the
 * next code of the same font a scan resumed there finds what a scan from 0 would. The
 * hint is used only for exactly the next code (HPDF_GetFont's sweep) and the same font
 * and cmap arrays: a font freed and another allocated at the same addresses starts its
 * sweep at code 0, which never follows a previous code. */
typedef struct {
  HPDF_FontDef fontdef;
  const HPDF_UINT16 *end_count;
  const HPDF_UINT16 *start_count;
  HPDF_UINT seg_count;
  HPDF_UINT code;
  HPDF_UINT seg;
} JbTsGlyphidHint;

static _Thread_local JbTsGlyphidHint jb_ts_glyphid_hint;

/* For codes asked in any order (text widths): per font, the running maximum of the end
 * codes, which is sorted whatever the cmap's order, so a binary search in it finds the
 * first segment whose end is >= a code, as libharu's scan does. An entry holds a copy of
 * the end codes it was made from and is used only while the font's still match, so a
 * font freed and another allocated at the same address is never served stale data. */
typedef struct {
  HPDF_FontDef fontdef;
  const HPDF_UINT16 *end_count;
  HPDF_UINT seg_count;
  HPDF_UINT16 *ends;   /* copy of end_count */
  HPDF_UINT16 *maxima; /* maxima[i] = max(ends[0..i]) */
} JbTsGlyphidIndex;

#define JB_TS_GLYPHID_INDEXES 8

/* Reachable until exit (a handful of small arrays), guarded by jb_ts_glyphid_lock. */
static JbTsGlyphidIndex jb_ts_glyphid_indexes[JB_TS_GLYPHID_INDEXES];
static guint jb_ts_glyphid_next;
G_LOCK_DEFINE_STATIC(jb_ts_glyphid_lock);

static const JbTsGlyphidIndex *
jb_ts_glyphid_index(HPDF_FontDef fontdef, const HPDF_TTF_CmapRange *cmap, HPDF_UINT seg_count)
{
  gsize bytes = seg_count * sizeof(HPDF_UINT16);
  for (guint k = 0; k < JB_TS_GLYPHID_INDEXES; k++) {
    JbTsGlyphidIndex *x = &jb_ts_glyphid_indexes[k];
    if (x->fontdef == fontdef && x->end_count == cmap->end_count && x->seg_count == seg_count &&
        memcmp(x->ends, cmap->end_count, bytes) == 0)
      return x;
  }
  JbTsGlyphidIndex *x = &jb_ts_glyphid_indexes[jb_ts_glyphid_next];
  jb_ts_glyphid_next = (jb_ts_glyphid_next + 1) % JB_TS_GLYPHID_INDEXES;
  g_free(x->ends);
  g_free(x->maxima);
  x->fontdef = fontdef;
  x->end_count = cmap->end_count;
  x->seg_count = seg_count;
  x->ends = g_memdup2(cmap->end_count, bytes);
  x->maxima = g_new(HPDF_UINT16, seg_count);
  for (HPDF_UINT i = 0; i < seg_count; i++)
    x->maxima[i] = i > 0 && x->maxima[i - 1] > x->ends[i] ? x->maxima[i - 1] : x->ends[i];
  return x;
}

static HPDF_UINT
jb_ts_glyphid_search(HPDF_FontDef fontdef, const HPDF_TTF_CmapRange *cmap, HPDF_UINT seg_count,
                     HPDF_UINT code)
{
  G_LOCK(jb_ts_glyphid_lock);
  const JbTsGlyphidIndex *x = jb_ts_glyphid_index(fontdef, cmap, seg_count);
  HPDF_UINT lo = 0, hi = seg_count; /* the answer is in [lo, hi] */
  while (lo < hi) {
    HPDF_UINT mid = lo + (hi - lo) / 2;
    if (x->maxima[mid] >= code)
      hi = mid;
    else
      lo = mid + 1;
  }
  G_UNLOCK(jb_ts_glyphid_lock);
  return lo;
}

/* The index of the first segment whose end code is >= @code, or @seg_count. */
static HPDF_UINT
jb_ts_glyphid_segment(HPDF_FontDef fontdef, const HPDF_TTF_CmapRange *cmap, HPDF_UINT seg_count,
                      HPDF_UINT code)
{
  JbTsGlyphidHint *hint = &jb_ts_glyphid_hint;
  HPDF_UINT i;
  if (hint->fontdef == fontdef && hint->end_count == cmap->end_count &&
      hint->start_count == cmap->start_count && hint->seg_count == seg_count &&
      code == hint->code + 1) {
    i = hint->seg;
    while (i < seg_count && code > cmap->end_count[i])
      i++;
  } else {
    i = jb_ts_glyphid_search(fontdef, cmap, seg_count, code);
  }
  *hint = (JbTsGlyphidHint){ fontdef, cmap->end_count, cmap->start_count, seg_count, code, i };
  return i;
}

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode);

HPDF_UINT16
HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
  HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
  const HPDF_TTF_CmapRange *cmap = &attr->cmap;
  if (cmap->format == 0)
    return cmap->glyph_id_array[unicode & 0xFF];
  if (cmap->seg_count_x2 == 0) {
    HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_CMAP, 0);
    return 0;
  }
  HPDF_UINT seg_count = cmap->seg_count_x2 / 2;
  HPDF_UINT i = jb_ts_glyphid_segment(fontdef, cmap, seg_count, unicode);
  /* No segment ends at or after the code: libharu would read past the arrays here; a
   * well-formed cmap always ends with a 0xFFFF segment, so this cannot happen with one. */
  if (i == seg_count || cmap->start_count[i] > unicode)
    return 0;
  if (cmap->id_range_offset[i] == 0)
    return (HPDF_UINT16)(unicode + cmap->id_delta[i]);
  /* The offset counts from the segment's own id_range_offset word (unsigned wrap-around
   * on a bad offset makes the index huge, hence 0, as in libharu). */
  HPDF_UINT idx = cmap->id_range_offset[i] / 2 + (unicode - cmap->start_count[i]) - (seg_count - i);
  /* libharu tests idx > count and so reads one word past the array at idx == count. */
  if (idx >= cmap->glyph_id_array_count)
    return 0;
  return (HPDF_UINT16)(cmap->glyph_id_array[idx] + cmap->id_delta[i]);
}

gboolean
jb_ts_hpdf_glyphid_linked(void)
{
  /* jb-pdf.c calls this one; it keeps the other libharu replacements in the link too. */
  return jb_ts_hpdf_savefont_linked() && jb_ts_hpdf_deflate_linked() && jb_ts_hpdf_mem_linked();
}

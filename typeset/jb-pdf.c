/* SPDX-License-Identifier: MIT
 *
 * The PDF writer: draws the pages that jb-layout.c built with libharu. Each face gets a
 * TrueType subset of exactly the characters it draws, drawn with codes numbered densely
 * over the subset (jb-hpdf-codes.c), libharu's invalid ToUnicode CMap is replaced by a
 * valid one, characters beyond the BMP are drawn as outlines, and
 * the document is made reproducible (SOURCE_DATE_EPOCH) and optionally PDF/A-1b. libharu
 * errors become GErrors in one place, jb_ts_pdf_check().
 */
#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "typeset-private.h"

#define JB_TS_ICC_PATH "/usr/share/color/icc/sRGB.icc"

/* A face of the document: planned before the pages are drawn, loaded after. */
typedef struct {
  JbFontFace *face;
  GArray *chars; /* (element-type gunichar): what its subset will cover, sorted */
  /* The code each BMP character is drawn with (jb_ts_hpdf_code of its index in @chars),
   * 0 for one the subset lacks: a table, not a search per glyph, since every glyph of
   * every page is looked up. */
  guint16 *codes;
  HPDF_Font font; /* NULL until loaded */
} JbTsPdfFont;

static void
jb_ts_pdf_font_free(JbTsPdfFont *font)
{
  g_array_unref(font->chars);
  g_free(font->codes);
  g_free(font);
}

/* A font program loaded into the document: its libharu font definition, whose FontFile2
 * stream is the subset's deflated bytes, asked of @subsets at save. */
typedef struct {
  HPDF_FontDef def;
  JbTsSubsets *subsets;
  JbTsSubset *subset;
} JbTsPdfLoaded;

/* A drawn page and the fonts its text selects, in the order it first does: the names
 * it gives them are F1, F2, … in that order, as libharu's own HPDF_Page_SetFontAndSize
 * would, and they join the page's resources once the fonts are loaded. */
typedef struct {
  HPDF_Page page;
  GPtrArray *fonts; /* JbTsPdfFont* (not owned) */
} JbTsPdfPage;

static void
jb_ts_pdf_page_clear(JbTsPdfPage *page)
{
  g_clear_pointer(&page->fonts, g_ptr_array_unref);
}

typedef struct {
  HPDF_Doc doc;
  HPDF_STATUS status; /* the first libharu error, 0 while all is well */
  HPDF_STATUS detail;
  GHashTable *fonts;    /* canonical JbFontFace* → JbTsPdfFont* */
  GPtrArray *order;     /* JbTsPdfFont* (not owned), in load order */
  GArray *pages;        /* (element-type JbTsPdfPage) */
  JbTsPdfPage *drawing; /* the page being drawn, in @pages */
  GHashTable *canon;    /* JbFontFace* → the canonical face of its file */
  GHashTable *by_file;  /* "file:index" → canonical JbFontFace* */
  const JbTypesetOptions *options;
  JbTsSubsets *subsets; /* never NULL: jb_ts_pdf_render makes one when given none */
  GArray *loaded;       /* (element-type JbTsPdfLoaded), in load order */
} JbTsPdf;

static void
jb_ts_pdf_on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
  JbTsPdf *pdf = user_data;
  if (pdf->status == 0) {
    pdf->status = error_no;
    pdf->detail = detail_no;
  }
}

/* The one place where libharu's recorded status becomes a GError. */
static gboolean
jb_ts_pdf_check(JbTsPdf *pdf, const char *what, GError **error)
{
  /* Some libharu failures are only recorded in the document, not raised. */
  if (pdf->status == 0 && pdf->doc && HPDF_GetError(pdf->doc) != HPDF_OK) {
    pdf->status = HPDF_GetError(pdf->doc);
    pdf->detail = HPDF_GetErrorDetail(pdf->doc);
  }
  if (pdf->status == 0)
    return TRUE;
  g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIBRARY,
              "libharu failed while %s (error 0x%04X, detail %u)", what, (unsigned)pdf->status,
              (unsigned)pdf->detail);
  return FALSE;
}

static void
jb_ts_pdf_clear(JbTsPdf *pdf)
{
  for (guint i = 0; pdf->loaded && i < pdf->loaded->len; i++)
    jb_ts_hpdf_fontfile_forget(g_array_index(pdf->loaded, JbTsPdfLoaded, i).def);
  g_clear_pointer(&pdf->loaded, g_array_unref);
  if (pdf->doc)
    HPDF_Free(pdf->doc);
  pdf->doc = NULL;
  g_clear_pointer(&pdf->pages, g_array_unref);
  g_clear_pointer(&pdf->order, g_ptr_array_unref);
  g_clear_pointer(&pdf->fonts, g_hash_table_unref);
  g_clear_pointer(&pdf->canon, g_hash_table_unref);
  g_clear_pointer(&pdf->by_file, g_hash_table_unref);
}

/* Several JbFontFace objects (one per role) may stand for the same font file and face;
 * libharu knows fonts by PostScript name and would quietly reuse the first subset for
 * all of them, so they share one subset. Returns the first face seen for the file. */
static JbFontFace *
jb_ts_pdf_canonical_face(JbTsPdf *pdf, JbFontFace *face)
{
  JbFontFace *canon = g_hash_table_lookup(pdf->canon, face);
  if (canon)
    return canon;
  g_autofree char *key = jb_ts_font_key(face);
  canon = g_hash_table_lookup(pdf->by_file, key);
  if (canon == NULL) {
    canon = face;
    g_hash_table_insert(pdf->by_file, g_steal_pointer(&key), face);
  }
  g_hash_table_insert(pdf->canon, face, canon);
  return canon;
}

/* A character beyond the BMP is drawn as an outline, and an invisible BMP character of
 * the same face, its carrier, stands in for it in the text layer: poppler only honours
 * an ActualText span that holds some text. U+3000 (ideographic space) is as wide as an
 * ideograph; 0 when the face has neither it nor a space. */
gunichar
jb_ts_carrier(JbFontFace *face)
{
  if (jb_font_face_has_glyph(face, 0x3000))
    return 0x3000;
  return jb_font_face_has_glyph(face, ' ') ? ' ' : 0;
}

/* Collects, per font file (its canonical face), the sorted BMP characters the document
 * draws with it (a character beyond the BMP counts as its carrier).
 * Returns: canonical JbFontFace* → GArray* (element-type gunichar). */
static GHashTable *
jb_ts_pdf_collect(JbTsPdf *pdf, const JbTsDocument *doc)
{
  g_autoptr(GHashTable) bits = g_hash_table_new_full(NULL, NULL, NULL, g_free);
  JbFontFace *last = NULL; /* glyphs come in runs of one face: look it up once a run */
  JbTsCharBits *last_bits = NULL;
  for (guint p = 0; p < doc->pages->len; p++) {
    JbTsPage *page = g_ptr_array_index(doc->pages, p);
    for (guint t = 0; t < page->texts->len; t++) {
      JbTsText *text = g_ptr_array_index(page->texts, t);
      for (guint i = 0; i < text->glyphs->len; i++) {
        JbTsGlyph *g = &g_array_index(text->glyphs, JbTsGlyph, i);
        if (g->face != last) {
          JbFontFace *face = jb_ts_pdf_canonical_face(pdf, g->face);
          last_bits = g_hash_table_lookup(bits, face);
          if (last_bits == NULL) {
            last_bits = g_new0(JbTsCharBits, 1);
            g_hash_table_insert(bits, face, last_bits);
          }
          last = g->face;
        }
        gunichar ch = g->ch <= 0xFFFF ? g->ch : jb_ts_carrier(g->face);
        if (ch)
          jb_ts_char_bits_add(last_bits, ch);
      }
    }
  }
  GHashTable *sets = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
  GHashTableIter iter;
  gpointer face, value;
  g_hash_table_iter_init(&iter, bits);
  while (g_hash_table_iter_next(&iter, &face, &value))
    g_hash_table_insert(sets, face, jb_ts_char_bits_list(value));
  return sets;
}

/* Appends @v as four upper-case hex digits: what "%04X" makes, without a printf per code
 * (the text of every page and every ToUnicode entry goes through here). */
static void
jb_ts_pdf_append_hex4(GString *out, guint v)
{
  static const char digits[] = "0123456789ABCDEF";
  char b[4] = { digits[(v >> 12) & 15], digits[(v >> 8) & 15], digits[(v >> 4) & 15],
                digits[v & 15] };
  g_string_append_len(out, b, 4);
}

/* A ToUnicode CMap that maps each code the font draws to its character (libharu's own
 * has ranges poppler rejects).
 * Single bfchar entries, not bfranges: Ghostscript 10.0's txtwrite misreads a bfrange
 * whose destination is a 2-byte value (<4E00> <4EFF> <4E00> turns 上 into "X"). */
static void
jb_ts_pdf_write_tounicode(HPDF_Stream s, const gunichar *chars, guint n_chars)
{
  HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
                          ">> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                          "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  g_autoptr(GString) block = g_string_new(NULL);
  for (guint i = 0; i < n_chars; i += 100) {
    guint n = MIN(100, n_chars - i);
    g_string_printf(block, "%u beginbfchar\n", n);
    for (guint k = i; k < i + n; k++) {
      g_string_append_c(block, '<');
      jb_ts_pdf_append_hex4(block, jb_ts_hpdf_code(k));
      g_string_append(block, "> <");
      jb_ts_pdf_append_hex4(block, chars[k]);
      g_string_append(block, ">\n");
    }
    g_string_append(block, "endbfchar\n");
    HPDF_Stream_WriteStr(s, block->str);
  }
  HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* Swaps the content of libharu's ToUnicode stream for a valid one (same object, so no
 * orphan is written). @chars: the BMP characters of the font's subset, sorted. */
static void
jb_ts_pdf_fix_tounicode(HPDF_Font font, const gunichar *chars, guint n_chars)
{
  HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
  if (cmap == NULL)
    return;
  HPDF_Dict_RemoveElement(cmap, "Type");
  HPDF_Dict_RemoveElement(cmap, "CMapName");
  HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
  HPDF_Dict_RemoveElement(cmap, "WMode");
  HPDF_MemStream_FreeData(cmap->stream);
  cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  jb_ts_pdf_write_tounicode(cmap->stream, chars, n_chars);
}

/* libharu drops the outlines of glyphs it did not see drawn, and follows composite
 * glyphs only one level deep, so nested composites (the AR PL fonts are full of them)
 * lost their parts. The subset already holds just what is drawn: keep all of it. */
static void
jb_ts_pdf_keep_all_glyphs(HPDF_Font font)
{
  HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
  if (attr == NULL || attr->fontdef == NULL || attr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
    return;
  HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)attr->fontdef->attr;
  if (tt && tt->glyph_tbl.flgs)
    memset(tt->glyph_tbl.flgs, 1, tt->num_glyphs);
}

/* libharu's HPDF_LoadTTFontFromFile for a font in memory, which libharu 2.3.0 has no call
 * for (its LoadTTFontFromStream is static): the same steps through its installed
 * internal API, so the subset need not go through a temporary file. Returns: the font's
 * name in the document, NULL on an error recorded in the document. */
static const char *
jb_ts_pdf_load_ttf(JbTsPdf *pdf, GBytes *font)
{
  HPDF_Doc doc = pdf->doc;
  gsize len = 0;
  const HPDF_BYTE *data = g_bytes_get_data(font, &len);
  HPDF_Stream stream = HPDF_MemStream_New(doc->mmgr, (HPDF_UINT)len);
  if (stream == NULL || HPDF_Stream_Write(stream, data, (HPDF_UINT)len) != HPDF_OK) {
    if (stream)
      HPDF_Stream_Free(stream);
    return NULL;
  }
  HPDF_FontDef def = HPDF_TTFontDef_Load(doc->mmgr, stream, HPDF_TRUE);
  if (def == NULL)
    return NULL;
  if (HPDF_Doc_FindFontDef(doc, def->base_font) != NULL) {
    HPDF_FontDef_Free(def);
    HPDF_SetError(&doc->error, HPDF_FONT_EXISTS, 0);
    return NULL;
  }
  if (HPDF_List_Add(doc->fontdef_list, def) != HPDF_OK) {
    HPDF_FontDef_Free(def);
    return NULL;
  }
  /* The subset tag, HPDFAA then HPDFAB and so on, as libharu hands them out. */
  if (doc->ttfont_tag[0] == 0) {
    memcpy(doc->ttfont_tag, "HPDFAA", 6);
  } else {
    for (int i = 5; i >= 0; i--) {
      if (++doc->ttfont_tag[i] <= 'Z')
        break;
      doc->ttfont_tag[i] = 'A';
    }
  }
  HPDF_TTFontDef_SetTagName(def, (char *)doc->ttfont_tag);
  return def->base_font;
}

/* Takes @font's subset (cut during layout, or now), loads it into the document and fixes
 * its ToUnicode; its deflated bytes become the FontFile2 stream at save time. */
static gboolean
jb_ts_pdf_load_font(JbTsPdf *pdf, JbTsPdfFont *font, GError **error)
{
  JbTsSubset *subset = jb_ts_subsets_take(pdf->subsets, font->face, font->chars, error);
  if (subset == NULL)
    return FALSE;
  /* The plan and the take decide alike from the same characters. */
  g_assert(subset->chars->len == font->chars->len);
  const char *name = jb_ts_pdf_load_ttf(pdf, subset->font);
  g_autofree char *encoding = name ? g_strdup_printf("JB-%s", name) : NULL;
  if (name && jb_ts_hpdf_codes_register(pdf->doc, encoding, (const gunichar *)subset->chars->data,
                                        subset->chars->len) != HPDF_OK)
    name = NULL;
  font->font = name ? HPDF_GetFont(pdf->doc, name, encoding) : NULL;
  if (font->font == NULL || pdf->status) {
    g_autofree char *what =
        g_strdup_printf("loading the font %s", jb_font_face_peek_family(font->face));
    if (!pdf->status)
      pdf->status = HPDF_INVALID_FONT_NAME;
    return jb_ts_pdf_check(pdf, what, error);
  }
  JbTsPdfLoaded item = { ((HPDF_FontAttr)font->font->attr)->fontdef, pdf->subsets, subset };
  g_array_append_val(pdf->loaded, item);
  jb_ts_pdf_fix_tounicode(font->font, (const gunichar *)subset->chars->data, subset->chars->len);
  jb_ts_pdf_keep_all_glyphs(font->font);
  return TRUE;
}

/* Loads every face in a fixed order (by family, file, index), so the subset tags libharu
 * hands out (HPDFAA, HPDFAB, …) do not depend on hash order. */
static gint
jb_ts_cmp_face(gconstpointer a, gconstpointer b)
{
  JbFontFace *x = *(JbFontFace *const *)a, *y = *(JbFontFace *const *)b;
  int c = g_strcmp0(jb_font_face_peek_file(x), jb_font_face_peek_file(y));
  return c ? c : jb_font_face_get_index(x) - jb_font_face_get_index(y);
}

/* Decides, before any page is drawn, each face's subset characters and so its codes,
 * without waiting for the subsets themselves: the pages are drawn while the subset worker
 * is still cutting, and the fonts are loaded afterwards (jb_ts_pdf_load_fonts). */
static void
jb_ts_pdf_plan_fonts(JbTsPdf *pdf, const JbTsDocument *doc)
{
  g_autoptr(GHashTable) sets = jb_ts_pdf_collect(pdf, doc);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init(&iter, sets);
  while (g_hash_table_iter_next(&iter, &key, NULL))
    g_ptr_array_add(pdf->order, key);
  g_ptr_array_sort(pdf->order, jb_ts_cmp_face);
  guint n = 0;
  for (guint i = 0; i < pdf->order->len; i++) {
    JbFontFace *face = g_ptr_array_index(pdf->order, i);
    GArray *chars = g_hash_table_lookup(sets, face);
    if (chars->len == 0)
      continue;
    JbTsPdfFont *font = g_new0(JbTsPdfFont, 1);
    font->face = face;
    font->chars = jb_ts_subsets_plan(pdf->subsets, face, chars);
    font->codes = g_new0(guint16, 0x10000);
    for (guint k = 0; k < font->chars->len; k++)
      font->codes[g_array_index(font->chars, gunichar, k)] = jb_ts_hpdf_code(k);
    g_hash_table_insert(pdf->fonts, face, font);
    g_ptr_array_index(pdf->order, n++) = font;
  }
  g_ptr_array_set_size(pdf->order, n);
}

/* The name a page gives the @n-th font (from 0) its text selects: F1, F2, …, as
 * libharu's HPDF_Page_GetLocalFontName does. */
static void
jb_ts_pdf_font_name(char name[16], guint n)
{
  g_snprintf(name, 16, "F%u", n + 1);
}

/* Loads the planned fonts, in the plan's order, and gives each drawn page the fonts it
 * named. */
static gboolean
jb_ts_pdf_load_fonts(JbTsPdf *pdf, GError **error)
{
  for (guint i = 0; i < pdf->order->len; i++)
    if (!jb_ts_pdf_load_font(pdf, g_ptr_array_index(pdf->order, i), error))
      return FALSE;
  for (guint p = 0; p < pdf->pages->len; p++) {
    const JbTsPdfPage *page = &g_array_index(pdf->pages, JbTsPdfPage, p);
    for (guint i = 0; i < page->fonts->len; i++) {
      const JbTsPdfFont *font = g_ptr_array_index(page->fonts, i);
      const char *name = HPDF_Page_GetLocalFontName(page->page, font->font);
      char want[16];
      jb_ts_pdf_font_name(want, i);
      if (name == NULL || strcmp(name, want) != 0) {
        if (!pdf->status)
          pdf->status = HPDF_PAGE_INVALID_FONT;
        return jb_ts_pdf_check(pdf, "naming the fonts of a page", error);
      }
    }
  }
  return jb_ts_pdf_check(pdf, "naming the fonts of the pages", error);
}

/* Selects @font at @size in @page's text object: the "/Fn size Tf" that
 * HPDF_Page_SetFontAndSize writes, with the page's name for @font (jb_ts_pdf_load_fonts
 * adds it to the page's resources), since the font is loaded only after the pages. */
static void
jb_ts_pdf_set_font(JbTsPdfPage *page, JbTsPdfFont *font, double size)
{
  HPDF_PageAttr attr = (HPDF_PageAttr)page->page->attr;
  if (attr->gmode != HPDF_GMODE_TEXT_OBJECT)
    return;
  guint n = 0;
  while (n < page->fonts->len && g_ptr_array_index(page->fonts, n) != font)
    n++;
  if (n == page->fonts->len)
    g_ptr_array_add(page->fonts, font);
  char name[16];
  jb_ts_pdf_font_name(name, n);
  HPDF_Stream_WriteEscapeName(attr->stream, name);
  HPDF_Stream_WriteStr(attr->stream, " ");
  HPDF_Stream_WriteReal(attr->stream, (HPDF_REAL)size);
  HPDF_Stream_WriteStr(attr->stream, " Tf\012");
}

static void
jb_ts_pdf_set_fill(JbTsPdf *pdf, HPDF_Page page, gboolean red)
{
  if (!red)
    HPDF_Page_SetGrayFill(page, 0);
  else if (pdf->options->rgb || pdf->options->pdfa)
    HPDF_Page_SetRGBFill(page, 1, 0, 0);
  else
    HPDF_Page_SetCMYKFill(page, 0, 1, 1, 0);
}

static void
jb_ts_pdf_set_stroke(JbTsPdf *pdf, HPDF_Page page, gboolean red)
{
  if (!red)
    HPDF_Page_SetGrayStroke(page, 0);
  else if (pdf->options->rgb || pdf->options->pdfa)
    HPDF_Page_SetRGBStroke(page, 1, 0, 0);
  else
    HPDF_Page_SetCMYKStroke(page, 0, 1, 1, 0);
}

typedef struct {
  HPDF_Page page;
  double x, y;
} JbTsPath;

static void
jb_ts_path_move(void *data, double x, double y)
{
  JbTsPath *p = data;
  HPDF_Page_MoveTo(p->page, p->x + x, p->y + y);
}

static void
jb_ts_path_line(void *data, double x, double y)
{
  JbTsPath *p = data;
  HPDF_Page_LineTo(p->page, p->x + x, p->y + y);
}

static void
jb_ts_path_curve(void *data, double x1, double y1, double x2, double y2, double x3, double y3)
{
  JbTsPath *p = data;
  HPDF_Page_CurveTo(p->page, p->x + x1, p->y + y1, p->x + x2, p->y + y2, p->x + x3, p->y + y3);
}

static void
jb_ts_path_close(void *data)
{
  JbTsPath *p = data;
  HPDF_Page_ClosePath(p->page);
}

/* Opens a marked-content span whose ActualText is @ch (UTF-16BE, a surrogate pair
 * beyond the BMP), written straight into the page's content stream: libharu 2.3.0 has no
 * marked-content operators. Only between text objects and paths. */
static void
jb_ts_pdf_begin_actual_text(HPDF_Page page, gunichar ch)
{
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  gunichar2 *utf16 = g_ucs4_to_utf16(&ch, 1, NULL, NULL, NULL);
  GString *op = g_string_new("/Span <</ActualText <FEFF");
  for (const gunichar2 *u = utf16; u && *u; u++)
    g_string_append_printf(op, "%04X", *u);
  g_string_append(op, ">>> BDC\n");
  if (attr->gmode == HPDF_GMODE_PAGE_DESCRIPTION)
    HPDF_Stream_WriteStr(attr->stream, op->str);
  g_string_free(op, TRUE);
  g_free(utf16);
}

static void
jb_ts_pdf_end_actual_text(HPDF_Page page)
{
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  if (attr->gmode == HPDF_GMODE_PAGE_DESCRIPTION)
    HPDF_Stream_WriteStr(attr->stream, "EMC\n");
}

/* Appends the 2-byte code @font draws @ch with to @hex, in hex. FALSE, appending nothing,
 * when the subset lacks @ch, which jb_ts_pdf_collect rules out. */
static gboolean
jb_ts_pdf_code(const JbTsPdfFont *font, gunichar ch, GString *hex)
{
  guint16 code = ch <= 0xFFFF ? font->codes[ch] : 0;
  g_return_val_if_fail(code != 0, FALSE);
  jb_ts_pdf_append_hex4(hex, code);
  return TRUE;
}

/* Shows the codes @hex at (@x, @y), right after HPDF_Page_BeginText: the Td and Tj
 * HPDF_Page_TextOut would write, byte for byte (the text matrix is the identity there, so
 * the position is the same relative and absolute). Written here because TextOut also
 * measures the string, parsing it code by code, only to advance a text position nobody
 * reads: the largest part of drawing the pages. */
static void
jb_ts_pdf_show_codes(HPDF_Page page, double x, double y, const GString *hex)
{
  HPDF_Page_MoveTextPos(page, (HPDF_REAL)x, (HPDF_REAL)y);
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  if (attr->gmode != HPDF_GMODE_TEXT_OBJECT)
    return;
  HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)"<", 1);
  HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)hex->str, (HPDF_UINT)hex->len);
  HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)"> Tj\012", 5);
}

/* @ch in @g's face, invisible and stretched to @width at @g's position, so text
 * extraction finds a character of that width where @g is drawn. */
static void
jb_ts_pdf_show_stretched(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, const JbTsGlyph *g,
                         gunichar ch, double width)
{
  JbTsPdfFont *font = g_hash_table_lookup(pdf->fonts, jb_ts_pdf_canonical_face(pdf, g->face));
  double natural = ch ? jb_font_face_advance(g->face, ch, text->size) : 0;
  g_autoptr(GString) hex = g_string_new(NULL);
  if (font == NULL || natural <= 0 || !jb_ts_pdf_code(font, ch, hex))
    return;
  HPDF_Page_BeginText(page);
  jb_ts_pdf_set_font(pdf->drawing, font, text->size);
  HPDF_Page_SetCharSpace(page, 0);
  HPDF_Page_SetHorizontalScalling(page, (HPDF_REAL)(100 * width / natural));
  HPDF_Page_SetTextRenderingMode(page, HPDF_INVISIBLE);
  jb_ts_pdf_show_codes(page, g->x, text->y, hex);
  HPDF_Page_SetHorizontalScalling(page, 100);
  HPDF_Page_EndText(page);
}

/* The carrier of @g (see jb_ts_pdf_carrier) stretched to @g's advance. */
static void
jb_ts_pdf_show_carrier(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, const JbTsGlyph *g)
{
  jb_ts_pdf_show_stretched(pdf, page, text, g, jb_ts_carrier(g->face), g->advance);
}

/* Fills @g's outline at its position (nothing for invisible text). */
static gboolean
jb_ts_pdf_fill_outline(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, const JbTsGlyph *g,
                       GError **error)
{
  static const JbOutlineSink sink = { jb_ts_path_move, jb_ts_path_line, jb_ts_path_curve,
                                      jb_ts_path_close };
  JbTsPath path = { page, g->x, text->y };
  if (text->invisible)
    return TRUE;
  jb_ts_pdf_set_fill(pdf, page, text->red);
  if (!jb_font_face_outline(g->face, g->ch, text->size, &sink, &path, error))
    return FALSE;
  /* Synthetic bold, as the text runs get it (render mode 2, stroke set by the caller). */
  if (jb_font_face_wants_bold(g->face))
    HPDF_Page_FillStroke(page);
  else
    HPDF_Page_Fill(page);
  return TRUE;
}

/* Squeezed punctuation (@g->kern < 0): its ink is drawn as a path where the glyph sits,
 * and the character itself, invisible, is squeezed to the advance it now has. Drawn as
 * text, its box would overlap the next glyph's by half an em, and poppler takes a glyph
 * that starts inside the one before for the start of another line. */
static gboolean
jb_ts_pdf_draw_squeezed(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, const JbTsGlyph *g,
                        GError **error)
{
  if (!jb_ts_pdf_fill_outline(pdf, page, text, g, error))
    return FALSE;
  jb_ts_pdf_show_stretched(pdf, page, text, g, g->ch, g->advance + g->kern);
  return TRUE;
}

/* A character beyond the BMP, which libharu cannot encode: its outline is filled as a
 * path, and an ActualText span around it and its invisible carrier gives text
 * extraction the character. */
static gboolean
jb_ts_pdf_draw_outline(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, const JbTsGlyph *g,
                       GError **error)
{
  jb_ts_pdf_begin_actual_text(page, g->ch);
  if (!jb_ts_pdf_fill_outline(pdf, page, text, g, error))
    return FALSE;
  jb_ts_pdf_show_carrier(pdf, page, text, g);
  jb_ts_pdf_end_actual_text(page);
  return TRUE;
}

/* Draws glyphs[start, end): one face, evenly spaced, so one Tj with Tc. */
static void
jb_ts_pdf_show_run(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, guint start, guint end)
{
  const JbTsGlyph *first = &g_array_index(text->glyphs, JbTsGlyph, start);
  JbTsPdfFont *font = g_hash_table_lookup(pdf->fonts, jb_ts_pdf_canonical_face(pdf, first->face));
  g_autoptr(GString) hex = g_string_sized_new(4 * (end - start));
  for (guint i = start; font && i < end; i++)
    jb_ts_pdf_code(font, g_array_index(text->glyphs, JbTsGlyph, i).ch, hex);
  if (hex->len == 0)
    return;
  gboolean bold = jb_font_face_wants_bold(first->face);
  HPDF_Page_BeginText(page);
  jb_ts_pdf_set_font(pdf->drawing, font, text->size);
  HPDF_Page_SetCharSpace(page, (HPDF_REAL)text->spacing);
  HPDF_Page_SetTextRenderingMode(page, text->invisible ? HPDF_INVISIBLE
                                       : bold          ? HPDF_FILL_THEN_STROKE
                                                       : HPDF_FILL);
  jb_ts_pdf_show_codes(page, first->x, text->y, hex);
  HPDF_Page_EndText(page);
}

/* Does glyph @i continue the run before it (same face, where Tc puts it)? */
static gboolean
jb_ts_pdf_continues(const JbTsText *text, guint i)
{
  const JbTsGlyph *a = &g_array_index(text->glyphs, JbTsGlyph, i - 1);
  const JbTsGlyph *b = &g_array_index(text->glyphs, JbTsGlyph, i);
  return a->face == b->face && a->ch <= 0xFFFF && b->ch <= 0xFFFF && a->kern == 0 && b->kern == 0 &&
         fabs(a->x + a->advance + text->spacing - b->x) < 0.001;
}

static gboolean
jb_ts_pdf_draw_text(JbTsPdf *pdf, HPDF_Page page, const JbTsText *text, GError **error)
{
  jb_ts_pdf_set_fill(pdf, page, text->red);
  jb_ts_pdf_set_stroke(pdf, page, text->red);
  HPDF_Page_SetLineWidth(page, (HPDF_REAL)(text->size * 0.03));
  guint start = 0;
  for (guint i = 1; i <= text->glyphs->len; i++) {
    if (i < text->glyphs->len && jb_ts_pdf_continues(text, i))
      continue;
    const JbTsGlyph *g = &g_array_index(text->glyphs, JbTsGlyph, start);
    if (g->ch > 0xFFFF) {
      if (!jb_ts_pdf_draw_outline(pdf, page, text, g, error))
        return FALSE;
    } else if (g->kern < 0) {
      if (!jb_ts_pdf_draw_squeezed(pdf, page, text, g, error))
        return FALSE;
    } else {
      jb_ts_pdf_show_run(pdf, page, text, start, i);
    }
    start = i;
  }
  return TRUE;
}

static gboolean
jb_ts_pdf_draw_page(JbTsPdf *pdf, const JbTsPage *tp, GError **error)
{
  HPDF_Page page = HPDF_AddPage(pdf->doc);
  if (page == NULL)
    return jb_ts_pdf_check(pdf, "adding a page", error);
  JbTsPdfPage drawn = { page, g_ptr_array_new() };
  g_array_append_val(pdf->pages, drawn);
  pdf->drawing = &g_array_index(pdf->pages, JbTsPdfPage, pdf->pages->len - 1);
  HPDF_Page_SetWidth(page, (HPDF_REAL)JB_TS_PAGE_W);
  HPDF_Page_SetHeight(page, (HPDF_REAL)JB_TS_PAGE_H);
  for (guint i = 0; i < tp->rules->len; i++) {
    const JbTsRule *r = &g_array_index(tp->rules, JbTsRule, i);
    jb_ts_pdf_set_stroke(pdf, page, r->red);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->width);
    HPDF_Page_MoveTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)r->y);
    HPDF_Page_LineTo(page, (HPDF_REAL)r->x2, (HPDF_REAL)r->y);
    HPDF_Page_Stroke(page);
  }
  for (guint i = 0; i < tp->texts->len; i++)
    if (!jb_ts_pdf_draw_text(pdf, page, g_ptr_array_index(tp->texts, i), error))
      return FALSE;
  return jb_ts_pdf_check(pdf, "drawing a page", error);
}

/* The document's time: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
static HPDF_Date
jb_ts_pdf_date(void)
{
  const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
  g_autoptr(GDateTime) t = NULL;
  if (epoch && *epoch)
    t = g_date_time_new_from_unix_utc(g_ascii_strtoll(epoch, NULL, 10));
  if (t == NULL)
    t = g_date_time_new_now_utc();
  HPDF_Date d = {
    .year = g_date_time_get_year(t),
    .month = g_date_time_get_month(t),
    .day = g_date_time_get_day_of_month(t),
    .hour = g_date_time_get_hour(t),
    .minutes = g_date_time_get_minute(t),
    .seconds = g_date_time_get_second(t),
    .ind = '+', /* UTC; libharu's XMP writer does not accept 'Z' */
  };
  return d;
}

static void
jb_ts_pdf_info(JbTsPdf *pdf, const JbTsDocument *doc)
{
  HPDF_SetCurrentEncoder(pdf->doc, "UTF-8");
  if (doc->title && *doc->title)
    HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_TITLE, doc->title);
  if (doc->author && *doc->author)
    HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_AUTHOR, doc->author);
  HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_CREATOR, "jianbao " JB_VERSION);
  HPDF_Date date = jb_ts_pdf_date();
  HPDF_SetInfoDateAttr(pdf->doc, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(pdf->doc, HPDF_INFO_MOD_DATE, date);
}

/* A file identifier made from the document's own text, so that it is the same for the
 * same input (libharu's would hash the wall-clock time). */
static void
jb_ts_pdf_set_id(JbTsPdf *pdf, const JbTsDocument *doc)
{
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_MD5);
  g_checksum_update(sum, (const guchar *)(doc->title ? doc->title : ""), -1);
  for (guint p = 0; p < doc->pages->len; p++) {
    JbTsPage *page = g_ptr_array_index(doc->pages, p);
    for (guint t = 0; t < page->texts->len; t++) {
      JbTsText *text = g_ptr_array_index(page->texts, t);
      for (guint i = 0; i < text->glyphs->len; i++) {
        gunichar ch = g_array_index(text->glyphs, JbTsGlyph, i).ch;
        g_checksum_update(sum, (const guchar *)&ch, sizeof ch);
      }
    }
  }
  guint8 digest[16];
  gsize len = sizeof digest;
  g_checksum_get_digest(sum, digest, &len);
  HPDF_Array id = HPDF_Array_New(pdf->doc->mmgr);
  HPDF_Dict_Add(pdf->doc->trailer, "ID", id);
  HPDF_Array_Add(id, HPDF_Binary_New(pdf->doc->mmgr, digest, 16));
  HPDF_Array_Add(id, HPDF_Binary_New(pdf->doc->mmgr, digest, 16));
}

/* PDF/A-1b: XMP metadata (libharu writes it from the info dictionary), a file
 * identifier and an sRGB output intent with Debian's icc-profiles-free profile. The
 * intent is built here because libharu 2.3.0's own spells its key "DestOutputProfile "
 * with a trailing space. */
static gboolean
jb_ts_pdf_pdfa(JbTsPdf *pdf, const JbTsDocument *doc, GError **error)
{
  g_autofree char *icc = NULL;
  gsize icc_len = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(JB_TS_ICC_PATH, &icc, &icc_len, &local)) {
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_IO,
                "PDF/A needs the sRGB profile (package icc-profiles-free): %s", local->message);
    return FALSE;
  }
  jb_ts_pdf_set_id(pdf, doc);
  HPDF_PDFA_SetPDFAConformance(pdf->doc, HPDF_PDFA_1B);
  /* libharu spells the metadata stream's key "SubType"; readers want "Subtype". */
  HPDF_Dict meta = HPDF_Dict_GetItem(pdf->doc->catalog, "Metadata", HPDF_OCLASS_DICT);
  if (meta) {
    HPDF_Dict_RemoveElement(meta, "SubType");
    HPDF_Dict_AddName(meta, "Subtype", "XML");
  }
  HPDF_Dict profile = HPDF_DictStream_New(pdf->doc->mmgr, pdf->doc->xref);
  HPDF_Dict_AddNumber(profile, "N", 3);
  profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  HPDF_Stream_Write(profile->stream, (const HPDF_BYTE *)icc, (HPDF_UINT)icc_len);
  HPDF_Dict intent = HPDF_Dict_New(pdf->doc->mmgr);
  HPDF_Xref_Add(pdf->doc->xref, intent);
  HPDF_Dict_AddName(intent, "Type", "OutputIntent");
  HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
  HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                HPDF_String_New(pdf->doc->mmgr, "sRGB IEC61966-2.1", NULL));
  HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->doc->mmgr, "sRGB IEC61966-2.1", NULL));
  HPDF_Dict_Add(intent, "DestOutputProfile", profile);
  HPDF_Array intents = HPDF_Array_New(pdf->doc->mmgr);
  HPDF_Dict_Add(pdf->doc->catalog, "OutputIntents", intents);
  HPDF_Array_Add(intents, intent);
  return jb_ts_pdf_check(pdf, "adding the PDF/A metadata", error);
}

static GBytes *
jb_ts_pdf_zlib(gpointer data)
{
  JbTsPdfLoaded *item = data;
  return jb_ts_subsets_wait_zlib(item->subsets, item->subset);
}

static GBytes *
jb_ts_pdf_save(JbTsPdf *pdf, GError **error)
{
  /* The subset as cut is the font program: libharu would only rebuild the same glyphs. */
  for (guint i = 0; i < pdf->loaded->len; i++) {
    JbTsPdfLoaded *item = &g_array_index(pdf->loaded, JbTsPdfLoaded, i);
    jb_ts_hpdf_fontfile_set(item->def, jb_ts_pdf_zlib, item,
                            (guint32)g_bytes_get_size(item->subset->font));
  }
  HPDF_SaveToStream(pdf->doc);
  if (!jb_ts_pdf_check(pdf, "writing the document", error))
    return NULL;
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf->doc);
  guint8 *buf = g_malloc(size ? size : 1);
  HPDF_UINT32 len = size;
  HPDF_ReadFromStream(pdf->doc, buf, &len);
  if (pdf->status == HPDF_STREAM_EOF)
    pdf->status = 0; /* reading the whole stream ends at its end */
  if (!jb_ts_pdf_check(pdf, "reading the document back", error)) {
    g_free(buf);
    return NULL;
  }
  return g_bytes_new_take(buf, len);
}

GBytes *
jb_ts_pdf_render(const JbTsDocument *doc, const JbTypesetOptions *options, JbTsSubsets *subsets,
                 GError **error)
{
  g_autoptr(JbTsSubsets) own = subsets ? NULL : jb_ts_subsets_start(NULL);
  JbTsPdf pdf = { .options = options, .subsets = subsets ? subsets : own };
  GBytes *bytes = NULL;
  (void)jb_ts_hpdf_glyphid_linked(); /* keeps the faster glyph lookup in the link */
  pdf.doc = HPDF_New(jb_ts_pdf_on_error, &pdf);
  pdf.fonts = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)jb_ts_pdf_font_free);
  pdf.order = g_ptr_array_new();
  pdf.pages = g_array_new(FALSE, FALSE, sizeof(JbTsPdfPage));
  g_array_set_clear_func(pdf.pages, (GDestroyNotify)jb_ts_pdf_page_clear);
  pdf.canon = g_hash_table_new(NULL, NULL);
  pdf.by_file = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  pdf.loaded = g_array_new(FALSE, FALSE, sizeof(JbTsPdfLoaded));
  if (pdf.doc == NULL) {
    g_set_error(error, JB_TYPESET_ERROR, JB_TYPESET_ERROR_LIBRARY, "libharu: out of memory");
    goto out;
  }
  HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf.doc);
  if (!jb_ts_pdf_check(&pdf, "setting up the document", error))
    goto out;
  /* The pages first, the fonts after: drawing needs only each font's codes, and the
   * pages are drawn while the subset worker may still be cutting. */
  jb_ts_pdf_plan_fonts(&pdf, doc);
  for (guint i = 0; i < doc->pages->len; i++)
    if (!jb_ts_pdf_draw_page(&pdf, g_ptr_array_index(doc->pages, i), error))
      goto out;
  if (!jb_ts_pdf_load_fonts(&pdf, error))
    goto out;
  jb_ts_pdf_info(&pdf, doc);
  if (options->pdfa && !jb_ts_pdf_pdfa(&pdf, doc, error))
    goto out;
  bytes = jb_ts_pdf_save(&pdf, error);
out:
  jb_ts_pdf_clear(&pdf);
  return bytes;
}

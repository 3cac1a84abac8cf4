// SPDX-License-Identifier: MIT
// FreeType side of the fonts module: opening a face once, telling whether it has a glyph,
// its advance widths and extents, and its outlines. Widths come from unscaled, unhinted
// metrics so that one number per character serves every size, and typeset's line breaking
// and the PDF viewer agree on them.
#include <string.h>

#include "fonts-private.h"

#include FT_ADVANCES_H
#include FT_FONT_FORMATS_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

typedef struct {
  FT_UInt gid;
  FT_Fixed advance; /* font units */
} JbFontGlyph;

void
jb_fonts_set_ft_error(GError **error, FT_Error code, const char *file, const char *what)
{
  const char *text = FT_Error_String(code);
  g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_LIBRARY, "%s: FreeType could not %s: %s", file,
              what, text ? text : "error");
}

/* Refuses what libharu 2.3.0 cannot embed: anything but TrueType (glyf) outlines. */
static gboolean
jb_fonts_source_check_truetype(JbFontSource *source, GError **error)
{
  const char *format = FT_Get_Font_Format(source->ft);
  FT_ULong length = 0;
  if (format && strcmp(format, "TrueType") == 0 &&
      FT_Load_Sfnt_Table(source->ft, TTAG_glyf, 0, NULL, &length) == 0 && length > 0)
    return TRUE;
  g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_UNSUPPORTED,
              "%s (face %d, %s): %s outlines; libharu 2.3.0 embeds TrueType (glyf) fonts only",
              source->file, source->index, source->ft->family_name ? source->ft->family_name : "?",
              format ? format : "unknown");
  return FALSE;
}

JbFontSource *
jb_fonts_source_open(FT_Library library, const char *file, int index, GError **error)
{
  if (!g_file_test(file, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND, "%s: no such font file", file);
    return NULL;
  }
  FT_Face ft = NULL;
  FT_Error code = FT_New_Face(library, file, index, &ft);
  if (code == FT_Err_Invalid_Argument && index > 0) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND, "%s: no face with index %d", file,
                index);
    return NULL;
  }
  if (code) {
    jb_fonts_set_ft_error(error, code, file, "open the font");
    return NULL;
  }
  JbFontSource *source = jb_fonts_source_new_lazy(library, file, index);
  source->ft = ft;
  if (!jb_fonts_source_check_truetype(source, error)) {
    jb_fonts_source_free(source);
    return NULL;
  }
  return source;
}

JbFontSource *
jb_fonts_source_new_lazy(FT_Library library, const char *file, int index)
{
  JbFontSource *source = g_new0(JbFontSource, 1);
  source->file = g_strdup(file);
  source->index = index;
  source->library = library;
  source->glyphs = g_hash_table_new_full(NULL, NULL, NULL, g_free);
  return source;
}

FT_Face
jb_fonts_source_ft(JbFontSource *source)
{
  if (source->ft == NULL && !source->failed) {
    g_autoptr(GError) error = NULL;
    FT_Face ft = NULL;
    FT_Error code = FT_New_Face(source->library, source->file, source->index, &ft);
    if (code)
      jb_fonts_set_ft_error(&error, code, source->file, "open the font");
    source->ft = ft;
    if (!code && !jb_fonts_source_check_truetype(source, &error)) {
      FT_Done_Face(ft);
      source->ft = NULL;
    }
    if (error) {
      source->failed = TRUE;
      g_warning("%s", error->message);
    }
  }
  return source->ft;
}

void
jb_fonts_source_free(JbFontSource *source)
{
  if (!source)
    return;
  g_hash_table_destroy(source->glyphs);
  g_clear_pointer(&source->data, g_bytes_unref);
  if (source->ft)
    FT_Done_Face(source->ft);
  g_free(source->file);
  g_free(source);
}

/* The cached glyph id and width of @ch; gid 0 (.notdef, with its width) when missing. */
static const JbFontGlyph *
jb_fonts_source_lookup_glyph(JbFontSource *source, gunichar ch)
{
  JbFontGlyph *glyph = g_hash_table_lookup(source->glyphs, GUINT_TO_POINTER(ch));
  if (glyph)
    return glyph;
  glyph = g_new0(JbFontGlyph, 1);
  FT_Face ft = jb_fonts_source_ft(source);
  glyph->gid = ft ? FT_Get_Char_Index(ft, ch) : 0;
  if (!ft ||
      FT_Get_Advance(ft, glyph->gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &glyph->advance) != 0)
    glyph->advance = 0; /* a broken glyph: zero width rather than a guess */
  g_hash_table_insert(source->glyphs, GUINT_TO_POINTER(ch), glyph);
  return glyph;
}

const char *
jb_font_face_peek_family(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, NULL);
  return face->family;
}

const char *
jb_font_face_peek_file(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, NULL);
  return face->source->file;
}

int
jb_font_face_get_index(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, 0);
  return face->source->index;
}

gboolean
jb_font_face_is_official(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, FALSE);
  return face->official;
}

gboolean
jb_font_face_is_override(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, FALSE);
  return face->override;
}

gboolean
jb_font_face_wants_bold(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, FALSE);
  return face->wants_bold;
}

gboolean
jb_font_face_has_glyph(JbFontFace *face, gunichar ch)
{
  g_return_val_if_fail(face != NULL, FALSE);
  return jb_fonts_source_lookup_glyph(face->source, ch)->gid != 0;
}

double
jb_font_face_advance(JbFontFace *face, gunichar ch, double size_pt)
{
  g_return_val_if_fail(face != NULL, 0.0);
  const JbFontGlyph *glyph = jb_fonts_source_lookup_glyph(face->source, ch);
  return (double)glyph->advance * size_pt / jb_font_face_get_units_per_em(face);
}

guint
jb_font_face_get_units_per_em(JbFontFace *face)
{
  g_return_val_if_fail(face != NULL, 1000);
  FT_Face ft = jb_fonts_source_ft(face->source);
  return ft && ft->units_per_EM ? ft->units_per_EM : 1000;
}

void
jb_font_face_extents(JbFontFace *face, double size_pt, double *ascender, double *descender)
{
  g_return_if_fail(face != NULL);
  FT_Face ft = jb_fonts_source_ft(face->source);
  double scale = size_pt / jb_font_face_get_units_per_em(face);
  if (ascender)
    *ascender = ft ? ft->ascender * scale : 0.88 * size_pt;
  if (descender)
    *descender = ft ? ft->descender * scale : -0.12 * size_pt;
}

typedef struct {
  const JbOutlineSink *sink;
  void *data;
  double scale;
  double x, y; /* current point, in font units */
  gboolean open;
} JbFontsOutline;

static int
jb_fonts_outline_move(const FT_Vector *to, void *user)
{
  JbFontsOutline *o = user;
  if (o->open && o->sink->close)
    o->sink->close(o->data);
  o->open = TRUE;
  o->x = to->x;
  o->y = to->y;
  o->sink->move_to(o->data, o->x * o->scale, o->y * o->scale);
  return 0;
}

static int
jb_fonts_outline_line(const FT_Vector *to, void *user)
{
  JbFontsOutline *o = user;
  o->x = to->x;
  o->y = to->y;
  o->sink->line_to(o->data, o->x * o->scale, o->y * o->scale);
  return 0;
}

static int
jb_fonts_outline_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *user)
{
  JbFontsOutline *o = user;
  double s = o->scale;
  o->sink->curve_to(o->data, c1->x * s, c1->y * s, c2->x * s, c2->y * s, to->x * s, to->y * s);
  o->x = to->x;
  o->y = to->y;
  return 0;
}

/* TrueType's quadratic segments are exact as cubics with controls 2/3 of the way from
 * each end point to the quadratic control point. */
static int
jb_fonts_outline_conic(const FT_Vector *control, const FT_Vector *to, void *user)
{
  JbFontsOutline *o = user;
  double s = o->scale;
  double x1 = o->x + 2.0 / 3.0 * (control->x - o->x);
  double y1 = o->y + 2.0 / 3.0 * (control->y - o->y);
  double x2 = to->x + 2.0 / 3.0 * (control->x - to->x);
  double y2 = to->y + 2.0 / 3.0 * (control->y - to->y);
  o->sink->curve_to(o->data, x1 * s, y1 * s, x2 * s, y2 * s, to->x * s, to->y * s);
  o->x = to->x;
  o->y = to->y;
  return 0;
}

gboolean
jb_font_face_outline(JbFontFace *face, gunichar ch, double size_pt, const JbOutlineSink *sink,
                     void *data, GError **error)
{
  g_return_val_if_fail(face != NULL && sink != NULL, FALSE);
  g_return_val_if_fail(sink->move_to && sink->line_to && sink->curve_to, FALSE);
  JbFontSource *source = face->source;
  const JbFontGlyph *glyph = jb_fonts_source_lookup_glyph(source, ch);
  if (glyph->gid == 0) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND, "%s (%s) has no glyph for U+%04X",
                face->family, source->file, ch);
    return FALSE;
  }
  /* A glyph was found, so the face is open. */
  FT_Face ft = source->ft;
  FT_Error code = FT_Load_Glyph(ft, glyph->gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING);
  if (code) {
    jb_fonts_set_ft_error(error, code, source->file, "load a glyph");
    return FALSE;
  }
  if (ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_UNSUPPORTED,
                "%s: the glyph for U+%04X is not an outline", source->file, ch);
    return FALSE;
  }
  static const FT_Outline_Funcs funcs = {
    .move_to = jb_fonts_outline_move,
    .line_to = jb_fonts_outline_line,
    .conic_to = jb_fonts_outline_conic,
    .cubic_to = jb_fonts_outline_cubic,
  };
  JbFontsOutline o = { sink, data, size_pt / jb_font_face_get_units_per_em(face), 0, 0, FALSE };
  code = FT_Outline_Decompose(&ft->glyph->outline, &funcs, &o);
  if (code) {
    jb_fonts_set_ft_error(error, code, source->file, "decompose an outline");
    return FALSE;
  }
  if (o.open && sink->close)
    sink->close(data);
  return TRUE;
}

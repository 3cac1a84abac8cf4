/* SPDX-License-Identifier: MIT
 *
 * What the fonts module's files share: a font *source* is one face of one file, opened
 * once per JbFontSet with FreeType and shared by every role that uses it; a JbFontFace is
 * one entry of a role's chain (a source plus what the role wants of it). Used only inside
 * fonts/.
 */
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

#include "jb-fonts.h"

G_BEGIN_DECLS

typedef struct {
  char *file;
  int index;
  FT_Face ft;
  GHashTable *glyphs; /* gunichar → JbFontGlyph*: one cache of ids and widths per source */
} JbFontSource;

struct _JbFontFace {
  JbFontSource *source; /* (not owned): lives in the set's source table */
  char *family;
  gboolean official;
  gboolean wants_bold;
  gboolean override;
};

/* Opens @file's face @index with @library; NULL with JB_FONTS_ERROR_NOT_FOUND (no such
 * file or face), _UNSUPPORTED (not TrueType outlines) or _LIBRARY. */
JbFontSource *jb_fonts_source_open(FT_Library library, const char *file, int index, GError **error);
void jb_fonts_source_free(JbFontSource *source);

/* Turns a FreeType error into a GError about @file (the module's one FreeType mapping). */
void jb_fonts_set_ft_error(GError **error, FT_Error code, const char *file, const char *what);

G_END_DECLS

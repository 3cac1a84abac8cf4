/* SPDX-License-Identifier: MIT
 *
 * What the fonts module's files share: a font *source* is one face of one file, opened
 * once per JbFontSet with FreeType and shared by every role that uses it; a JbFontFace is
 * one entry of a role's chain (a source plus what the role wants of it). Used only inside
 * fonts/.
 */
#pragma once

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "jb-fonts.h"

G_BEGIN_DECLS

typedef struct {
  char *file;
  int index;
  /* Opened when first needed (jb_fonts_source_ft), so that the faces of roles an issue
   * never uses cost nothing; NULL also when opening failed (@failed). Opened on the
   * thread that uses the set only: the subset worker reads it, never opens it. */
  FT_Face ft;
  FT_Library library;
  gboolean failed;
  GHashTable *glyphs; /* gunichar → JbFontGlyph*: one cache of ids and widths per source */
  GBytes *data;       /* atomic, nullable: the file read into memory (jb_font_face_preload) */
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
/* A source opened only when first needed: for a file fontconfig (or the cache, for an
 * unchanged file) has already found to be a TrueType font. A file that then fails to open
 * draws no characters, so the role's chain goes on to its next face. */
JbFontSource *jb_fonts_source_new_lazy(FT_Library library, const char *file, int index);
/* @source's FreeType face, opened now if it was not; NULL when it cannot be. */
FT_Face jb_fonts_source_ft(JbFontSource *source);
void jb_fonts_source_free(JbFontSource *source);

/* Turns a FreeType error into a GError about @file (the module's one FreeType mapping). */
void jb_fonts_set_ft_error(GError **error, FT_Error code, const char *file, const char *what);

/* fontconfig's answer for one family name of the default chains: the file, face index and
 * outline format of its regular face, or "not installed" (file NULL). The unit that the
 * font cache (jb-fonts-cache.c) remembers between runs. */
typedef struct {
  char *file; /* NULL: not installed */
  int index;
  char *format;        /* FC_FONTFORMAT: "TrueType" for glyf outlines, "CFF", … */
  gboolean from_cache; /* read from the cache file rather than asked this run */
} JbFontsAnswer;

void jb_fonts_answer_free(JbFontsAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbFontsAnswer, jb_fonts_answer_free)

/* Reads the cache file @path. Returns: (transfer full) (nullable): family → JbFontsAnswer*
 * when the file is whole and its stamp still matches this machine (then @stamp gets the
 * stamp's text); NULL when it is missing, unreadable, corrupt, truncated or stale. With
 * @deferred (nullable), the stamp's stat lines (config files and font folders, about a
 * hundred stats) are not checked but added to it (each line, then its path field), for
 * jb_fonts_cache_check_lines. */
GHashTable *jb_fonts_cache_load(const char *path, char **stamp, GPtrArray *deferred);
/* Whether every stat line in @lines (as jb_fonts_cache_load defers them) still describes
 * its path. */
gboolean jb_fonts_cache_check_lines(const GPtrArray *lines);
/* The validity stamp of fontconfig's answers under @fc (versions, environment, stat
 * signatures of its config files and folders and font folders). Returns: (transfer full). */
char *jb_fonts_cache_stamp_new(FcConfig *fc);
/* Writes @stamp and the answers of @families (family → JbFontsAnswer*) to @path,
 * atomically, creating its folder; answers read from an older cache only when
 * @keep_cached. Any failure is ignored: the cache is only a speed-up. */
void jb_fonts_cache_save(const char *path, const char *stamp, GHashTable *families,
                         gboolean keep_cached);

/* Test hook: TRUE once @set has asked fontconfig for anything (loaded its configuration). */
gboolean jb_fonts_set_used_fontconfig(JbFontSet *set);

G_END_DECLS

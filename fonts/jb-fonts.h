/* SPDX-License-Identifier: MIT
 *
 * Fonts by role: fontconfig finds them, FreeType measures them and tells coverage, and
 * hb-subset cuts the subset that typeset embeds. A leaf module: it knows nothing of
 * issues or PDFs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JB_FONTS_ERROR (jb_fonts_error_quark())
GQuark jb_fonts_error_quark(void);

typedef enum {
  JB_FONTS_ERROR_NOT_FOUND,   /* no font for a role, or an override names nothing usable */
  JB_FONTS_ERROR_UNSUPPORTED, /* e.g. a CFF-flavoured OpenType font: libharu can't embed it */
  JB_FONTS_ERROR_FORMAT,      /* bad override syntax or config file (with line) */
  JB_FONTS_ERROR_LIBRARY,     /* FreeType / HarfBuzz failure */
  JB_FONTS_ERROR_IO,
} JbFontsError;

typedef enum {
  JB_FONT_ROLE_MASTHEAD,
  JB_FONT_ROLE_TITLE,
  JB_FONT_ROLE_BODY,
  JB_FONT_ROLE_HEADING1,
  JB_FONT_ROLE_HEADING2,
  JB_FONT_ROLE_LATIN,
  JB_FONT_ROLE_PAGE_NUMBER,
  JB_FONT_ROLE_COUNT,
} JbFontRole;

const char *jb_font_role_name(JbFontRole role); /* "masthead", "body", … */
gboolean jb_font_role_from_name(const char *name, JbFontRole *role);

typedef struct _JbFontSet JbFontSet;
typedef struct _JbFontFace JbFontFace; /* owned by its JbFontSet */

/**
 * jb_font_set_new:
 * @overrides: (nullable) (array zero-terminated=1): "role=Family Name" or
 *   "role=/path/font.ttc:1" (face index after the last colon)
 * @config_path: (nullable): a key file with a [fonts] group of role=value lines; NULL
 *   reads $XDG_CONFIG_HOME/jianbao/fonts.conf when it exists
 * Resolves every role's chain with fontconfig. Returns: (transfer full) (nullable).
 */
JbFontSet *jb_font_set_new(const char *const *overrides, const char *config_path, GError **error);
/**
 * jb_font_set_new_cached:
 * @cache_file: (nullable): where fontconfig's answers are remembered between runs; NULL
 *   for no cache (then this is jb_font_set_new)
 * As jb_font_set_new, but answers which file is each default family (or that it is not
 * installed) from @cache_file while nothing that decides fontconfig's answers has changed
 * (versions, environment, config files, font folders, the font files themselves), and
 * loads fontconfig only for what the cache lacks. A cache that cannot be read or written
 * is ignored, never an error. Returns: (transfer full) (nullable).
 */
JbFontSet *jb_font_set_new_cached(const char *const *overrides, const char *config_path,
                                  const char *cache_file, GError **error);
/**
 * jb_font_set_new_cached_unconfirmed:
 * As jb_font_set_new_cached, but without checking now that fontconfig's configuration
 * and font folders are as the cache file found them (about a hundred stats, some 0.6 ms):
 * whatever is made with the set must be kept only after jb_font_set_confirm. For a
 * program that has other work to do meanwhile. Returns: (transfer full) (nullable).
 */
JbFontSet *jb_font_set_new_cached_unconfirmed(const char *const *overrides, const char *config_path,
                                              const char *cache_file, GError **error);
/* Whether the cache answers @set was made from still hold (checked once, the first time);
 * TRUE for a set made any other way. FALSE: anything made with @set must be made again
 * with a new set. */
gboolean jb_font_set_confirm(JbFontSet *set);
/* The command line's cache file, $XDG_CACHE_HOME/jianbao/fonts.cache; NULL when the
 * environment variable JIANBAO_FONT_CACHE is "0". Read once per process.
 * Returns: (transfer none) (nullable). */
const char *jb_font_cache_peek_default_file(void);
void jb_font_set_free(JbFontSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbFontSet, jb_font_set_free)

guint jb_font_set_chain_length(JbFontSet *set, JbFontRole role);
/* (transfer none): the i-th face of @role's chain. */
JbFontFace *jb_font_set_peek_face(JbFontSet *set, JbFontRole role, guint i);
/* (transfer none) (nullable): the first face in @role's chain that has a glyph for @ch,
 * then any installed font that has it (fontconfig charset); NULL when nothing covers it. */
JbFontFace *jb_font_set_lookup_face(JbFontSet *set, JbFontRole role, gunichar ch);
/* The role whose fonts draw @ch in running text of @role: printable ASCII and the soft
 * hyphen come from the latin role when a face of its chain has them (official documents
 * set numbers and Latin words in a Roman face), except in the masthead, which is drawn in
 * one face; everything else from @role itself. typeset and `jianbao fonts` both ask this,
 * so what the report says is what prints. */
JbFontRole jb_font_set_role_for_char(JbFontSet *set, JbFontRole role, gunichar ch);
/* Notes gathered while resolving (e.g. "skipped Noto Serif CJK SC: CFF outlines"). */
const GPtrArray *jb_font_set_peek_notes(JbFontSet *set);

const char *jb_font_face_peek_family(JbFontFace *face);
const char *jb_font_face_peek_file(JbFontFace *face);
int jb_font_face_get_index(JbFontFace *face);
gboolean jb_font_face_is_official(JbFontFace *face); /* first names of the role's chain */
gboolean jb_font_face_wants_bold(JbFontFace *face);  /* draw with synthetic bold */
/* TRUE when the user chose this face (--font or the config file). */
gboolean jb_font_face_is_override(JbFontFace *face);
/* The face's design units per em (advances are exact multiples of size / this). */
guint jb_font_face_get_units_per_em(JbFontFace *face);
gboolean jb_font_face_has_glyph(JbFontFace *face, gunichar ch);
/* Advance width of @ch at @size_pt, in points (hinting off, unscaled metrics). */
double jb_font_face_advance(JbFontFace *face, gunichar ch, double size_pt);
/* Ascender/descender in points at @size_pt (positive ascender, negative descender). */
void jb_font_face_extents(JbFontFace *face, double size_pt, double *ascender, double *descender);

typedef struct {
  void (*move_to)(void *data, double x, double y);
  void (*line_to)(void *data, double x, double y);
  void (*curve_to)(void *data, double x1, double y1, double x2, double y2, double x3, double y3);
  void (*close)(void *data);
} JbOutlineSink;

/* Emits the outline of @ch at @size_pt in points, origin at the pen position, y up.
 * FALSE with an error when the face has no such glyph. */
gboolean jb_font_face_outline(JbFontFace *face, gunichar ch, double size_pt,
                              const JbOutlineSink *sink, void *data, GError **error);

/* Reads @face's file into memory, once, for the subsets cut from it (no more than
 * JB_FONT_PRELOAD_MAX bytes; a larger file, or one that cannot be read, is left to
 * FreeType's mapping). Like jb_font_face_subset, it may run on another thread. */
#define JB_FONT_PRELOAD_MAX (12u << 20)
void jb_font_face_preload(JbFontFace *face);

/* A TrueType subset of @face holding the glyphs of @chars (and its cmap for them).
 * Reads only @face's file (or what jb_font_face_preload read), never its FreeType face, so
 * it may run on another thread while the set is in use. Returns: (transfer full)
 * (nullable): the font's bytes. */
GBytes *jb_font_face_subset(JbFontFace *face, const gunichar *chars, gsize n_chars, GError **error);
/* The same subset written to a file in @dir; Returns: (transfer full) (nullable): the file's path.
 */
char *jb_font_face_subset_to_file(JbFontFace *face, const gunichar *chars, gsize n_chars,
                                  const char *dir, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: MIT
 *
 * Inside the typeset module: the pure line breaker (testable with any width function),
 * the page model that layout builds and the PDF writer draws, and the constants of the
 * GB/T 9704 page. Nothing here leaves typeset/ except through the unit tests.
 */
#pragma once

#include <glib.h>
#include <hpdf.h>

#include "jb-fonts.h"
#include "jb-issue.h"
#include "jb-typeset.h"

G_BEGIN_DECLS

/* Points per millimetre and the GB/T 9704 page (design.md, "Layout constants"). */
#define JB_TS_MM           (72.0 / 25.4)
#define JB_TS_PAGE_W       (210.0 * JB_TS_MM)
#define JB_TS_PAGE_H       (297.0 * JB_TS_MM)
#define JB_TS_BLOCK_W      (156.0 * JB_TS_MM)
#define JB_TS_BLOCK_H      (225.0 * JB_TS_MM)
#define JB_TS_MARGIN_TOP   (37.0 * JB_TS_MM)
#define JB_TS_MARGIN_LEFT  (28.0 * JB_TS_MM)
#define JB_TS_GRID_CHARS   28
#define JB_TS_GRID_LINES   22
#define JB_TS_CHAR_PITCH   (JB_TS_BLOCK_W / JB_TS_GRID_CHARS)
#define JB_TS_LINE_PITCH   (JB_TS_BLOCK_H / JB_TS_GRID_LINES)
#define JB_TS_SIZE_BODY    16.0 /* 3号 */
#define JB_TS_SIZE_TITLE   22.0 /* 2号 */
#define JB_TS_SIZE_SMALL   14.0 /* 4号: page numbers, 版记 */
#define JB_TS_MASTHEAD_MAX 42.0 /* 初号 */

/* Hard limits on untrusted input: over them is JB_TYPESET_ERROR_LIMIT. The character
 * limit (every string of the issue counted before anything is shaped) bounds the work
 * done before the page limit could trip; 2,000 pages hold about 1.2 M ideographs, or
 * 2–4 M characters of narrow Latin text, so no issue under the page limit is refused. */
#define JB_TS_MAX_PAGES 2000
#define JB_TS_MAX_CHARS (4 * 1024 * 1024)

/* ---- Line breaking (jb-linebreak.c) ---- */

typedef double (*JbLinebreakWidthFunc)(gunichar ch, gpointer data);

typedef struct {
  const gunichar *chars;
  guint n_chars;
  JbLinebreakWidthFunc width; /* advance of one character, points */
  gpointer data;
  /* (nullable): the advance of each of @chars, points; without it the breaker asks @width
   * once per character before it starts. */
  const double *advances;
  double measure;      /* line width in points */
  double first_indent; /* of the paragraph's first line */
  double rest_indent;  /* of continuation lines */
  double min_spacing;  /* the letter spacing a full grid line of ideographs gets (≤ 0) */
  double latin_gap;    /* the gap between an ideograph and a Latin letter or digit */
  double squeeze;      /* taken out between adjacent full-width punctuation (half an em) */
  gboolean justify;    /* FALSE: every line flush left (titles, centred lines) */
} JbLinebreakParams;

typedef struct {
  guint start;    /* first character drawn */
  guint end;      /* one past the last character drawn (trailing spaces dropped) */
  double indent;  /* points from the measure's left edge */
  double natural; /* advances + Han–Latin gaps, without spacing */
  double spacing; /* added after every character but the last (PDF Tc) */
  gboolean last;  /* the paragraph's last line (set flush left) */
} JbLine;

/* Breaks @params' text into lines; Returns: (transfer full) (element-type JbLine).
 * Never fails: a word longer than the measure is cut where it overflows. */
GArray *jb_linebreak_run(const JbLinebreakParams *params);
/* TRUE when a line may break before @chars[@i] (0 < @i < @n). */
gboolean jb_linebreak_can_break(const gunichar *chars, guint n, guint i);
/* TRUE when a Han–Latin gap belongs between @a and @b. */
gboolean jb_linebreak_wants_gap(gunichar a, gunichar b);
/* TRUE when the blank halves of full-width punctuation @a and @b are squeezed (clreq:
 * a closing mark or pause before a closing or opening one, or two opening ones): the
 * pair then takes one and a half ems, @b drawn half an em closer. */
gboolean jb_linebreak_wants_squeeze(gunichar a, gunichar b);
/* Splits one over-long title line into @n_lines balanced lines; Returns: (transfer full)
 * (element-type JbLine). */
GArray *jb_linebreak_balance(const JbLinebreakParams *params);

/* ---- Page model (jb-layout.c builds it, jb-pdf.c draws it) ---- */

typedef struct {
  gunichar ch;
  JbFontFace *face;
  double x;       /* pen position, points from the page's left edge */
  double advance; /* at the run's size */
  double kern;    /* added to the spacing after this glyph: minus half an em where
                   * adjacent punctuation is squeezed (jb_linebreak_wants_squeeze) */
} JbTsGlyph;

typedef struct {
  double y; /* baseline, points from the page's bottom edge */
  double size;
  double spacing; /* Tc the glyphs were placed with */
  gboolean red;
  gboolean invisible; /* text rendering mode 3: only text extraction sees it */
  GArray *glyphs;     /* (element-type JbTsGlyph) */
} JbTsText;

typedef struct {
  double x1, x2, y; /* centre line of the rule */
  double width;
  gboolean red;
} JbTsRule;

typedef struct {
  GPtrArray *texts; /* (element-type JbTsText) */
  GArray *rules;    /* (element-type JbTsRule) */
} JbTsPage;

typedef struct {
  GPtrArray *pages; /* (element-type JbTsPage) */
  char *title;      /* document info */
  char *author;     /* (nullable) */
} JbTsDocument;

void jb_ts_document_free(JbTsDocument *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbTsDocument, jb_ts_document_free)

/* Lays @issue out into pages. NULL with JB_TYPESET_ERROR_UNSUPPORTED for a character no
 * font covers, _LIMIT for input over the limits. */
JbTsDocument *jb_ts_layout_issue(const JbIssue *issue, JbFontSet *fonts,
                                 const JbTypesetOptions *options, GError **error);

/* The character a face draws, invisible, in place of a character beyond the BMP (which
 * libharu cannot encode): U+3000, else a space, else 0 (jb-pdf.c). */
gunichar jb_ts_carrier(JbFontFace *face);

/* What one font file's subset holds: the face that reads it, the characters. */
typedef struct {
  JbFontFace *face;
  GHashTable *chars; /* set of gunichar (GUINT_TO_POINTER) */
} JbTsFontChars;

/* Every character layout will draw, by font file ("file:index" → JbTsFontChars*), read
 * from @issue before it is laid out, as jb-layout.c will shape it: each text in its
 * role, the strings layout adds (issue line, date, numbers, labels, the wrap mark),
 * beyond-BMP characters as their carriers. A character no font has is skipped: layout
 * reports it, with where it is. */
GHashTable *jb_ts_layout_predict_chars(const JbIssue *issue, JbFontSet *fonts,
                                       const JbTypesetOptions *options);

/* ---- Font subsets cut on worker threads during layout (jb-subsets.c) ---- */

typedef struct _JbTsSubsets JbTsSubsets;

/* One font file's subset, cut and compressed as the FontFile2 stream. */
typedef struct {
  GBytes *font;  /* the TrueType subset */
  GBytes *zlib;  /* @font deflated at the document's level; read it with
                  * jb_ts_subsets_wait_zlib, the worker may still be writing it */
  GArray *chars; /* (element-type gunichar): what it covers, sorted */
} JbTsSubset;

void jb_ts_subset_free(JbTsSubset *subset);

/* Makes the subsets; with @worker (and more than one processor) starts the worker thread
 * at once, so that it is running by the time the characters are known, and has it read
 * @preload's font file into memory meanwhile (nullable; jb_font_face_preload). */
JbTsSubsets *jb_ts_subsets_new(gboolean worker, JbFontFace *preload);
/* Hands the worker the characters to cut a subset of, per font file (@predicted, which it
 * takes, nullable), largest first. Once per subsets; without a worker every take cuts in
 * place. */
void jb_ts_subsets_submit(JbTsSubsets *subsets, GHashTable *predicted);
/* jb_ts_subsets_new (with a worker when @predicted is not NULL), then submit. */
JbTsSubsets *jb_ts_subsets_start(GHashTable *predicted);
/* The characters the subset of @face's file for @chars (sorted) will cover, without
 * waiting for it: the started one's, when they hold all of @chars, else @chars.
 * (transfer full). */
GArray *jb_ts_subsets_plan(JbTsSubsets *subsets, JbFontFace *face, const GArray *chars);
/* The subset of @face's file for @chars (sorted): the one started, when it holds all of
 * @chars; else one cut now for exactly @chars. (transfer none): it lives as long as
 * @subsets. NULL with the fonts module's error. */
JbTsSubset *jb_ts_subsets_take(JbTsSubsets *subsets, JbFontFace *face, const GArray *chars,
                               GError **error);
/* @subset's deflated bytes (transfer none), once the worker has them. */
GBytes *jb_ts_subsets_wait_zlib(JbTsSubsets *subsets, JbTsSubset *subset);
/* How many takes had to cut in place because the prediction missed a character. */
guint jb_ts_subsets_get_misses(JbTsSubsets *subsets);
/* Waits for the worker to finish, then frees. */
void jb_ts_subsets_free(JbTsSubsets *subsets);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbTsSubsets, jb_ts_subsets_free)
/* "file:index", the key of a font file in the tables above. */
char *jb_ts_font_key(JbFontFace *face);
/* The characters of @set (gunichar keys) as a sorted array. */
GArray *jb_ts_chars_sorted(GHashTable *set);

/* A set of BMP characters, a bit each: every glyph of a document passes through the sets
 * of prediction and of the PDF writer, and a bit is cheaper than a hash table entry. */
typedef struct {
  guint64 bits[0x10000 / 64];
} JbTsCharBits;

/* Adds BMP character @ch; FALSE when it was there already. */
static inline gboolean
jb_ts_char_bits_add(JbTsCharBits *set, gunichar ch)
{
  guint64 bit = G_GUINT64_CONSTANT(1) << (ch % 64);
  if (set->bits[ch / 64] & bit)
    return FALSE;
  set->bits[ch / 64] |= bit;
  return TRUE;
}

/* @set's characters in order. Returns: (transfer full) (element-type gunichar). */
GArray *jb_ts_char_bits_list(const JbTsCharBits *set);

/* Writes @doc as PDF bytes, its fonts from @subsets (nullable: cut in place);
 * Returns: (transfer full) (nullable). */
GBytes *jb_ts_pdf_render(const JbTsDocument *doc, const JbTypesetOptions *options,
                         JbTsSubsets *subsets, GError **error);

/* ---- libharu's glyph lookup, made fast (jb-hpdf-glyphid.c) ---- */

/* TRUE; jb-pdf.c calls it so that linking the static library pulls in the file's
 * HPDF_TTFontDef_GetGlyphid, which interposes libharu's. */
gboolean jb_ts_hpdf_glyphid_linked(void);

/* ---- libharu's FontFile2 writer, made fast (jb-hpdf-savefont.c) ---- */

/* TRUE; jb_ts_hpdf_glyphid_linked() calls it, which keeps the file's
 * HPDF_TTFontDef_SaveFontData (interposing libharu's) in a link of the static library. */
gboolean jb_ts_hpdf_savefont_linked(void);

/* ---- libharu's stream compression through libdeflate and igzip (jb-hpdf-deflate.c) ---- */

/* TRUE; kept in the link the same way (HPDF_Stream_WriteToStreamWithDeflate). */
gboolean jb_ts_hpdf_deflate_linked(void);
/* @len bytes of @data (a font program) as a zlib stream at the process's level, as libharu
 * would write them; callable from any thread. */
GBytes *jb_ts_hpdf_deflate_bytes(const void *data, gsize len);
/* Gives a deflated font (transfer none); it may wait for a worker to finish it. */
typedef GBytes *(*JbTsZlibFunc)(gpointer data);
/* Hands the FontFile2 stream of @def over ready-made: @zlib(@data) gives the deflated
 * font, asked only when the stream is written (the last object libharu writes, so the
 * page contents are compressed while a worker may still be deflating it), and @length1
 * is its size before. The interposed SaveFontData and deflate write it as is instead of
 * rebuilding and compressing the font at save time. */
void jb_ts_hpdf_fontfile_set(HPDF_FontDef def, JbTsZlibFunc zlib, gpointer data, guint32 length1);
/* Drops what was handed over for @def and not written (a document that failed). */
void jb_ts_hpdf_fontfile_forget(HPDF_FontDef def);
/* For the interposers: claims @def's ready-made stream for @stream (TRUE, and
 * @length1 set) and later takes it back by @stream (NULL when none). */
gboolean jb_ts_hpdf_fontfile_claim(HPDF_FontDef def, HPDF_Stream stream, guint32 *length1);
GBytes *jb_ts_hpdf_fontfile_take(HPDF_Stream stream);

/* ---- The codes fonts are drawn with (jb-hpdf-codes.c) ---- */

/* How many characters one font's codes can number. */
#define JB_TS_HPDF_CODES_MAX (255u * 255u - 1u)
/* The 2-byte code (and CID) of the @k-th character of a font's sorted characters; no
 * byte of it is 0. */
guint16 jb_ts_hpdf_code(guint k);
/* Registers with @doc a double-byte encoder called @name (Identity-H) that maps the
 * code of each of the sorted BMP @chars to it, for HPDF_GetFont. HPDF_OK or libharu's
 * error. */
HPDF_STATUS jb_ts_hpdf_codes_register(HPDF_Doc doc, const char *name, const gunichar *chars,
                                      guint n_chars);

/* ---- libharu's byte loops as memcpy/memset (jb-hpdf-mem.c) ---- */

/* TRUE; kept in the link the same way (HPDF_MemCpy, HPDF_MemSet). */
gboolean jb_ts_hpdf_mem_linked(void);

G_END_DECLS

/* SPDX-License-Identifier: MIT
 *
 * Inside extract/: the data that flows between the pipeline stages (glyphs → lines →
 * frame → roles → issue) and the stage functions. Each stage works on plain arrays so
 * that tests can feed it synthetic data without a PDF.
 */
#pragma once

#include <poppler.h>

#include "jb-extract.h"

G_BEGIN_DECLS

/* poppler-glib 22 declares no autoptr cleanups for its objects. */
typedef PopplerDocument JbPopplerDocument;
typedef PopplerPage JbPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JbPopplerPage, g_object_unref)

/* Hard limits for untrusted input. */
#define JB_EXTRACT_MAX_PAGES          2000
#define JB_EXTRACT_MAX_CHARS_PER_PAGE 200000

/* One character of the text layer, in page coordinates (points, y grows downwards). */
typedef struct {
  gunichar ch;
  double x1, y1, x2, y2;
  double size;
  guint32 rgb; /* 0xRRGGBB */
  gboolean bold;
} JbGlyph;

typedef enum {
  JB_ROLE_NONE,
  JB_ROLE_MASTHEAD,
  JB_ROLE_ISSUE_LINE,
  JB_ROLE_EDITOR_DATE,
  JB_ROLE_TITLE,
  JB_ROLE_PARAGRAPH,
  JB_ROLE_BRIEFS_HEADING,
  JB_ROLE_BRIEF,
  JB_ROLE_DISTRIBUTION,
  JB_ROLE_PAGE_NUMBER,
  JB_ROLE_RUNNING_HEAD,
  JB_ROLE_IGNORED,
} JbRole;

/* One printed line: glyphs that share a baseline, in reading order. Wide gaps inside the
 * line (editor ⟷ date) are kept as a tab in @text. */
typedef struct {
  char *text; /* UTF-8, spaces only where the gaps say so */
  int page;   /* 0-based index into the document */
  double x1, y1, x2, y2;
  double size;   /* dominant font size */
  guint32 rgb;   /* dominant colour */
  gboolean bold; /* most glyphs from a bold/black face */
  int n_chars;
  JbRole role;
  gboolean starts_block; /* roles: this line starts a new paragraph / item */
} JbLine;

/* This document's own page frame, measured from its body lines. */
typedef struct {
  double body_size;
  double em; /* advance of one body character */
  double left, right;
  double pitch;
  gboolean body_bold; /* the body face itself looks bold (e.g. a 黑体 body): no signal */
  /* The PDF marks every title line its maker wrapped with a trailing U+00AD (jianbao's
   * own): an unmarked title line is an author's line, however long. */
  gboolean marks_wraps;
} JbFrame;

/* A whole document as the later stages see it. */
typedef struct {
  GPtrArray *lines; /* (element-type JbLine): reading order, all pages */
  int n_pages;
  double page_width, page_height;
} JbDoc;

/* jb-glyphs.c */
typedef struct {
  guint total, cjk, bad; /* bad: private-use, control, unassigned, U+FFFD */
} JbGlyphStats;

GArray *jb_extract_glyphs_read(PopplerPage *page, JbGlyphStats *stats, GError **error);
gboolean jb_extract_glyph_is_bold_font(const char *font_name);

/* jb-lines.c */
void jb_extract_line_free(JbLine *line);
JbLine *jb_extract_line_new(const char *text, int page, double x1, double y1, double x2, double y2,
                            double size);
void jb_extract_lines_build(GArray *glyphs, int page, GPtrArray *out);
void jb_extract_lines_sort(GPtrArray *lines);

/* jb-frame.c */
void jb_extract_frame_measure(GPtrArray *lines, JbFrame *frame);
gboolean jb_extract_is_page_number(const char *text);
void jb_extract_frame_mark_margins(GPtrArray *lines, int n_pages, const JbFrame *frame);

/* jb-roles.c */
gboolean jb_extract_roles_assign(GPtrArray *lines, const JbFrame *frame);
const char *jb_extract_role_name(JbRole role);
gboolean jb_extract_is_distribution_label(const char *text, char **label, const char **rest);

/* jb-assemble.c */
char *jb_extract_text_join(const char *a, const char *b);
gboolean jb_extract_has_wrap_mark(const char *text);
const char *jb_extract_number_skip(const char *text);
char *jb_extract_date_find(const char *text, const char *next, gboolean *used_next, char **before);
JbIssue *jb_extract_issue_assemble(GPtrArray *lines, const JbFrame *frame);

/* jb-overlay.c */
gboolean jb_extract_overlay_write(PopplerPage *page, int page_index, GPtrArray *lines,
                                  const char *dir, const char *stem, GError **error);

G_END_DECLS

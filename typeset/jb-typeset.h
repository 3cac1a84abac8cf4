/* SPDX-License-Identifier: MIT
 *
 * Typesetting: a JbIssue becomes a print-ready A4 bulletin PDF in the GB/T 9704 look
 * (libharu), with fonts from the fonts module.
 */
#pragma once

#include "jb-fonts.h"
#include "jb-issue.h"

G_BEGIN_DECLS

#define JB_TYPESET_ERROR (jb_typeset_error_quark())
GQuark jb_typeset_error_quark(void);

typedef enum {
  JB_TYPESET_ERROR_UNSUPPORTED, /* a character no font can draw (message names it) */
  JB_TYPESET_ERROR_LIMIT,
  JB_TYPESET_ERROR_LIBRARY, /* libharu failure */
  JB_TYPESET_ERROR_IO,
  /* the font set came from a cache that has gone stale (jb_font_set_confirm): typeset
   * again with a new set */
  JB_TYPESET_ERROR_FONTS_CHANGED,
} JbTypesetError;

typedef struct {
  gboolean rgb;  /* screen red instead of CMYK 0/100/100/0 */
  gboolean pdfa; /* PDF/A-1b */
  gboolean number_first_page;
} JbTypesetOptions;

/* Lays out @issue and writes the PDF to @path atomically ("-": standard output); on
 * failure nothing is left at @path. */
gboolean jb_typeset_issue_to_file(const JbIssue *issue, JbFontSet *fonts,
                                  const JbTypesetOptions *options, const char *path,
                                  GError **error);

/* How hard PDF streams are compressed from now on, for the whole process: a libdeflate
 * level, 1 (fastest) to 12 (smallest); 0 restores the default, 6. */
void jb_typeset_set_deflate_level(int level);

G_END_DECLS

/* SPDX-License-Identifier: MIT
 *
 * Extraction: a bulletin PDF (poppler-glib) becomes a JbIssue: glyphs → lines → page
 * frame → blocks with roles → issue.
 */
#pragma once

#include "jb-issue.h"

G_BEGIN_DECLS

#define JB_EXTRACT_ERROR (jb_extract_error_quark())
GQuark jb_extract_error_quark(void);

typedef enum {
  JB_EXTRACT_ERROR_FORMAT,      /* not a PDF, damaged, zero pages, garbage text layer */
  JB_EXTRACT_ERROR_PASSWORD,    /* encrypted and no or a wrong password */
  JB_EXTRACT_ERROR_UNSUPPORTED, /* e.g. scanned pages without a text layer */
  JB_EXTRACT_ERROR_LIMIT,
  JB_EXTRACT_ERROR_LIBRARY,
  JB_EXTRACT_ERROR_IO,
} JbExtractError;

typedef struct {
  const char *password;    /* (nullable) */
  const char *pages;       /* (nullable): "1-3,5" */
  const char *overlay_dir; /* (nullable): write page PNGs with labelled blocks here */
} JbExtractOptions;

/**
 * jb_extract_file:
 * @warnings: (nullable) (element-type utf8): gets one message per warning
 * Returns: (transfer full) (nullable): the issue; NULL with an error that names the
 *   file (and page where it can).
 */
JbIssue *jb_extract_file(const char *pdf_path, const JbExtractOptions *options, GPtrArray *warnings,
                         GError **error);

G_END_DECLS

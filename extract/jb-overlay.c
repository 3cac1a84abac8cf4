// SPDX-License-Identifier: MIT
// The --overlay picture: a page rendered by poppler onto a cairo image, with every
// recognised line boxed in its role's colour and labelled, so a person sees at a glance
// why a line became a title or a page number. Only this file renders pages; plain
// extraction never does.
#include <cairo.h>

#include "extract-private.h"

#define JB_OVERLAY_SCALE  1.5 /* pixels per point */
#define JB_OVERLAY_MAX_PX 4096.0
/* Beyond this (pt a side; the PDF spec's own limit is 14400) a page is a hostile file. */
#define JB_OVERLAY_MAX_PAGE_PT 200000

static void
jb_extract_overlay_color(JbRole role, double rgb[3])
{
  static const double colors[][3] = {
    { 0.5, 0.5, 0.5 }, /* none */
    { 0.9, 0.0, 0.0 }, /* masthead */
    { 0.9, 0.4, 0.0 }, /* issue */
    { 0.7, 0.5, 0.0 }, /* editor/date */
    { 0.0, 0.3, 0.9 }, /* title */
    { 0.0, 0.6, 0.2 }, /* paragraph */
    { 0.5, 0.0, 0.7 }, /* briefs heading */
    { 0.7, 0.0, 0.7 }, /* brief */
    { 0.0, 0.6, 0.6 }, /* distribution */
    { 1.0, 0.0, 0.5 }, /* page number */
    { 0.6, 0.3, 0.3 }, /* running head */
    { 0.4, 0.4, 0.4 }, /* ignored */
  };
  guint k = (guint)role < G_N_ELEMENTS(colors) ? (guint)role : 0;
  for (int i = 0; i < 3; i++)
    rgb[i] = colors[k][i];
}

/* Draws the box and label of one line. A paragraph's first line says "paragraph+". */
static void
jb_extract_overlay_line(cairo_t *cr, const JbLine *l)
{
  double rgb[3];
  jb_extract_overlay_color(l->role, rgb);
  cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 0.9);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, l->x1 - 1, l->y1 - 1, l->x2 - l->x1 + 2, l->y2 - l->y1 + 2);
  cairo_stroke(cr);
  g_autofree char *label = g_strdup_printf("%s%s %.1fpt", jb_extract_role_name(l->role),
                                           l->starts_block ? "+" : "", l->size);
  cairo_move_to(cr, l->x2 + 3, l->y2 - 1);
  cairo_show_text(cr, label);
}

static cairo_status_t
jb_extract_overlay_png_chunk(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The picture's scale: 1.5 px per point, less where the longest side would pass
 * JB_OVERLAY_MAX_PX (a 14400 pt page at 1.5 would be 21600 px square, 1.8 GB). FALSE with
 * JB_EXTRACT_ERROR_LIMIT for a page size no renderer should be asked to draw. */
static gboolean
jb_extract_overlay_scale(double w, double h, int page_index, double *scale, GError **error)
{
  double longest = MAX(w, h);
  if (!(w > 0 && h > 0) || !(longest <= JB_OVERLAY_MAX_PAGE_PT)) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_LIMIT,
                "page %d: %.0f × %.0f pt is no page size an overlay can be drawn at (the limit "
                "is %d pt a side)",
                page_index + 1, w, h, JB_OVERLAY_MAX_PAGE_PT);
    return FALSE;
  }
  *scale = MIN(JB_OVERLAY_SCALE, JB_OVERLAY_MAX_PX / longest);
  return TRUE;
}

/* Writes DIR/STEM-pN.png for page @page_index with the boxes of its lines: drawn in
 * memory, then written atomically (no partial file is left behind). Fails with
 * JB_EXTRACT_ERROR_LIMIT for an absurd page size, JB_EXTRACT_ERROR_LIBRARY when cairo
 * cannot draw, or the writer's IO error. */
gboolean
jb_extract_overlay_write(PopplerPage *page, int page_index, GPtrArray *lines, const char *dir,
                         const char *stem, GError **error)
{
  double w, h, scale;
  poppler_page_get_size(page, &w, &h);
  if (!jb_extract_overlay_scale(w, h, page_index, &scale, error))
    return FALSE;
  int pw = MAX(1, (int)(w * scale)), ph = MAX(1, (int)(h * scale));
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  poppler_page_render(page, cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 6);
  for (guint i = 0; i < lines->len; i++) {
    const JbLine *l = lines->pdata[i];
    if (l->page == page_index)
      jb_extract_overlay_line(cr, l);
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  g_autoptr(GByteArray) png = g_byte_array_new();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream(surface, jb_extract_overlay_png_chunk, png);
  cairo_surface_destroy(surface);
  g_autofree char *name = g_strdup_printf("%s-p%d.png", stem, page_index + 1);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, JB_EXTRACT_ERROR, JB_EXTRACT_ERROR_LIBRARY,
                "%s: cannot draw the overlay of page %d (%d × %d px): %s", path, page_index + 1, pw,
                ph, cairo_status_to_string(status));
    return FALSE;
  }
  return jb_issue_file_write_atomic(path, png->data, png->len, error);
}

// SPDX-License-Identifier: MIT
// Per-document font cost, whole fonts against subsets: resolves the fonts for the
// characters of a text file the way typeset does (body role, ASCII letters and digits in
// latin, per-character fallback), then either loads each font file whole into libharu or
// cuts an hb-subset of it first, draws the characters and saves the PDF. run.sh times the
// two modes with hyperfine and reports the PDF sizes. Not installed.
#include <glib.h>
#include <glib/gstdio.h>
#include <hpdf.h>
#include <stdio.h>
#include <string.h>

#include "jb-fonts.h"

/* One font file of the document and the characters it draws. */
typedef struct {
  JbFontFace *face;
  GArray *chars; /* gunichar */
} BenchFont;

static void
bench_font_free(BenchFont *font)
{
  g_array_unref(font->chars);
  g_free(font);
}

static void
bench_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
  fprintf(stderr, "jb-bench-fonts: libharu error 0x%04X (detail %u)\n", (unsigned)code,
          (unsigned)detail);
  *(HPDF_STATUS *)data = code;
}

/* Groups the distinct characters of @text by the face that draws them. */
static GPtrArray *
bench_collect(JbFontSet *set, const char *text)
{
  GPtrArray *fonts = g_ptr_array_new_with_free_func((GDestroyNotify)bench_font_free);
  g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (ch < 0x20 || ch > 0xFFFF || g_hash_table_contains(seen, GUINT_TO_POINTER(ch)))
      continue; /* libharu's UTF-8 path is BMP only; typeset draws the rest as outlines */
    g_hash_table_add(seen, GUINT_TO_POINTER(ch));
    JbFontRole role =
        ch < 0x80 && g_ascii_isalnum((char)ch) ? JB_FONT_ROLE_LATIN : JB_FONT_ROLE_BODY;
    JbFontFace *face = jb_font_set_lookup_face(set, role, ch);
    if (!face)
      continue;
    BenchFont *font = NULL;
    for (guint i = 0; i < fonts->len && !font; i++)
      if (((BenchFont *)g_ptr_array_index(fonts, i))->face == face)
        font = g_ptr_array_index(fonts, i);
    if (!font) {
      font = g_new0(BenchFont, 1);
      font->face = face;
      font->chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
      g_ptr_array_add(fonts, font);
    }
    g_array_append_val(font->chars, ch);
  }
  return fonts;
}

/* Loads @path (face @index of a collection) into @doc; the font's name or NULL. */
static const char *
bench_load(HPDF_Doc doc, const char *path, int index)
{
  if (g_str_has_suffix(path, ".ttc"))
    return HPDF_LoadTTFontFromFile2(doc, path, (HPDF_UINT)index, HPDF_TRUE);
  return HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
}

/* Draws @font's characters, 20 a line, on @page. */
static void
bench_draw(HPDF_Page page, HPDF_Font hfont, BenchFont *font, double *y)
{
  HPDF_Page_SetFontAndSize(page, hfont, 16);
  for (guint i = 0; i < font->chars->len; i += 20) {
    g_autofree char *line = g_ucs4_to_utf8(&g_array_index(font->chars, gunichar, i),
                                           MIN(20, font->chars->len - i), NULL, NULL, NULL);
    HPDF_Page_TextOut(page, 40, *y, line);
    *y -= 20;
    if (*y < 40)
      *y = 800;
  }
}

static int
bench_run(JbFontSet *set, GPtrArray *fonts, gboolean subset, const char *out)
{
  HPDF_STATUS status = HPDF_OK;
  HPDF_Doc doc = HPDF_New(bench_hpdf_error, &status);
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL); /* as typeset writes its PDFs */
  HPDF_Page page = HPDF_AddPage(doc);
  HPDF_Page_BeginText(page);
  double y = 800;
  g_autofree char *dir = subset ? g_dir_make_tmp("jb-bench-XXXXXX", NULL) : NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < fonts->len && status == HPDF_OK; i++) {
    BenchFont *font = g_ptr_array_index(fonts, i);
    const char *path = jb_font_face_peek_file(font->face);
    int index = jb_font_face_get_index(font->face);
    if (subset) {
      g_autoptr(GError) error = NULL;
      char *cut = jb_font_face_subset_to_file(font->face, (gunichar *)font->chars->data,
                                              font->chars->len, dir, &error);
      if (!cut) {
        fprintf(stderr, "jb-bench-fonts: %s\n", error->message);
        status = 1;
        break;
      }
      g_ptr_array_add(files, cut);
      path = cut;
      index = 0;
    }
    const char *name = bench_load(doc, path, index);
    HPDF_Font hfont = name ? HPDF_GetFont(doc, name, "UTF-8") : NULL;
    if (hfont)
      bench_draw(page, hfont, font, &y);
  }
  HPDF_Page_EndText(page);
  if (status == HPDF_OK)
    HPDF_SaveToFile(doc, out);
  HPDF_Free(doc);
  for (guint i = 0; i < files->len; i++)
    g_remove(g_ptr_array_index(files, i));
  g_ptr_array_unref(files);
  if (dir)
    g_rmdir(dir);
  return status == HPDF_OK ? 0 : 1;
}

int
main(int argc, char **argv)
{
  g_auto(GStrv) overrides = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "font", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &overrides, "ROLE=VALUE override", "R=V" },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, "print the fonts and character counts", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new("whole|subset|resolve TEXTFILE OUT.pdf");
  g_option_context_add_main_entries(context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, &argc, &argv, &error) || argc != 4 ||
      (strcmp(argv[1], "whole") != 0 && strcmp(argv[1], "subset") != 0 &&
       strcmp(argv[1], "resolve") != 0)) {
    fprintf(stderr, "usage: jb-bench-fonts [--font R=V] whole|subset|resolve TEXTFILE OUT.pdf\n");
    return 2;
  }
  g_autofree char *text = NULL;
  if (!g_file_get_contents(argv[2], &text, NULL, &error) || !g_utf8_validate(text, -1, NULL)) {
    fprintf(stderr, "jb-bench-fonts: %s: %s\n", argv[2], error ? error->message : "not UTF-8");
    return 1;
  }
  g_autoptr(JbFontSet) set = jb_font_set_new((const char *const *)overrides, NULL, &error);
  if (!set) {
    fprintf(stderr, "jb-bench-fonts: %s\n", error->message);
    return 1;
  }
  g_autoptr(GPtrArray) fonts = bench_collect(set, text);
  for (guint i = 0; list && i < fonts->len; i++) {
    BenchFont *font = g_ptr_array_index(fonts, i);
    printf("%s\t%s:%d\t%u chars\n", jb_font_face_peek_family(font->face),
           jb_font_face_peek_file(font->face), jb_font_face_get_index(font->face),
           font->chars->len);
  }
  if (strcmp(argv[1], "resolve") == 0)
    return 0; /* the baseline: fontconfig, FreeType and coverage only */
  return bench_run(set, fonts, strcmp(argv[1], "subset") == 0, argv[3]);
}

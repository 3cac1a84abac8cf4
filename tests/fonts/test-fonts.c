// SPDX-License-Identifier: MIT
// Unit tests of the fonts module against the fonts installed on this machine (the free set
// the README installs): role resolution, overrides and the config file, per-character
// fallback, outlines, TTC face indices, the CFF refusal and hb-subset output that libharu
// loads. Characters used for fallback are found by probing the fonts, not hard-coded.
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include <glib/gstdio.h>
#include <hpdf.h>
#include <string.h>

#include FT_FREETYPE_H

#include "fonts-private.h"

static char *test_dir;

static JbFontSet *
test_set_new(const char *const *overrides)
{
  g_autoptr(GError) error = NULL;
  JbFontSet *set = jb_font_set_new(overrides, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(set);
  return set;
}

/* The file of @family according to fontconfig, checked to really be that family. */
static char *
test_family_file(const char *family, int *index)
{
  FcPattern *pattern = FcNameParse((const FcChar8 *)family);
  FcConfigSubstitute(NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result;
  FcPattern *match = FcFontMatch(NULL, pattern, &result);
  FcPatternDestroy(pattern);
  FcChar8 *got = NULL, *file = NULL;
  char *out = NULL;
  if (match && FcPatternGetString(match, FC_FAMILY, 0, &got) == FcResultMatch &&
      g_ascii_strcasecmp((const char *)got, family) == 0 &&
      FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
    out = g_strdup((const char *)file);
    if (index)
      FcPatternGetInteger(match, FC_INDEX, 0, index);
  }
  if (match)
    FcPatternDestroy(match);
  return out;
}

static void
test_roles(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  static const char *expected[JB_FONT_ROLE_COUNT] = {
    [JB_FONT_ROLE_MASTHEAD] = "AR PL SungtiL GB",    [JB_FONT_ROLE_TITLE] = "AR PL SungtiL GB",
    [JB_FONT_ROLE_BODY] = "AR PL SungtiL GB",        [JB_FONT_ROLE_HEADING1] = "WenQuanYi Zen Hei",
    [JB_FONT_ROLE_HEADING2] = "AR PL KaitiM GB",     [JB_FONT_ROLE_LATIN] = "Liberation Serif",
    [JB_FONT_ROLE_PAGE_NUMBER] = "AR PL SungtiL GB",
  };
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    JbFontRole role;
    g_assert_true(jb_font_role_from_name(jb_font_role_name(r), &role));
    g_assert_cmpint(role, ==, r);
    g_assert_cmpuint(jb_font_set_chain_length(set, r), >=, 1);
    for (guint i = 0; i < jb_font_set_chain_length(set, r); i++) {
      JbFontFace *face = jb_font_set_peek_face(set, r, i);
      const char *file = jb_font_face_peek_file(face);
      g_assert_true(g_str_has_suffix(file, ".ttf") || g_str_has_suffix(file, ".ttc"));
      g_assert_true(g_file_test(file, G_FILE_TEST_IS_REGULAR));
    }
    JbFontFace *first = jb_font_set_peek_face(set, r, 0);
    if (jb_font_face_is_official(first)) {
      g_test_message("%s: official font %s installed", jb_font_role_name(r),
                     jb_font_face_peek_family(first));
      continue;
    }
    g_assert_cmpstr(jb_font_face_peek_family(first), ==, expected[r]);
    g_assert_false(jb_font_face_is_override(first));
  }
  g_assert_false(jb_font_role_from_name("footer", NULL));
  /* The free title font is drawn bold; the same file for body is not. */
  JbFontFace *title = jb_font_set_peek_face(set, JB_FONT_ROLE_TITLE, 0);
  JbFontFace *body = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  if (!jb_font_face_is_official(title))
    g_assert_true(jb_font_face_wants_bold(title));
  g_assert_false(jb_font_face_wants_bold(body));
  /* The body chain goes on to fonts with wider coverage. */
  if (!jb_font_face_is_official(body)) {
    g_assert_cmpuint(jb_font_set_chain_length(set, JB_FONT_ROLE_BODY), ==, 3);
    g_assert_cmpstr(jb_font_face_peek_family(jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 1)), ==,
                    "AR PL UMing CN");
  }
  const GPtrArray *notes = jb_font_set_peek_notes(set);
  g_assert_nonnull(notes);
  for (guint i = 0; i < notes->len; i++)
    g_test_message("note: %s", (const char *)g_ptr_array_index(notes, i));
}

static void
test_metrics(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  JbFontFace *body = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  guint upem = jb_font_face_get_units_per_em(body);
  g_assert_cmpuint(upem, >, 0);
  g_assert_true(jb_font_face_has_glyph(body, 0x4E2D)); /* 中 */
  double han = jb_font_face_advance(body, 0x4E2D, 16.0);
  g_assert_cmpfloat_with_epsilon(han, 16.0, 0.01); /* a full em */
  g_assert_cmpfloat_with_epsilon(jb_font_face_advance(body, 0x4E2D, 32.0), 2 * han, 1e-9);
  /* cached and computed agree: ask twice */
  g_assert_cmpfloat(jb_font_face_advance(body, 0x4E2D, 16.0), ==, han);
  JbFontFace *latin = jb_font_set_peek_face(set, JB_FONT_ROLE_LATIN, 0);
  double digit = jb_font_face_advance(latin, '1', 16.0);
  g_assert_cmpfloat(digit, >, 4.0);
  g_assert_cmpfloat(digit, <, 12.0);
  JbFontFace *page = jb_font_set_peek_face(set, JB_FONT_ROLE_PAGE_NUMBER, 0);
  g_assert_cmpfloat_with_epsilon(jb_font_face_advance(page, '7', 14.0), 7.0, 0.01); /* half */
  double asc = 0, desc = 0;
  jb_font_face_extents(body, 16.0, &asc, &desc);
  g_assert_cmpfloat(asc, >, 8.0);
  g_assert_cmpfloat(asc, <, 24.0);
  g_assert_cmpfloat(desc, <, 0.0);
  g_assert_cmpfloat(desc, >, -8.0);
}

static void
test_override_family(void)
{
  const char *overrides[] = { "body=AR PL UMing CN", " title = WenQuanYi Zen Hei ", NULL };
  g_autoptr(JbFontSet) set = test_set_new(overrides);
  JbFontFace *body = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  g_assert_cmpstr(jb_font_face_peek_family(body), ==, "AR PL UMing CN");
  g_assert_true(jb_font_face_is_override(body));
  g_assert_false(jb_font_face_is_official(body));
  g_assert_cmpint(jb_font_face_get_index(body), ==, 0);
  /* the default chain still follows, without UMing twice */
  g_assert_cmpuint(jb_font_set_chain_length(set, JB_FONT_ROLE_BODY), ==, 3);
  JbFontFace *title = jb_font_set_peek_face(set, JB_FONT_ROLE_TITLE, 0);
  g_assert_cmpstr(jb_font_face_peek_family(title), ==, "WenQuanYi Zen Hei");
  g_assert_false(jb_font_face_wants_bold(title));
}

static void
test_override_ttc_index(void)
{
  int index = -1;
  g_autofree char *uming = test_family_file("AR PL UMing CN", &index);
  if (!uming) {
    g_test_skip("AR PL UMing CN (fonts-arphic-uming) is not installed");
    return;
  }
  g_assert_cmpint(index, ==, 0);
  g_autofree char *v0 = g_strdup_printf("heading-2=%s:0", uming);
  g_autofree char *v1 = g_strdup_printf("heading-1=%s:1", uming);
  g_autofree char *plain = g_strdup_printf("latin=%s", uming);
  const char *overrides[] = { v0, v1, plain, NULL };
  g_autoptr(JbFontSet) set = test_set_new(overrides);
  JbFontFace *f0 = jb_font_set_peek_face(set, JB_FONT_ROLE_HEADING2, 0);
  JbFontFace *f1 = jb_font_set_peek_face(set, JB_FONT_ROLE_HEADING1, 0);
  JbFontFace *fp = jb_font_set_peek_face(set, JB_FONT_ROLE_LATIN, 0);
  g_assert_cmpint(jb_font_face_get_index(f0), ==, 0);
  g_assert_cmpint(jb_font_face_get_index(f1), ==, 1);
  g_assert_cmpint(jb_font_face_get_index(fp), ==, 0);
  g_assert_cmpstr(jb_font_face_peek_file(f1), ==, uming);
  g_assert_cmpstr(jb_font_face_peek_family(f0), ==, "AR PL UMing CN");
  g_assert_cmpstr(jb_font_face_peek_family(f1), ==, "AR PL UMing HK");
  g_assert_true(jb_font_face_is_override(f1));

  g_autofree char *bad = g_strdup_printf("body=%s:99", uming);
  const char *bad_overrides[] = { bad, NULL };
  g_autoptr(GError) error = NULL;
  g_assert_null(jb_font_set_new(bad_overrides, NULL, &error));
  g_assert_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND);
  g_assert_nonnull(strstr(error->message, "99"));
}

static void
test_override_errors(void)
{
  static const struct {
    const char *value;
    int code;
    const char *needle;
  } cases[] = {
    { "footer=AR PL UMing CN", JB_FONTS_ERROR_FORMAT, "footer" },
    { "body", JB_FONTS_ERROR_FORMAT, "ROLE=" },
    { "body=", JB_FONTS_ERROR_FORMAT, "body=" },
    { "body=No Such Family Xyzzy", JB_FONTS_ERROR_NOT_FOUND, "No Such Family Xyzzy" },
    { "body=/nonexistent/font.ttf", JB_FONTS_ERROR_NOT_FOUND, "/nonexistent/font.ttf" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *overrides[] = { cases[i].value, NULL };
    g_autoptr(GError) error = NULL;
    g_assert_null(jb_font_set_new(overrides, NULL, &error));
    g_assert_error(error, JB_FONTS_ERROR, cases[i].code);
    g_test_message("%s → %s", cases[i].value, error->message);
    g_assert_nonnull(strstr(error->message, cases[i].needle));
  }
}

/* A character in Noto CJK (CFF) that no installed TrueType font has, or 0. */
static gunichar
test_find_cff_only_char(const char *noto)
{
  FcPattern *pattern = FcPatternBuild(NULL, FC_FONTFORMAT, FcTypeString, "TrueType", NULL);
  FcObjectSet *objects = FcObjectSetBuild(FC_CHARSET, NULL);
  FcFontSet *fonts = FcFontList(NULL, pattern, objects);
  FcCharSet *all = FcCharSetCreate();
  for (int i = 0; fonts && i < fonts->nfont; i++) {
    FcCharSet *cs = NULL;
    if (FcPatternGetCharSet(fonts->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch)
      FcCharSetMerge(all, cs, NULL);
  }
  FT_Library lib;
  FT_Face face;
  gunichar found = 0;
  FT_Init_FreeType(&lib);
  if (FT_New_Face(lib, noto, 0, &face) == 0) {
    FT_UInt gid;
    for (FT_ULong ch = FT_Get_First_Char(face, &gid); gid != 0 && !found;
         ch = FT_Get_Next_Char(face, ch, &gid))
      if (ch >= 0x3400 && !FcCharSetHasChar(all, ch))
        found = ch;
    FT_Done_Face(face);
  }
  FT_Done_FreeType(lib);
  FcCharSetDestroy(all);
  if (fonts)
    FcFontSetDestroy(fonts);
  FcObjectSetDestroy(objects);
  FcPatternDestroy(pattern);
  return found;
}

static void
test_cff_refused(void)
{
  g_autofree char *noto = test_family_file("Noto Serif CJK SC", NULL);
  if (!noto) {
    g_test_skip("Noto Serif CJK SC (fonts-noto-cjk) is not installed");
    return;
  }
  const char *by_family[] = { "body=Noto Serif CJK SC", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_null(jb_font_set_new(by_family, NULL, &error));
  g_assert_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_UNSUPPORTED);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "CFF"));
  g_assert_nonnull(strstr(error->message, "--font body=Noto Serif CJK SC"));
  g_clear_error(&error);

  g_autofree char *by_path = g_strdup_printf("body=%s:2", noto);
  const char *overrides[] = { by_path, NULL };
  g_assert_null(jb_font_set_new(overrides, NULL, &error));
  g_assert_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_UNSUPPORTED);
  g_assert_nonnull(strstr(error->message, "CFF"));

  /* The fallback search passes over Noto with a note, and reports nothing usable. */
  gunichar ch = test_find_cff_only_char(noto);
  if (ch == 0) {
    g_test_message("every Noto CJK character is also in a TrueType font here");
    return;
  }
  g_test_message("U+%04X is only in CFF fonts", ch);
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  g_assert_null(jb_font_set_lookup_face(set, JB_FONT_ROLE_BODY, ch));
  g_assert_null(jb_font_set_lookup_face(set, JB_FONT_ROLE_BODY, ch)); /* cached */
  const GPtrArray *notes = jb_font_set_peek_notes(set);
  gboolean noted = FALSE;
  for (guint i = 0; i < notes->len; i++) {
    const char *note = g_ptr_array_index(notes, i);
    noted = noted || (strstr(note, "Noto") && strstr(note, "CFF"));
  }
  g_assert_true(noted);
}

/* The first character @lacking does not have and @having does: Han ideographs first
 * (unified, Ext-A, compatibility, Ext-B…), then any other visible character. */
static gunichar
test_find_gap(JbFontFace *lacking, JbFontFace *having)
{
  static const gunichar ranges[][2] = {
    { 0x4E00, 0x9FFF },   { 0x3400, 0x4DBF }, { 0xF900, 0xFAFF },
    { 0x20000, 0x2FFFF }, { 0x2E80, 0x2FDF }, { 0x2000, 0xFFFF },
  };
  for (gsize r = 0; r < G_N_ELEMENTS(ranges); r++)
    for (gunichar ch = ranges[r][0]; ch <= ranges[r][1]; ch++)
      if (g_unichar_isgraph(ch) && !jb_font_face_has_glyph(lacking, ch) &&
          jb_font_face_has_glyph(having, ch))
        return ch;
  return 0;
}

static void
test_fallback(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  JbFontFace *first = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  JbFontFace *second = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 1);
  g_assert_true(jb_font_set_lookup_face(set, JB_FONT_ROLE_BODY, 0x4E2D) == first);
  gunichar ch = test_find_gap(first, second);
  g_assert_cmpuint(ch, !=, 0);
  g_test_message("U+%04X: not in %s, in %s", ch, jb_font_face_peek_family(first),
                 jb_font_face_peek_family(second));
  g_assert_true(jb_font_set_lookup_face(set, JB_FONT_ROLE_BODY, ch) == second);
  /* widths of a fallback character come from the face that draws it */
  g_assert_cmpfloat(jb_font_face_advance(second, ch, 16.0), >, 0.0);

  /* heading-1's chain is WenQuanYi alone: a character it lacks comes from any installed
   * TrueType font (fontconfig charset search), as an extra fallback. */
  JbFontFace *hei = jb_font_set_peek_face(set, JB_FONT_ROLE_HEADING1, 0);
  if (jb_font_set_chain_length(set, JB_FONT_ROLE_HEADING1) != 1) {
    g_test_message("heading-1 has more than one font here; extra fallback not tested");
    return;
  }
  gunichar rare = test_find_gap(hei, second);
  g_assert_cmpuint(rare, !=, 0);
  JbFontFace *extra = jb_font_set_lookup_face(set, JB_FONT_ROLE_HEADING1, rare);
  g_assert_nonnull(extra);
  g_assert_true(extra != hei);
  g_assert_true(jb_font_face_has_glyph(extra, rare));
  g_assert_false(jb_font_face_is_official(extra));
  g_test_message("heading-1 U+%04X from %s", rare, jb_font_face_peek_family(extra));
  g_assert_true(jb_font_set_lookup_face(set, JB_FONT_ROLE_HEADING1, rare) == extra);
}

typedef struct {
  int moves, lines, curves, closes;
  double min_x, max_x, min_y, max_y;
} TestOutline;

static void
test_outline_point(TestOutline *o, double x, double y)
{
  o->min_x = MIN(o->min_x, x);
  o->max_x = MAX(o->max_x, x);
  o->min_y = MIN(o->min_y, y);
  o->max_y = MAX(o->max_y, y);
}

static void
test_outline_move(void *data, double x, double y)
{
  TestOutline *o = data;
  g_assert_cmpint(o->moves, ==, o->closes); /* the previous contour was closed */
  o->moves++;
  test_outline_point(o, x, y);
}

static void
test_outline_line(void *data, double x, double y)
{
  TestOutline *o = data;
  g_assert_cmpint(o->moves, ==, o->closes + 1);
  o->lines++;
  test_outline_point(o, x, y);
}

static void
test_outline_curve(void *data, double x1, double y1, double x2, double y2, double x3, double y3)
{
  TestOutline *o = data;
  g_assert_cmpint(o->moves, ==, o->closes + 1);
  o->curves++;
  test_outline_point(o, x3, y3);
}

static void
test_outline_close(void *data)
{
  ((TestOutline *)data)->closes++;
}

static const JbOutlineSink test_sink = { test_outline_move, test_outline_line, test_outline_curve,
                                         test_outline_close };

/* Outlines @ch of @face at 100 pt and checks the shape is closed and glyph-sized. */
static void
test_outline_check(JbFontFace *face, gunichar ch)
{
  TestOutline o = { 0, 0, 0, 0, G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE };
  g_autoptr(GError) error = NULL;
  g_assert_true(jb_font_face_outline(face, ch, 100.0, &test_sink, &o, &error));
  g_assert_no_error(error);
  g_test_message("U+%04X in %s: %d contours, %d lines, %d curves, x %.1f..%.1f y %.1f..%.1f", ch,
                 jb_font_face_peek_family(face), o.moves, o.lines, o.curves, o.min_x, o.max_x,
                 o.min_y, o.max_y);
  g_assert_cmpint(o.moves, >=, 1);
  g_assert_cmpint(o.closes, ==, o.moves);
  g_assert_cmpint(o.lines + o.curves, >=, 3);
  g_assert_cmpfloat(o.max_x - o.min_x, >, 10.0); /* a visible glyph at 100 pt */
  g_assert_cmpfloat(o.max_x, <, 200.0);
  g_assert_cmpfloat(o.min_y, >, -50.0);
  g_assert_cmpfloat(o.max_y, <, 150.0);
  g_assert_cmpfloat(o.max_y, >, 0.0); /* y up: the glyph stands above the baseline */
}

static void
test_outline(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  JbFontFace *body = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  test_outline_check(body, 0x4E2D); /* 中 */
  JbFontFace *latin = jb_font_set_peek_face(set, JB_FONT_ROLE_LATIN, 0);
  test_outline_check(latin, 'O'); /* quadratic curves become cubics */

  g_autoptr(GError) error = NULL;
  TestOutline o = { 0 };
  g_assert_false(jb_font_face_outline(latin, 0x4E2D, 16.0, &test_sink, &o, &error));
  g_assert_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND);
  g_assert_nonnull(strstr(error->message, "U+4E2D"));
  g_clear_error(&error);

  /* 𠀀 U+20000: drawn from its outline when some installed TrueType font has it. */
  JbFontFace *ext_b = jb_font_set_lookup_face(set, JB_FONT_ROLE_BODY, 0x20000);
  if (ext_b)
    test_outline_check(ext_b, 0x20000);
  else
    g_test_message("no installed font covers U+20000: lookup_face returned NULL");

  /* A non-BMP character some installed TrueType font has (mathematical letters). */
  static const gunichar astral[] = { 0x20021, 0x2A6D6, 0x1D400, 0x1D434, 0x1F600 };
  gboolean tested = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(astral) && !tested; i++) {
    JbFontFace *face = jb_font_set_lookup_face(set, JB_FONT_ROLE_BODY, astral[i]);
    if (!face)
      continue;
    g_assert_true(jb_font_face_has_glyph(face, astral[i]));
    test_outline_check(face, astral[i]);
    tested = TRUE;
  }
  if (!tested)
    g_test_message("no installed TrueType font has a non-BMP character tried");
}

static void
test_write_file(const char *path, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_set_contents(path, text, -1, &error));
  g_assert_no_error(error);
}

static void
test_config(void)
{
  g_autofree char *good = g_build_filename(test_dir, "good.conf", NULL);
  test_write_file(good, "# jianbao fonts\n[fonts]\nbody = AR PL UMing CN\n"
                        "heading-1=AR PL SungtiL GB\n\n[other]\nx=y\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JbFontSet) set = jb_font_set_new(NULL, good, &error);
  g_assert_no_error(error);
  JbFontFace *body = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  g_assert_cmpstr(jb_font_face_peek_family(body), ==, "AR PL UMing CN");
  g_assert_true(jb_font_face_is_override(body));
  g_assert_cmpstr(jb_font_face_peek_family(jb_font_set_peek_face(set, JB_FONT_ROLE_HEADING1, 0)),
                  ==, "AR PL SungtiL GB");

  /* the command line wins over the file */
  const char *overrides[] = { "body=WenQuanYi Zen Hei", NULL };
  g_autoptr(JbFontSet) both = jb_font_set_new(overrides, good, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(jb_font_face_peek_family(jb_font_set_peek_face(both, JB_FONT_ROLE_BODY, 0)), ==,
                  "WenQuanYi Zen Hei");

  static const struct {
    const char *text;
    int line;
    int code;
  } bad[] = {
    { "[fonts]\nbody=AR PL UMing CN\nthis is not a setting\n", 3, JB_FONTS_ERROR_FORMAT },
    { "# c\n[fonts]\n\nfooter=AR PL UMing CN\n", 4, JB_FONTS_ERROR_FORMAT },
    { "[fonts]\nlatin=Liberation Serif\nbody=No Such Family Xyzzy\n", 3, JB_FONTS_ERROR_NOT_FOUND },
  };
  g_autofree char *path = g_build_filename(test_dir, "bad.conf", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    test_write_file(path, bad[i].text);
    g_autoptr(GError) local = NULL;
    g_assert_null(jb_font_set_new(NULL, path, &local));
    g_assert_error(local, JB_FONTS_ERROR, bad[i].code);
    g_test_message("%s", local->message);
    g_autofree char *where = g_strdup_printf("%s:%d:", path, bad[i].line);
    g_assert_true(g_str_has_prefix(local->message, where));
  }

  g_autofree char *missing = g_build_filename(test_dir, "missing.conf", NULL);
  g_autoptr(GError) io = NULL;
  g_assert_null(jb_font_set_new(NULL, missing, &io));
  g_assert_error(io, JB_FONTS_ERROR, JB_FONTS_ERROR_IO);
}

static void
test_config_default(void)
{
  /* $XDG_CONFIG_HOME/jianbao/fonts.conf is read when no path is given */
  g_autofree char *dir = g_build_filename(g_get_user_config_dir(), "jianbao", NULL);
  g_autofree char *path = g_build_filename(dir, "fonts.conf", NULL);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
  test_write_file(path, "[fonts]\nlatin=WenQuanYi Zen Hei\n");
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  g_assert_cmpstr(jb_font_face_peek_family(jb_font_set_peek_face(set, JB_FONT_ROLE_LATIN, 0)), ==,
                  "WenQuanYi Zen Hei");
  g_assert_cmpint(g_remove(path), ==, 0);
}

static void
test_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
  *(HPDF_STATUS *)data = code;
}

/* Loads @path into libharu as UTF-8 and draws @text with it; returns libharu's error. */
static HPDF_STATUS
test_hpdf_draw(const char *path, const char *text, const char *pdf)
{
  HPDF_STATUS status = HPDF_OK;
  HPDF_Doc doc = HPDF_New(test_hpdf_error, &status);
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  const char *name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
  if (name) {
    HPDF_Font font = HPDF_GetFont(doc, name, "UTF-8");
    HPDF_Page page = HPDF_AddPage(doc);
    if (font && page) {
      HPDF_Page_BeginText(page);
      HPDF_Page_SetFontAndSize(page, font, 16);
      HPDF_Page_TextOut(page, 72, 700, text);
      HPDF_Page_EndText(page);
      HPDF_SaveToFile(doc, pdf);
    }
  }
  HPDF_Free(doc);
  return name ? status : (status ? status : 1);
}

static gsize
test_file_size(const char *path)
{
  GStatBuf st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return (gsize)st.st_size;
}

/* Subsets @face to @text's characters and checks size, libharu and the widths. */
static void
test_subset_face(JbFontFace *face, const char *text)
{
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast(text, -1, &n);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = jb_font_face_subset_to_file(face, chars, n, test_dir, &error);
  g_assert_no_error(error);
  g_assert_nonnull(path);
  gsize size = test_file_size(path), whole = test_file_size(jb_font_face_peek_file(face));
  g_test_message("%s:%d subset of %ld chars: %zu bytes (whole file %zu)",
                 jb_font_face_peek_family(face), jb_font_face_get_index(face), n, size, whole);
  g_assert_cmpuint(size * 20, <, whole);

  g_autofree char *pdf = g_strconcat(path, ".pdf", NULL);
  g_assert_cmpint(test_hpdf_draw(path, text, pdf), ==, HPDF_OK);
  g_assert_cmpuint(test_file_size(pdf), >, 1000);

  /* The subset, read back through the module, has the same glyphs and widths. */
  g_autofree char *override = g_strdup_printf("body=%s", path);
  const char *overrides[] = { override, NULL };
  g_autoptr(JbFontSet) again = test_set_new(overrides);
  JbFontFace *sub = jb_font_set_peek_face(again, JB_FONT_ROLE_BODY, 0);
  g_assert_cmpstr(jb_font_face_peek_family(sub), ==, jb_font_face_peek_family(face));
  g_assert_cmpuint(jb_font_face_get_units_per_em(sub), ==, jb_font_face_get_units_per_em(face));
  for (glong i = 0; i < n; i++) {
    g_assert_true(jb_font_face_has_glyph(sub, chars[i]));
    g_assert_cmpfloat(jb_font_face_advance(sub, chars[i], 16.0), ==,
                      jb_font_face_advance(face, chars[i], 16.0));
  }
  g_assert_false(jb_font_face_has_glyph(sub, 0x9F99)); /* 龙: not kept */
  g_assert_cmpint(g_remove(pdf), ==, 0);
  g_assert_cmpint(g_remove(path), ==, 0);
}

static void
test_subset(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  const char *text = "关于2026年第9期工作简报的通知，ABC。";
  test_subset_face(jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0), text);
  test_subset_face(jb_font_set_peek_face(set, JB_FONT_ROLE_HEADING1, 0), text); /* .ttc */
  int index = 0;
  g_autofree char *uming = test_family_file("AR PL UMing CN", &index);
  if (uming) {
    g_autofree char *hk = g_strdup_printf("body=%s:1", uming);
    const char *overrides[] = { hk, NULL };
    g_autoptr(JbFontSet) ttc = test_set_new(overrides);
    test_subset_face(jb_font_set_peek_face(ttc, JB_FONT_ROLE_BODY, 0), text); /* face 1 */
  }

  g_autoptr(GError) error = NULL;
  gunichar ch = 0x4E2D;
  g_assert_null(jb_font_face_subset_to_file(jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0), &ch,
                                            1, "/nonexistent/dir", &error));
  g_assert_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_IO);
}

/* A subset cut from the font read into memory (jb_font_face_preload) is the subset cut
 * through FreeType's mapping, byte for byte, for a TrueType file and for a face of a
 * collection; a second preload changes nothing. */
static void
test_subset_preloaded(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  const char *text = "关于2026年第9期工作简报的通知，ABC。上海市邮政管理局";
  g_autoptr(GArray) chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    g_array_append_val(chars, ch);
  }
  JbFontRole roles[] = { JB_FONT_ROLE_BODY, JB_FONT_ROLE_HEADING1 };
  for (guint r = 0; r < G_N_ELEMENTS(roles); r++) {
    JbFontFace *face = jb_font_set_peek_face(set, roles[r], 0);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) mapped =
        jb_font_face_subset(face, (const gunichar *)chars->data, chars->len, &error);
    g_assert_no_error(error);
    jb_font_face_preload(face);
    jb_font_face_preload(face);
    g_autoptr(GBytes) loaded =
        jb_font_face_subset(face, (const gunichar *)chars->data, chars->len, &error);
    g_assert_no_error(error);
    g_assert_true(g_bytes_equal(mapped, loaded));
  }
}

/* The default chains' faces are opened when first used: a set made for an issue without
 * headings never opens the heading fonts' files (some 0.2 ms each for CJK fonts). */
static void
test_faces_opened_when_used(void)
{
  g_autoptr(JbFontSet) set = test_set_new(NULL);
  JbFontFace *heading = jb_font_set_peek_face(set, JB_FONT_ROLE_HEADING2, 0);
  g_assert_null(heading->source->ft);
  g_assert_true(jb_font_face_has_glyph(heading, 0x4E2D)); /* 中 */
  g_assert_nonnull(heading->source->ft);
  g_assert_cmpuint(jb_font_face_get_units_per_em(heading), >, 0);
  /* what the user names is opened at once, so that a bad file is an error then */
  const char *const overrides[] = {
    "latin=/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", NULL
  };
  g_autoptr(JbFontSet) named = test_set_new(overrides);
  g_assert_nonnull(jb_font_set_peek_face(named, JB_FONT_ROLE_LATIN, 0)->source->ft);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* keep the user's own fonts.conf out of the tests */
  g_autoptr(GError) error = NULL;
  test_dir = g_dir_make_tmp("jb-fonts-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *config = g_build_filename(test_dir, "config", NULL);
  g_setenv("XDG_CONFIG_HOME", config, TRUE);

  g_test_add_func("/fonts/roles", test_roles);
  g_test_add_func("/fonts/metrics", test_metrics);
  g_test_add_func("/fonts/override-family", test_override_family);
  g_test_add_func("/fonts/override-ttc-index", test_override_ttc_index);
  g_test_add_func("/fonts/override-errors", test_override_errors);
  g_test_add_func("/fonts/cff-refused", test_cff_refused);
  g_test_add_func("/fonts/fallback", test_fallback);
  g_test_add_func("/fonts/outline", test_outline);
  g_test_add_func("/fonts/config", test_config);
  g_test_add_func("/fonts/config-default", test_config_default);
  g_test_add_func("/fonts/subset", test_subset);
  g_test_add_func("/fonts/subset-preloaded", test_subset_preloaded);
  g_test_add_func("/fonts/faces-opened-when-used", test_faces_opened_when_used);
  int status = g_test_run();
  /* fontconfig keeps its configuration for the process: release it so that LeakSanitizer
   * sees only what the fonts module itself leaks */
  FcFini();

  g_autofree char *jb = g_build_filename(config, "jianbao", NULL);
  g_rmdir(jb);
  g_rmdir(config);
  g_autoptr(GDir) dir = g_dir_open(test_dir, 0, NULL);
  for (const char *name; dir && (name = g_dir_read_name(dir));) {
    g_autofree char *path = g_build_filename(test_dir, name, NULL);
    g_remove(path);
  }
  g_rmdir(test_dir);
  g_free(test_dir);
  return status;
}

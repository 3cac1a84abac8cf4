// SPDX-License-Identifier: MIT
// Shared set-up of the libharu replacement tests (test-glyphid.c, test-savefont.c,
// test-deflate.c, test-hpdf-mem.c, test-hpdf-codes.c): find libharu's own function, cut a real
// subset.
#include "hpdf-test-util.h"

#include <dlfcn.h>

#include "jb-fonts.h"

void *
jb_test_libharu_symbol(const char *name, const void *ours)
{
  void *lib = dlopen("libhpdf-2.3.0.so", RTLD_NOW | RTLD_NOLOAD);
  if (lib == NULL)
    lib = dlopen("libhpdf-2.3.0.so", RTLD_NOW);
  g_assert_nonnull(lib);
  void *theirs = dlsym(lib, name);
  g_assert_nonnull(theirs);
  g_assert_true(theirs != ours);
  return theirs;
}

char *
jb_test_sample_subset(const char *dir, guint *n_chars)
{
  g_autoptr(GArray) chars = NULL;
  char *path = jb_test_sample_subset_chars(dir, &chars);
  if (n_chars)
    *n_chars = chars->len;
  return path;
}

char *
jb_test_sample_subset_chars(const char *dir, GArray **chars_out)
{
  const char *src = g_getenv("JB_SOURCE_DIR");
  g_autofree char *sample = g_build_filename(src, "samples", "2024-08-26.md", NULL);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(sample, &text, NULL, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(JbFontSet) set = jb_font_set_new(NULL, NULL, &error);
  g_assert_no_error(error);
  JbFontFace *face = jb_font_set_peek_face(set, JB_FONT_ROLE_BODY, 0);
  g_autoptr(GArray) chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
  g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (ch <= 0xFFFF && jb_font_face_has_glyph(face, ch) &&
        g_hash_table_add(seen, GUINT_TO_POINTER(ch)))
      g_array_append_val(chars, ch);
  }
  g_assert_cmpuint(chars->len, >, 500);
  char *path = jb_font_face_subset_to_file(face, (gunichar *)chars->data, chars->len, dir, &error);
  g_assert_no_error(error);
  *chars_out = g_steal_pointer(&chars);
  return path;
}

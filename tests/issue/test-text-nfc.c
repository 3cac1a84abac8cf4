/* SPDX-License-Identifier: MIT
 *
 * jb_issue_text_canonicalize skips NFC for text made only of characters jb_issue_text_is_nfc_stable
 * accepts. That is sound when NFC cannot change such a string: each accepted character
 * has combining class 0, is its own NFC, decomposes (if at all) into a starter followed
 * by marks, and neither it nor that starter is ever the second character of a canonical
 * composition, so no reordering crosses characters and no composition joins two. This
 * checks all of it for every accepted code point, then normalises random strings of them.
 */
#include <string.h>

#include "jb-issue-private.h"

static guint8 *test_second; /* [0x110000]: TRUE for a composition's second character */

static void
test_find_second_characters(void)
{
  test_second = g_new0(guint8, 0x110000);
  guint pairs = 0;
  for (gunichar x = 0; x < 0x110000; x++) {
    gunichar a, b;
    if (g_unichar_decompose(x, &a, &b) && b != 0) {
      test_second[b] = 1;
      pairs++;
    }
  }
  g_assert_cmpuint(pairs, >, 1000); /* glib's tables are there (Hangul alone: 11,172) */
}

static gboolean
test_is_own_nfc(gunichar ch)
{
  char buf[8];
  buf[g_unichar_to_utf8(ch, buf)] = '\0';
  g_autofree char *nfc = g_utf8_normalize(buf, -1, G_NORMALIZE_NFC);
  return nfc != NULL && strcmp(nfc, buf) == 0;
}

static void
test_every_accepted(void)
{
  guint accepted = 0;
  for (gunichar ch = 0; ch < 0x110000; ch++) {
    if (!jb_issue_text_is_nfc_stable(ch))
      continue;
    accepted++;
    g_assert_cmpint(g_unichar_combining_class(ch), ==, 0);
    g_assert_false(test_second[ch]);
    g_assert_true(test_is_own_nfc(ch));
    gunichar full[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize n = g_unichar_fully_decompose(ch, FALSE, full, G_N_ELEMENTS(full));
    g_assert_cmpuint(n, >=, 1);
    g_assert_cmpint(g_unichar_combining_class(full[0]), ==, 0);
    g_assert_false(test_second[full[0]]);
  }
  g_assert_cmpuint(accepted, >, 27000); /* the ideographs are in */
  /* and what must not be: marks, singletons, compatibility ideographs, Hangul jamo */
  static const gunichar rejected[] = { 0x0301, 0x2000, 0x2001, 0x302A, 0x3099,
                                       0xF900, 0x1161, 0x11A8, 0xAC00 };
  for (gsize i = 0; i < G_N_ELEMENTS(rejected); i++)
    g_assert_false(jb_issue_text_is_nfc_stable(rejected[i]));
}

/* Random strings of accepted characters (ASCII, Latin-1 letters with diacritics,
 * punctuation, ideographs, full-width forms) are their own NFC. */
static void
test_random_strings(void)
{
  static const gunichar ranges[][2] = {
    { 0x20, 0x7E },     { 0xA0, 0x2FF },    { 0x2002, 0x206F },
    { 0x3000, 0x3029 }, { 0x4E00, 0x9FFF }, { 0xFF01, 0xFFEF },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed(9704);
  for (guint k = 0; k < 20000; k++) {
    g_autoptr(GString) s = g_string_new(NULL);
    guint len = g_rand_int_range(rand, 1, 12);
    for (guint i = 0; i < len; i++) {
      const gunichar *r = ranges[g_rand_int_range(rand, 0, G_N_ELEMENTS(ranges))];
      gunichar ch = r[0] + g_rand_int_range(rand, 0, r[1] - r[0] + 1);
      g_assert_true(jb_issue_text_is_nfc_stable(ch));
      g_string_append_unichar(s, ch);
    }
    g_autofree char *nfc = g_utf8_normalize(s->str, -1, G_NORMALIZE_NFC);
    g_assert_cmpstr(nfc, ==, s->str);
  }
}

/* The fast path and the slow one agree where it matters: text with a decomposed letter
 * is still composed, text without is copied. */
static void
test_canonicalize(void)
{
  g_autofree char *composed = jb_issue_text_canonicalize("Cafe\xcc\x81 bar");
  g_assert_cmpstr(composed, ==, "Caf\xc3\xa9 bar");
  g_autofree char *plain = jb_issue_text_canonicalize("上海市邮政管理局，2024年8月26日。");
  g_assert_cmpstr(plain, ==, "上海市邮政管理局，2024年8月26日。");
  g_autofree char *compat = jb_issue_text_canonicalize("\xef\xa4\x80"); /* U+F900 → U+8C48 */
  g_assert_cmpstr(compat, ==, "\xe8\xb1\x88");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  test_find_second_characters();
  g_test_add_func("/issue/text-nfc/every-accepted", test_every_accepted);
  g_test_add_func("/issue/text-nfc/random-strings", test_random_strings);
  g_test_add_func("/issue/text-nfc/canonicalize", test_canonicalize);
  int status = g_test_run();
  g_free(test_second);
  return status;
}

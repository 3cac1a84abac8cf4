// SPDX-License-Identifier: MIT
//
// Text canonicalisation and the small parsers for dates and issue lines. Everything that
// enters the issue model passes through jb_issue_text_canonicalize(), so that extract, the
// readers and typeset agree on one spelling of the same text: spaces next to Chinese
// characters are layout, not text, and go away here.
#include <stdio.h>
#include <string.h>

#include "jb-issue-private.h"

gboolean
jb_issue_text_is_cjk(gunichar ch)
{
  return (ch >= 0x2E80 && ch <= 0x2FDF)       /* radicals, Kangxi radicals */
         || (ch >= 0x2FF0 && ch <= 0x303F)    /* description chars, CJK symbols & punct. */
         || (ch >= 0x3040 && ch <= 0x31FF)    /* kana, bopomofo, strokes */
         || (ch >= 0x3200 && ch <= 0x4DBF)    /* enclosed, compatibility, ext A */
         || (ch >= 0x4E00 && ch <= 0x9FFF)    /* unified ideographs */
         || (ch >= 0xF900 && ch <= 0xFAFF)    /* compatibility ideographs */
         || (ch >= 0xFE30 && ch <= 0xFE4F)    /* compatibility forms */
         || (ch >= 0xFF00 && ch <= 0xFFEF)    /* full-width and half-width forms */
         || (ch >= 0x20000 && ch <= 0x3FFFF); /* ext B and later, supplement */
}

/* Characters that carry nothing and only confuse comparisons: zero-width space, the
 * byte-order mark, the soft hyphen (a break opportunity, not text; typeset uses it as its
 * invisible wrap mark in titles) and control characters other than whitespace. */
static gboolean
jb_issue_text_is_dropped(gunichar ch)
{
  if (ch == 0x200B || ch == 0xFEFF || ch == 0x00AD)
    return TRUE;
  return g_unichar_iscntrl(ch) && !g_unichar_isspace(ch);
}

gboolean
jb_issue_text_is_nfc_stable(gunichar ch)
{
  return ch < 0x0300                        /* Basic Latin, Latin-1, Latin Extended */
         || (ch >= 0x2002 && ch <= 0x206F)  /* general punctuation but 2000/2001 */
         || (ch >= 0x3000 && ch <= 0x3029)  /* CJK symbols and punctuation but the */
         || (ch >= 0x3030 && ch <= 0x303F)  /* ideographic tone marks 302A-302F */
         || (ch >= 0x3400 && ch <= 0x4DBF)  /* ext A */
         || (ch >= 0x4E00 && ch <= 0x9FFF)  /* unified ideographs */
         || (ch >= 0xFF01 && ch <= 0xFFEF); /* full-width and half-width forms */
}

/* TRUE when NFC would return @text unchanged because every character is NFC-stable:
 * the usual bulletin text, whose normalisation was most of reading an issue. */
static gboolean
jb_issue_text_is_nfc_stable_text(const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char(p))
    if ((guchar)*p >= 0x80 && !jb_issue_text_is_nfc_stable(g_utf8_get_char(p)))
      return FALSE;
  return TRUE;
}

char *
jb_issue_text_canonicalize(const char *text)
{
  g_return_val_if_fail(text != NULL, NULL);

  /* Invalid UTF-8 cannot reach here from the readers (they check first); anything else
   * that passes it in gets replacement characters rather than a crash. */
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  g_autofree char *normalized = NULL;
  const char *nfc = valid;
  if (!jb_issue_text_is_nfc_stable_text(valid))
    nfc = normalized = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
  GString *out = g_string_sized_new(strlen(nfc));
  gunichar prev = 0; /* last character written; 0 at the start */
  gboolean pending_space = FALSE;

  for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (g_unichar_isspace(ch)) {
      pending_space = TRUE;
      continue;
    }
    if (jb_issue_text_is_dropped(ch))
      continue;
    if (pending_space && prev != 0 && !jb_issue_text_is_cjk(prev) && !jb_issue_text_is_cjk(ch))
      g_string_append_c(out, ' ');
    pending_space = FALSE;
    g_string_append_unichar(out, ch);
    prev = ch;
  }
  if (!normalized)
    return g_string_free(out, FALSE); /* only NFC-stable characters: still NFC */
  /* Dropping a character or a space can bring a base and its mark together ("e", U+200B,
   * U+0301; "か", space, U+3099); compose them now, or a second pass would, and a text read
   * once (JSON) and one read twice would differ. */
  g_autofree char *dropped = g_string_free(out, FALSE);
  return g_utf8_normalize(dropped, -1, G_NORMALIZE_NFC);
}

/* The line-breaking prohibitions (避头尾) of W3C clreq and GB/T 15834, the one copy that
 * typeset's line breaker and extract's paragraph guess both consult, so extraction reads a
 * short line the way typeset would have broken it. Sorted code points, binary-searched:
 * the breaker asks about every character of every paragraph.
 * tests/issue/test-text.c checks membership and order. */
static const gunichar jb_issue_text_line_start_forbidden[] = {
  0x0021, /* ! */
  0x0025, /* % */
  0x0029, /* ) */
  0x002C, /* , */
  0x002E, /* . */
  0x003A, /* : */
  0x003B, /* ; */
  0x003F, /* ? */
  0x005D, /* ] */
  0x007D, /* } */
  0x00B7, /* · middle dot */
  0x2014, /* — em dash */
  0x2019, /* ’ */
  0x201D, /* ” */
  0x2025, /* ‥ two dot leader */
  0x2026, /* … */
  0x2030, /* ‰ */
  0x2103, /* ℃ */
  0x3001, /* 、 */
  0x3002, /* 。 */
  0x3003, /* 〃 ditto mark */
  0x3005, /* 々 iteration mark */
  0x300B, /* 》 */
  0x300D, /* 」 */
  0x300F, /* 』 */
  0x3011, /* 】 */
  0x3015, /* 〕 */
  0x3017, /* 〗 */
  0x3019, /* 〙 */
  0x301B, /* 〛 */
  0x30FB, /* ・ katakana middle dot */
  0x30FC, /* ー prolonged sound mark */
  0xFE30, /* ︰ vertical two dot leader */
  0xFF01, /* ！ */
  0xFF05, /* ％ */
  0xFF09, /* ） */
  0xFF0C, /* ， */
  0xFF1A, /* ： */
  0xFF1B, /* ； */
  0xFF1F, /* ？ */
  0xFF5E, /* ～ */
};

static const gunichar jb_issue_text_line_end_forbidden[] = {
  0x0028, /* ( */
  0x005B, /* [ */
  0x007B, /* { */
  0x2018, /* ‘ */
  0x201C, /* “ */
  0x300A, /* 《 */
  0x300C, /* 「 */
  0x300E, /* 『 */
  0x3010, /* 【 */
  0x3014, /* 〔 */
  0x3016, /* 〖 */
  0x3018, /* 〘 */
  0x301A, /* 〚 */
  0xFF08, /* （ */
};

static gboolean
jb_issue_text_table_contains(const gunichar *table, gsize n, gunichar ch)
{
  /* Ideographs, the bulk of the text, are in neither table. */
  if (ch >= 0x4E00 && ch <= 0x9FFF)
    return FALSE;
  gsize lo = 0, hi = n;
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    if (table[mid] < ch)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && table[lo] == ch;
}

gboolean
jb_issue_text_is_line_start_forbidden(gunichar ch)
{
  return jb_issue_text_table_contains(jb_issue_text_line_start_forbidden,
                                      G_N_ELEMENTS(jb_issue_text_line_start_forbidden), ch);
}

gboolean
jb_issue_text_is_line_end_forbidden(gunichar ch)
{
  return jb_issue_text_table_contains(jb_issue_text_line_end_forbidden,
                                      G_N_ELEMENTS(jb_issue_text_line_end_forbidden), ch);
}

const gunichar *
jb_issue_text_line_break_table(gboolean line_start, gsize *n_chars)
{
  if (line_start) {
    *n_chars = G_N_ELEMENTS(jb_issue_text_line_start_forbidden);
    return jb_issue_text_line_start_forbidden;
  }
  *n_chars = G_N_ELEMENTS(jb_issue_text_line_end_forbidden);
  return jb_issue_text_line_end_forbidden;
}

/* Value of a Chinese digit, or -1. */
static int
jb_issue_text_chinese_digit(gunichar ch)
{
  static const gunichar digits[] = { 0x3007 /* 〇 */, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                     0x4E94,          0x516D, 0x4E03, 0x516B, 0x4E5D };
  if (ch == 0x96F6 /* 零 */ || ch == 0x25CB /* ○ */ || ch == 'O')
    return 0;
  if (ch == 0x4E24 /* 两 */)
    return 2;
  for (int i = 0; i < 10; i++)
    if (digits[i] == ch)
      return i;
  if (ch >= '0' && ch <= '9')
    return (int)(ch - '0');
  if (ch >= 0xFF10 && ch <= 0xFF19) /* full-width digits */
    return (int)(ch - 0xFF10);
  return -1;
}

int
jb_issue_text_parse_number(const char *text, gsize length)
{
  const char *end = text + length;
  gint64 value = 0;
  int tens = -1; /* digit before 十, once 十 has been seen */
  int last = -1; /* the digit read since the last 十 */
  int count = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (ch == 0x5341 /* 十 */) {
      if (tens >= 0)
        return -1;
      tens = last < 0 ? 1 : last;
      last = -1;
      value = 0;
      count = 0;
      continue;
    }
    int digit = jb_issue_text_chinese_digit(ch);
    if (digit < 0 || ++count > 9)
      return -1;
    if (tens >= 0 && count > 1)
      return -1; /* 十 is followed by one unit digit at most */
    value = value * 10 + digit;
    last = digit;
  }
  if (tens >= 0)
    return tens * 10 + (last < 0 ? 0 : last);
  return count > 0 ? (int)value : -1;
}

/* Splits @text at the first of the characters in @seps (UTF-8 strings); returns the
 * position of the separator and sets *@sep_len, or NULL. */
static const char *
jb_issue_text_find_any(const char *text, const char *const *seps, gsize *sep_len)
{
  const char *best = NULL;
  for (gsize i = 0; seps[i]; i++) {
    const char *hit = strstr(text, seps[i]);
    if (hit && (!best || hit < best)) {
      best = hit;
      *sep_len = strlen(seps[i]);
    }
  }
  return best;
}

/* Reads "<number><one of seps>" at *@p; advances past the separator. */
static int
jb_issue_text_take_number(const char **p, const char *const *seps)
{
  gsize sep_len = 0;
  const char *hit = jb_issue_text_find_any(*p, seps, &sep_len);
  if (!hit || hit == *p)
    return -1;
  int value = jb_issue_text_parse_number(*p, (gsize)(hit - *p));
  *p = hit + sep_len;
  return value;
}

/* Removes every whitespace character: dates and issue lines have no meaningful spaces. */
static char *
jb_issue_text_strip_spaces(const char *text)
{
  g_autofree char *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
  if (!nfc)
    return NULL;
  GString *out = g_string_new(NULL);
  for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if (!g_unichar_isspace(ch))
      g_string_append_unichar(out, ch);
  }
  return g_string_free(out, FALSE);
}

char *
jb_issue_date_parse(const char *text)
{
  static const char *const year_seps[] = { "年", "-", "/", ".", NULL };
  static const char *const month_seps[] = { "月", "-", "/", ".", NULL };
  g_return_val_if_fail(text != NULL, NULL);

  g_autofree char *s = jb_issue_text_strip_spaces(text);
  if (!s || !*s)
    return NULL;
  const char *p = s;
  int year = jb_issue_text_take_number(&p, year_seps);
  int month = jb_issue_text_take_number(&p, month_seps);
  /* The day runs to 日/号 or to the end of the text. */
  const char *end = p + strlen(p);
  if (g_str_has_suffix(p, "日") || g_str_has_suffix(p, "号"))
    end -= strlen("日");
  int day = end > p ? jb_issue_text_parse_number(p, (gsize)(end - p)) : -1;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return NULL;
  if (!g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return NULL;
  return g_strdup_printf("%04d-%02d-%02d", year, month, day);
}

char *
jb_issue_date_format_chinese(const char *iso)
{
  int year, month, day;
  g_return_val_if_fail(iso != NULL, NULL);
  g_autofree char *valid = jb_issue_date_parse(iso);
  if (!valid || sscanf(valid, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;
  return g_strdup_printf("%d年%d月%d日", year, month, day);
}

char *
jb_issue_format_issue_line(const JbIssue *issue)
{
  g_return_val_if_fail(issue != NULL, NULL);
  if (issue->year == JB_ISSUE_UNSET && issue->number == JB_ISSUE_UNSET &&
      issue->total == JB_ISSUE_UNSET)
    return NULL;
  GString *out = g_string_new(NULL);
  if (issue->year != JB_ISSUE_UNSET)
    g_string_append_printf(out, "%d年", issue->year);
  if (issue->number != JB_ISSUE_UNSET)
    g_string_append_printf(out, "第%d期", issue->number);
  if (issue->total != JB_ISSUE_UNSET)
    g_string_append_printf(out, "（总第%d期）", issue->total);
  return g_string_free(out, FALSE);
}

/* Consumes @prefix at *@p if it is there. */
static gboolean
jb_issue_text_eat(const char **p, const char *prefix)
{
  if (!g_str_has_prefix(*p, prefix))
    return FALSE;
  *p += strlen(prefix);
  return TRUE;
}

/* Reads "第<n>期" at *@p (after @lead, which may be ""); -1 with *@p unchanged if absent. */
static int
jb_issue_text_take_ordinal(const char **p, const char *lead)
{
  static const char *const seps[] = { "期", NULL };
  const char *q = *p;
  if (!jb_issue_text_eat(&q, lead) || !jb_issue_text_eat(&q, "第"))
    return -1;
  int value = jb_issue_text_take_number(&q, seps);
  if (value >= 0)
    *p = q;
  return value;
}

gboolean
jb_issue_parse_issue_line(const char *text, int *year, int *number, int *total)
{
  static const char *const year_seps[] = { "年", NULL };
  g_return_val_if_fail(text != NULL, FALSE);

  g_autofree char *s = jb_issue_text_strip_spaces(text);
  if (!s || !*s)
    return FALSE;
  const char *p = s;
  int y = JB_ISSUE_UNSET, n = JB_ISSUE_UNSET, t = JB_ISSUE_UNSET;
  if (strstr(p, "年") && !g_str_has_prefix(p, "(") && !g_str_has_prefix(p, "（")) {
    y = jb_issue_text_take_number(&p, year_seps);
    if (y < 0)
      return FALSE;
  }
  n = jb_issue_text_take_ordinal(&p, "");
  /* The running total: "(总第544期)", "（总第544期）", "〔总第544期〕" or bare. */
  const char *open = NULL;
  if (jb_issue_text_eat(&p, "(")) {
    open = ")";
  } else if (jb_issue_text_eat(&p, "（")) {
    open = "）";
  } else if (jb_issue_text_eat(&p, "〔")) {
    open = "〕";
  }
  if (open || g_str_has_prefix(p, "总")) {
    t = jb_issue_text_take_ordinal(&p, "总");
    if (t < 0 || (open && !jb_issue_text_eat(&p, open)))
      return FALSE;
  }
  if (*p != '\0' || (y < 0 && n < 0 && t < 0))
    return FALSE;
  if (year)
    *year = y < 0 ? JB_ISSUE_UNSET : y;
  if (number)
    *number = n < 0 ? JB_ISSUE_UNSET : n;
  if (total)
    *total = t < 0 ? JB_ISSUE_UNSET : t;
  return TRUE;
}

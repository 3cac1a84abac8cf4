/* SPDX-License-Identifier: MIT
 *
 * The line breaker: Chinese text on a character grid, with the prohibition rules of W3C
 * clreq and GB/T 15834 (避头尾, from the issue module's table, which extract shares),
 * numbers and Latin words kept whole, and full lines justified by spreading the remainder
 * over the gaps. It only sees code points and a width function, so the unit tests drive
 * it without fonts.
 */
#include <math.h>

#include "typeset-private.h"

/* Characters of a Latin word or a number: alphabetic scripts, digits and ASCII signs, so "35.7%",
 * "2024" and "(2+2)" each stay one unit. */
static gboolean
jb_linebreak_is_word_char(gunichar ch)
{
  return ch > 0x20 && ch < 0x2000 && !g_unichar_isspace(ch);
}

static gboolean
jb_linebreak_is_ideograph(gunichar ch)
{
  GUnicodeScript script = g_unichar_get_script(ch);
  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA;
}

static gboolean
jb_linebreak_is_latin_or_digit(gunichar ch)
{
  return ch < 0x2000 && g_unichar_isalnum(ch);
}

gboolean
jb_linebreak_wants_gap(gunichar a, gunichar b)
{
  return (jb_linebreak_is_ideograph(a) && jb_linebreak_is_latin_or_digit(b)) ||
         (jb_linebreak_is_latin_or_digit(a) && jb_linebreak_is_ideograph(b));
}

gboolean
jb_linebreak_can_break(const gunichar *chars, guint n, guint i)
{
  g_return_val_if_fail(i > 0 && i < n, FALSE);
  gunichar a = chars[i - 1], b = chars[i];
  if (g_unichar_isspace(b))
    return FALSE; /* break after the space run instead, so the space is dropped */
  if (g_unichar_isspace(a))
    return TRUE;
  if (jb_issue_text_is_line_start_forbidden(b) || jb_issue_text_is_line_end_forbidden(a))
    return FALSE;
  if (a == b && (a == 0x2014 || a == 0x2026 || a == 0x2E3A))
    return FALSE; /* —— and …… */
  if (jb_linebreak_is_word_char(a) && jb_linebreak_is_word_char(b))
    return FALSE;
  return TRUE;
}

/* Full-width punctuation whose glyph sits in the left half of its em (closing marks and
 * the pauses of mainland fonts) or in the right half (opening marks). Switches, not a
 * search in a string: the line breaker asks for every pair of neighbours many times over
 * (a third of layout's work was g_utf8_strchr). */
static gboolean
jb_linebreak_is_left_punct(gunichar ch)
{
  switch (ch) {
  case 0xFF0C: /* ， */
  case 0x3002: /* 。 */
  case 0x3001: /* 、 */
  case 0xFF1B: /* ； */
  case 0xFF1A: /* ： */
  case 0x201D: /* ” */
  case 0x2019: /* ’ */
  case 0xFF09: /* ） */
  case 0x300B: /* 》 */
  case 0x300D: /* 」 */
  case 0x300F: /* 』 */
  case 0x3011: /* 】 */
  case 0x3015: /* 〕 */
  case 0x3009: /* 〉 */
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
jb_linebreak_is_right_punct(gunichar ch)
{
  switch (ch) {
  case 0x201C: /* “ */
  case 0x2018: /* ‘ */
  case 0xFF08: /* （ */
  case 0x300A: /* 《 */
  case 0x300C: /* 「 */
  case 0x300E: /* 『 */
  case 0x3010: /* 【 */
  case 0x3014: /* 〔 */
  case 0x3008: /* 〈 */
    return TRUE;
  default:
    return FALSE;
  }
}

gboolean
jb_linebreak_wants_squeeze(gunichar a, gunichar b)
{
  if (jb_linebreak_is_left_punct(a))
    return jb_linebreak_is_left_punct(b) || jb_linebreak_is_right_punct(b);
  return jb_linebreak_is_right_punct(a) && jb_linebreak_is_right_punct(b);
}

/* What sits between @a and @b beyond their advances: a Han–Latin gap or a squeeze. */
static double
jb_linebreak_between(const JbLinebreakParams *p, guint i)
{
  gunichar a = p->chars[i - 1], b = p->chars[i];
  if (jb_linebreak_wants_gap(a, b))
    return p->latin_gap;
  /* Only full-width glyphs have a blank half to give (a proportional font's quotes do not). */
  if (jb_linebreak_wants_squeeze(a, b) && p->advances[i - 1] > 1.8 * p->squeeze &&
      p->advances[i] > 1.8 * p->squeeze)
    return -p->squeeze;
  return 0;
}

/* Width of chars[start, end) as set with @spacing between characters. */
static double
jb_linebreak_natural(const JbLinebreakParams *p, guint start, guint end)
{
  double w = 0;
  for (guint i = start; i < end; i++) {
    w += p->advances[i];
    if (i > start)
      w += jb_linebreak_between(p, i);
  }
  return w;
}

/* Where the drawn part of a line ends: trailing spaces are not drawn. */
static guint
jb_linebreak_trim(const JbLinebreakParams *p, guint start, guint end)
{
  while (end > start && g_unichar_isspace(p->chars[end - 1]))
    end--;
  return end;
}

static gboolean
jb_linebreak_fits(const JbLinebreakParams *p, guint start, guint end, double avail)
{
  guint e = jb_linebreak_trim(p, start, end);
  if (e <= start)
    return TRUE;
  /* Each character takes its grid cell, the last one too: min_spacing is the cell
   * minus the em, so n ideographs fit in n cells. */
  double w = jb_linebreak_natural(p, start, e) + (e - start) * p->min_spacing;
  return w <= avail + 0.01;
}

/* The end of the line that starts at @start: the last break opportunity that fits, or,
 * when even the first unit is too long, the last character that fits (a forced cut). */
static guint
jb_linebreak_find_end(const JbLinebreakParams *p, guint start, double avail)
{
  guint best = 0;
  guint end = start + 1;
  /* jb_linebreak_fits(p, start, end, avail), kept up incrementally: @sum is the natural
   * width of [start, end), @drawn that of [start, e) with e the end without trailing
   * spaces; summed in the same order as jb_linebreak_natural, so to the same bits. */
  double sum = 0, drawn = 0;
  guint e = start;
  while (end <= p->n_chars) {
    guint i = end - 1;
    sum += p->advances[i];
    if (i > start)
      sum += jb_linebreak_between(p, i);
    if (!g_unichar_isspace(p->chars[i])) {
      drawn = sum;
      e = end;
    }
    if (e > start && drawn + (e - start) * p->min_spacing > avail + 0.01)
      break;
    if (end == p->n_chars || jb_linebreak_can_break(p->chars, p->n_chars, end))
      best = end;
    end++;
  }
  if (best > start)
    return best;
  /* Nothing breakable fits: cut at the last character that does (at least one). */
  return MAX(start + 1, end - 1);
}

static guint
jb_linebreak_skip_spaces(const JbLinebreakParams *p, guint i)
{
  while (i < p->n_chars && g_unichar_isspace(p->chars[i]))
    i++;
  return i;
}

static void
jb_linebreak_finish(const JbLinebreakParams *p, JbLine *line, gboolean last)
{
  double avail = p->measure - line->indent;
  line->end = jb_linebreak_trim(p, line->start, line->end);
  line->natural = jb_linebreak_natural(p, line->start, line->end);
  line->last = last;
  guint n = line->end - line->start;
  if (n < 2)
    line->spacing = 0;
  else if (last || !p->justify)
    line->spacing = p->min_spacing;
  else
    line->spacing = (avail - line->natural) / (n - 1);
}

/* The greedy pass: each line takes as much as fits. */
static GArray *
jb_linebreak_greedy(const JbLinebreakParams *p)
{
  GArray *lines = g_array_new(FALSE, TRUE, sizeof(JbLine));
  guint start = jb_linebreak_skip_spaces(p, 0);
  while (start < p->n_chars) {
    JbLine line = { .start = start };
    line.indent = lines->len == 0 ? p->first_indent : p->rest_indent;
    line.end = jb_linebreak_find_end(p, start, p->measure - line.indent);
    g_array_append_val(lines, line);
    start = jb_linebreak_skip_spaces(p, line.end);
  }
  return lines;
}

/* A last line holding one character alone: the line above gives it company by ending at
 * its previous break opportunity. Left as it is when no such break exists. */
static void
jb_linebreak_fix_orphan(const JbLinebreakParams *p, GArray *lines)
{
  if (lines->len < 2)
    return;
  JbLine *last = &g_array_index(lines, JbLine, lines->len - 1);
  JbLine *prev = &g_array_index(lines, JbLine, lines->len - 2);
  if (jb_linebreak_trim(p, last->start, p->n_chars) - last->start != 1)
    return;
  for (guint e = prev->end - 1; e > prev->start + 1; e--) {
    if (!jb_linebreak_can_break(p->chars, p->n_chars, e))
      continue;
    if (!jb_linebreak_fits(p, e, p->n_chars, p->measure - last->indent))
      return;
    prev->end = e;
    last->start = jb_linebreak_skip_spaces(p, e);
    return;
  }
}

/* @params with advances: its own, or asked of its width function once per character into
 * *@owned (freed by the caller). The breaker measures the same characters many times
 * over, and a callback per measure cost more than breaking. */
static JbLinebreakParams
jb_linebreak_with_advances(const JbLinebreakParams *params, double **owned)
{
  JbLinebreakParams p = *params;
  *owned = NULL;
  if (p.advances == NULL) {
    *owned = g_new(double, p.n_chars + 1);
    for (guint i = 0; i < p.n_chars; i++)
      (*owned)[i] = p.width(p.chars[i], p.data);
    p.advances = *owned;
  }
  return p;
}

static GArray *
jb_linebreak_run_measured(const JbLinebreakParams *p)
{
  GArray *lines = jb_linebreak_greedy(p);
  if (p->justify)
    jb_linebreak_fix_orphan(p, lines);
  for (guint i = 0; i < lines->len; i++) {
    JbLine *line = &g_array_index(lines, JbLine, i);
    if (i + 1 < lines->len)
      line->end = g_array_index(lines, JbLine, i + 1).start;
    else
      line->end = p->n_chars;
    jb_linebreak_finish(p, line, i + 1 == lines->len);
  }
  return lines;
}

GArray *
jb_linebreak_run(const JbLinebreakParams *params)
{
  g_return_val_if_fail(params != NULL && (params->width != NULL || params->advances != NULL), NULL);
  g_autofree double *owned = NULL;
  JbLinebreakParams p = jb_linebreak_with_advances(params, &owned);
  return jb_linebreak_run_measured(&p);
}

/* Costs of a title break, in ems: imbalance counts each line's distance from the mean
 * width; breaking inside a quotation or bracket pair cuts a name in two, between two
 * ideographs cuts a word, and a break after closing or before opening punctuation is
 * where a reader pauses anyway. */
#define JB_LINEBREAK_COST_IN_PAIR 8.0
#define JB_LINEBREAK_COST_HAN     1.0
#define JB_LINEBREAK_BONUS_PUNCT  2.0

static gboolean
jb_linebreak_is_opening(gunichar ch)
{
  GUnicodeType t = g_unichar_type(ch);
  return t == G_UNICODE_OPEN_PUNCTUATION || t == G_UNICODE_INITIAL_PUNCTUATION;
}

static gboolean
jb_linebreak_is_closing(gunichar ch)
{
  GUnicodeType t = g_unichar_type(ch);
  return t == G_UNICODE_CLOSE_PUNCTUATION || t == G_UNICODE_FINAL_PUNCTUATION ||
         (t == G_UNICODE_OTHER_PUNCTUATION && jb_issue_text_is_line_start_forbidden(ch));
}

/* The penalty of breaking before chars[@i], with @depth the number of pairs open there. */
static double
jb_linebreak_break_cost(const JbLinebreakParams *p, guint i, int depth)
{
  gunichar a = p->chars[i - 1], b = p->chars[i];
  double cost = 0;
  if (depth > 0)
    cost += JB_LINEBREAK_COST_IN_PAIR;
  if (jb_linebreak_is_ideograph(a) && jb_linebreak_is_ideograph(b))
    cost += JB_LINEBREAK_COST_HAN;
  if (jb_linebreak_is_closing(a) || jb_linebreak_is_opening(b) || g_unichar_isspace(a))
    cost -= JB_LINEBREAK_BONUS_PUNCT;
  return cost;
}

/* The drawn width of the line set from break @s to break @e. */
static double
jb_linebreak_span(const JbLinebreakParams *p, guint s, guint e)
{
  guint start = jb_linebreak_skip_spaces(p, s);
  guint end = jb_linebreak_trim(p, start, e);
  return end > start ? jb_linebreak_natural(p, start, end) + (end - start) * p->min_spacing : 0;
}

/* Splits a title into as many lines as the full measure needs, choosing among the break
 * opportunities by jb_linebreak_break_cost plus the lines' imbalance (dynamic programming
 * over the break points; titles are short). */
GArray *
jb_linebreak_balance(const JbLinebreakParams *params)
{
  g_return_val_if_fail(params != NULL && (params->width != NULL || params->advances != NULL), NULL);
  g_autofree double *owned = NULL;
  JbLinebreakParams measured = jb_linebreak_with_advances(params, &owned);
  const JbLinebreakParams *p = &measured;
  g_autoptr(GArray) full = jb_linebreak_run_measured(p);
  if (full->len < 2)
    return g_steal_pointer(&full);
  guint k = full->len, n = p->n_chars;
  /* Break candidates with their pair depth and penalty; 0 and n bound the text. */
  g_autoptr(GArray) at = g_array_new(FALSE, FALSE, sizeof(guint));
  g_autoptr(GArray) pen = g_array_new(FALSE, FALSE, sizeof(double));
  int depth = 0;
  guint zero = 0;
  double nil = 0;
  g_array_append_val(at, zero);
  g_array_append_val(pen, nil);
  for (guint i = 1; i < n; i++) {
    gunichar a = p->chars[i - 1];
    depth += jb_linebreak_is_opening(a) ? 1 : jb_linebreak_is_closing(a) && depth > 0 ? -1 : 0;
    if (!jb_linebreak_can_break(p->chars, n, i))
      continue;
    double c = jb_linebreak_break_cost(p, i, depth);
    g_array_append_val(at, i);
    g_array_append_val(pen, c);
  }
  g_array_append_val(at, n);
  g_array_append_val(pen, nil);
  guint m = at->len;
  guint drawn = 0;
  for (guint i = 0; i < n; i++)
    drawn += !g_unichar_isspace(p->chars[i]);
  double total = jb_linebreak_span(p, 0, n);
  double mean = total / k, em = total / MAX(drawn, 1);
  /* best[j * m + b]: least cost of j lines ending at candidate b; from[]: its last start. */
  g_autofree double *best = g_new(double, (k + 1) * m);
  g_autofree guint *from = g_new0(guint, (k + 1) * m);
  for (guint x = 0; x < (k + 1) * m; x++)
    best[x] = INFINITY;
  best[0] = 0;
  for (guint j = 1; j <= k; j++)
    for (guint b = 1; b < m; b++)
      for (guint a = 0; a < b; a++) {
        if (!isfinite(best[(j - 1) * m + a]))
          continue;
        guint s = g_array_index(at, guint, a), e = g_array_index(at, guint, b);
        double w = jb_linebreak_span(p, s, e);
        if (w > p->measure + 0.01 && b > a + 1)
          continue; /* a single unbreakable unit wider than the measure is let through */
        double c = best[(j - 1) * m + a] + fabs(w - mean) / em + g_array_index(pen, double, b);
        if (c < best[j * m + b]) {
          best[j * m + b] = c;
          from[j * m + b] = a;
        }
      }
  if (!isfinite(best[k * m + m - 1]))
    return g_steal_pointer(&full);
  /* Walk back from the end, then set the lines as jb_linebreak_run does. */
  GArray *lines = g_array_sized_new(FALSE, TRUE, sizeof(JbLine), k);
  g_array_set_size(lines, k);
  for (guint j = k, b = m - 1; j > 0; j--) {
    guint a = from[j * m + b];
    JbLine *line = &g_array_index(lines, JbLine, j - 1);
    line->start = jb_linebreak_skip_spaces(p, g_array_index(at, guint, a));
    line->end = g_array_index(at, guint, b);
    line->indent = j == 1 ? p->first_indent : p->rest_indent;
    b = a;
  }
  for (guint j = 0; j < k; j++)
    jb_linebreak_finish(p, &g_array_index(lines, JbLine, j), j + 1 == k);
  return lines;
}

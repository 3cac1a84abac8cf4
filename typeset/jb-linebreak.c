/* SPDX-License-Identifier: MIT
 *
 * The line breaker: Chinese text on a character grid, with the prohibition rules of W3C
 * clreq and GB/T 15834 (避头尾, from the issue module's table, which extract shares),
 * numbers and Latin words kept whole, and full lines justified by spreading the remainder
 * over the gaps. It only sees code points and a width function, so the unit tests drive
 * it without fonts.
 */
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

/* Width of chars[start, end) as set with @spacing between characters. */
static double
jb_linebreak_natural(const JbLinebreakParams *p, guint start, guint end)
{
  double w = 0;
  for (guint i = start; i < end; i++) {
    w += p->width(p->chars[i], p->data);
    if (i > start && jb_linebreak_wants_gap(p->chars[i - 1], p->chars[i]))
      w += p->latin_gap;
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
    sum += p->width(p->chars[i], p->data);
    if (i > start && jb_linebreak_wants_gap(p->chars[i - 1], p->chars[i]))
      sum += p->latin_gap;
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

GArray *
jb_linebreak_run(const JbLinebreakParams *p)
{
  g_return_val_if_fail(p != NULL && p->width != NULL, NULL);
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

/* Breaks the text at the narrowest measure that still gives as few lines as the full
 * measure does, so a title's lines come out of about equal length. */
GArray *
jb_linebreak_balance(const JbLinebreakParams *params)
{
  g_autoptr(GArray) full = jb_linebreak_run(params);
  if (full->len < 2)
    return g_steal_pointer(&full);
  JbLinebreakParams p = *params;
  double lo = jb_linebreak_natural(params, 0, params->n_chars) / full->len;
  double hi = params->measure;
  for (int iter = 0; iter < 20 && hi - lo > 0.5; iter++) {
    p.measure = (lo + hi) / 2;
    g_autoptr(GArray) trial = jb_linebreak_run(&p);
    if (trial->len <= full->len)
      hi = p.measure;
    else
      lo = p.measure;
  }
  p.measure = hi;
  return jb_linebreak_run(&p);
}

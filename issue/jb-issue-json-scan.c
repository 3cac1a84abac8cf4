// SPDX-License-Identifier: MIT
//
// A small JSON scanner that runs beside json-glib. json-glib builds the tree, but its
// syntax errors count columns in bytes and sometimes name the wrong problem, and after
// parsing it keeps no positions at all. This scanner validates the text first (giving
// the exact line:column of the first error and enforcing the nesting limit) and later
// finds where a given member sits, so that type errors can point into the file. It also
// writes JSON string literals, which the JSON writer and the Markdown writer share.
#include <string.h>

#include "jb-issue-private.h"

typedef struct {
  const char *data;
  gsize length;
  gsize pos;
  const char *filename;
  GError **error;
  gsize values; /* counted against JB_ISSUE_MAX_VALUES */
} JbJsonScan;

static gboolean jb_json_scan_value(JbJsonScan *s, int depth);

static void
jb_json_scan_ws(JbJsonScan *s)
{
  while (s->pos < s->length) {
    char c = s->data[s->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      break;
    s->pos++;
  }
}

/* Reports a syntax error at the current position; "end of file" when it is past the end. */
static gboolean
jb_json_scan_fail(JbJsonScan *s, const char *expected)
{
  if (s->pos >= s->length) {
    jb_issue_set_error_at(s->error, JB_ISSUE_ERROR_FORMAT, s->filename, s->data, s->length, s->pos,
                          "invalid JSON: unexpected end of file, expected %s", expected);
  } else {
    const char *p = s->data + s->pos;
    int n = (int)(g_utf8_next_char(p) - p);
    jb_issue_set_error_at(s->error, JB_ISSUE_ERROR_FORMAT, s->filename, s->data, s->length, s->pos,
                          "invalid JSON: unexpected '%.*s', expected %s", n, p, expected);
  }
  return FALSE;
}

static gboolean
jb_json_scan_peek(JbJsonScan *s, char c)
{
  return s->pos < s->length && s->data[s->pos] == c;
}

/* Reads the four hex digits of a \\u escape at pos (just after the 'u'); -1 if bad. */
static int
jb_json_scan_hex4(JbJsonScan *s)
{
  int value = 0;
  for (gsize i = 0; i < 4; i++) {
    if (s->pos + i >= s->length || !g_ascii_isxdigit(s->data[s->pos + i])) {
      s->pos += i;
      return -1;
    }
    value = value * 16 + g_ascii_xdigit_value(s->data[s->pos + i]);
  }
  s->pos += 4;
  return value;
}

/* A \\u escape, pos on the 'u'. UTF-16 surrogates must come in pairs: json-glib rejects a
 * lone one, and it could not become UTF-8 anyway. */
static gboolean
jb_json_scan_unicode_escape(JbJsonScan *s)
{
  gsize start = s->pos - 1;
  s->pos++;
  int unit = jb_json_scan_hex4(s);
  if (unit < 0)
    return jb_json_scan_fail(s, "four hex digits after \\u");
  if (unit >= 0xDC00 && unit <= 0xDFFF) {
    s->pos = start;
    return jb_json_scan_fail(s, "a character, not an unpaired low surrogate");
  }
  if (unit == 0) {
    s->pos = start; /* a NUL cannot live in the model's C strings */
    return jb_json_scan_fail(s, "a character other than \\u0000");
  }
  if (unit < 0xD800 || unit > 0xDBFF)
    return TRUE;
  if (s->pos + 1 < s->length && s->data[s->pos] == '\\' && s->data[s->pos + 1] == 'u') {
    s->pos += 2;
    int low = jb_json_scan_hex4(s);
    if (low >= 0xDC00 && low <= 0xDFFF)
      return TRUE;
  }
  s->pos = start;
  return jb_json_scan_fail(s, "a character, not an unpaired high surrogate");
}

static gboolean
jb_json_scan_string(JbJsonScan *s)
{
  if (!jb_json_scan_peek(s, '"'))
    return jb_json_scan_fail(s, "a string");
  s->pos++;
  while (s->pos < s->length) {
    guchar c = (guchar)s->data[s->pos];
    if (c == '"') {
      s->pos++;
      return TRUE;
    }
    if (c < 0x20)
      return jb_json_scan_fail(s, "'\"' (a line break must be written \\n)");
    if (c != '\\') {
      s->pos++;
      continue;
    }
    s->pos++;
    if (s->pos >= s->length)
      break;
    c = (guchar)s->data[s->pos];
    if (c == 'u') {
      if (!jb_json_scan_unicode_escape(s))
        return FALSE;
    } else if (strchr("\"\\/bfnrt", c) && c != '\0') {
      s->pos++;
    } else {
      return jb_json_scan_fail(s, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
    }
  }
  return jb_json_scan_fail(s, "'\"' to close the string");
}

static gsize
jb_json_scan_digits(JbJsonScan *s)
{
  gsize start = s->pos;
  while (s->pos < s->length && g_ascii_isdigit(s->data[s->pos]))
    s->pos++;
  return s->pos - start;
}

static gboolean
jb_json_scan_number(JbJsonScan *s)
{
  if (jb_json_scan_peek(s, '-'))
    s->pos++;
  if (jb_json_scan_peek(s, '0'))
    s->pos++;
  else if (jb_json_scan_digits(s) == 0)
    return jb_json_scan_fail(s, "a digit");
  if (jb_json_scan_peek(s, '.')) {
    s->pos++;
    if (jb_json_scan_digits(s) == 0)
      return jb_json_scan_fail(s, "a digit after '.'");
  }
  if (jb_json_scan_peek(s, 'e') || jb_json_scan_peek(s, 'E')) {
    s->pos++;
    if (jb_json_scan_peek(s, '+') || jb_json_scan_peek(s, '-'))
      s->pos++;
    if (jb_json_scan_digits(s) == 0)
      return jb_json_scan_fail(s, "a digit in the exponent");
  }
  return TRUE;
}

/* Scans the members or elements of an object (@close '}') or array (']'). */
static gboolean
jb_json_scan_container(JbJsonScan *s, char close, int depth)
{
  gboolean object = close == '}';
  if (depth >= JB_ISSUE_MAX_DEPTH) {
    jb_issue_set_error_at(s->error, JB_ISSUE_ERROR_LIMIT, s->filename, s->data, s->length, s->pos,
                          "JSON nested deeper than %d levels", JB_ISSUE_MAX_DEPTH);
    return FALSE;
  }
  s->pos++;
  jb_json_scan_ws(s);
  if (jb_json_scan_peek(s, close)) {
    s->pos++;
    return TRUE;
  }
  for (;;) {
    if (object) {
      if (!jb_json_scan_string(s))
        return FALSE;
      jb_json_scan_ws(s);
      if (!jb_json_scan_peek(s, ':'))
        return jb_json_scan_fail(s, "':' after the member name");
      s->pos++;
      jb_json_scan_ws(s);
    }
    if (!jb_json_scan_value(s, depth + 1))
      return FALSE;
    jb_json_scan_ws(s);
    if (jb_json_scan_peek(s, close)) {
      s->pos++;
      return TRUE;
    }
    if (!jb_json_scan_peek(s, ','))
      return jb_json_scan_fail(s, object ? "',' or '}'" : "',' or ']'");
    s->pos++;
    jb_json_scan_ws(s);
    if (jb_json_scan_peek(s, close))
      return jb_json_scan_fail(s, object ? "a member (no comma before '}')"
                                         : "a value (no comma before ']')");
  }
}

static gboolean
jb_json_scan_literal(JbJsonScan *s, const char *word)
{
  gsize n = strlen(word);
  if (s->length - s->pos < n || memcmp(s->data + s->pos, word, n) != 0)
    return jb_json_scan_fail(s, "a value");
  s->pos += n;
  return TRUE;
}

static gboolean
jb_json_scan_value(JbJsonScan *s, int depth)
{
  jb_json_scan_ws(s);
  if (s->pos >= s->length)
    return jb_json_scan_fail(s, "a value");
  if (++s->values > JB_ISSUE_MAX_VALUES) {
    jb_issue_set_error_at(s->error, JB_ISSUE_ERROR_LIMIT, s->filename, s->data, s->length, s->pos,
                          "more than %d JSON values", JB_ISSUE_MAX_VALUES);
    return FALSE;
  }
  char c = s->data[s->pos];
  switch (c) {
  case '{':
    return jb_json_scan_container(s, '}', depth);
  case '[':
    return jb_json_scan_container(s, ']', depth);
  case '"':
    return jb_json_scan_string(s);
  case 't':
    return jb_json_scan_literal(s, "true");
  case 'f':
    return jb_json_scan_literal(s, "false");
  case 'n':
    return jb_json_scan_literal(s, "null");
  default:
    if (c == '-' || g_ascii_isdigit(c))
      return jb_json_scan_number(s);
    return jb_json_scan_fail(s, "a value");
  }
}

gboolean
jb_issue_json_scan(const char *data, gsize length, const char *filename, GError **error)
{
  JbJsonScan s = { data, length, 0, filename, error, 0 };
  if (!jb_json_scan_value(&s, 0))
    return FALSE;
  jb_json_scan_ws(&s);
  if (s.pos < s.length)
    return jb_json_scan_fail(&s, "the end of the file after the top-level value");
  return TRUE;
}

/* Skips a value of already valid JSON, without recursion. */
static void
jb_json_skip_value(JbJsonScan *s)
{
  int depth = 0;
  for (;;) {
    jb_json_scan_ws(s);
    if (s->pos >= s->length)
      return;
    char c = s->data[s->pos];
    if (depth == 0 && (c == ',' || c == '}' || c == ']'))
      return;
    if (c == '"') {
      jb_json_scan_string(s);
    } else if (c == '{' || c == '[') {
      depth++;
      s->pos++;
    } else if (c == '}' || c == ']') {
      s->pos++;
      if (--depth == 0)
        return;
    } else {
      s->pos++; /* ':' ',' and scalar characters */
    }
  }
}

/* Whether the string token at the current position equals @key (escapes decoded). */
static gboolean
jb_json_key_matches(JbJsonScan *s, const char *key, JbJsonKeyEqualFunc key_equal)
{
  gsize start = s->pos;
  jb_json_scan_string(s);
  if (s->pos < start + 2) /* unterminated string: the scanner stopped at the end */
    return FALSE;
  const char *raw = s->data + start + 1;
  gsize n = s->pos - start - 2;
  if (!memchr(raw, '\\', n))
    return strlen(key) == n && memcmp(raw, key, n) == 0;
  return key_equal(s->data + start, n + 2, key);
}

/* Moves to the value of member @key (or element @index) of the container at pos. */
static gboolean
jb_json_locate_step(JbJsonScan *s, const char *key, guint index, JbJsonKeyEqualFunc key_equal)
{
  jb_json_scan_ws(s);
  if (!jb_json_scan_peek(s, key ? '{' : '['))
    return FALSE;
  s->pos++;
  for (guint i = 0;; i++) {
    jb_json_scan_ws(s);
    if (s->pos >= s->length || s->data[s->pos] == '}' || s->data[s->pos] == ']')
      return FALSE;
    gboolean hit = key ? jb_json_key_matches(s, key, key_equal) : i == index;
    if (key) {
      jb_json_scan_ws(s);
      s->pos++; /* ':' */
    }
    jb_json_scan_ws(s);
    if (hit)
      return TRUE;
    jb_json_skip_value(s);
    jb_json_scan_ws(s);
    if (jb_json_scan_peek(s, ','))
      s->pos++;
  }
}

gboolean
jb_issue_json_locate(const char *data, gsize length, const JbJsonPath *path,
                     JbJsonKeyEqualFunc key_equal, gsize *offset)
{
  JbJsonScan s = { data, length, 0, NULL, NULL, 0 };
  for (int i = 0; i < path->depth; i++)
    if (!jb_json_locate_step(&s, path->key[i], path->index[i], key_equal))
      return FALSE;
  jb_json_scan_ws(&s);
  *offset = s.pos;
  return TRUE;
}

void
jb_issue_json_write_string(GString *out, const char *text)
{
  g_string_append_c(out, '"');
  for (const char *p = text; *p; p++) {
    guchar c = (guchar)*p;
    switch (c) {
    case '"':
      g_string_append(out, "\\\"");
      break;
    case '\\':
      g_string_append(out, "\\\\");
      break;
    case '\n':
      g_string_append(out, "\\n");
      break;
    case '\t':
      g_string_append(out, "\\t");
      break;
    case '\r':
      g_string_append(out, "\\r");
      break;
    default:
      if (c < 0x20)
        g_string_append_printf(out, "\\u%04x", c);
      else
        g_string_append_c(out, (char)c);
    }
  }
  g_string_append_c(out, '"');
}

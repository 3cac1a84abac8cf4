// SPDX-License-Identifier: MIT
// 'jianbao fonts': shows which font draws each role on this machine (family, file, face
// index, official or substitute, the notes gathered while resolving) and, given an issue,
// every character that a fallback font draws and every character nothing can draw. The
// characters go to the roles typeset gives them, so what this reports is what prints.
#include <stdio.h>
#include <string.h>

#include "jb-cli.h"
#include "jianbao.h"

/* Where a character of the issue was first seen, and under which role. */
typedef struct {
  gunichar ch;
  JbFontRole role;
  char *where;
  guint count;
} JbCliFontsUse;

typedef struct {
  JbFontSet *fonts; /* decides which role draws each character, as typeset asks it */
  GHashTable *uses; /* guint64 (role << 32 | ch) → JbCliFontsUse* (borrowed) */
  GPtrArray *order; /* JbCliFontsUse* in first-seen order (owned) */
} JbCliFontsChars;

static void
jb_cli_fonts_use_free(JbCliFontsUse *use)
{
  g_free(use->where);
  g_free(use);
}

/* Records every character of @text under the role that draws it in @role's text (Latin
 * characters under latin, as typeset does); @where describes the text, "offset" counts
 * characters from 0. */
static void
jb_cli_fonts_add_text(JbCliFontsChars *chars, const char *text, JbFontRole role, const char *where)
{
  if (!text)
    return;
  glong offset = 0;
  for (const char *p = text; *p; p = g_utf8_next_char(p), offset++) {
    gunichar ch = g_utf8_get_char(p);
    if (ch == ' ' || ch == '\n' || ch == '\t')
      continue;
    JbFontRole r = jb_font_set_role_for_char(chars->fonts, role, ch);
    guint64 key = ((guint64)r << 32) | ch;
    JbCliFontsUse *use = g_hash_table_lookup(chars->uses, &key);
    if (!use) {
      use = g_new0(JbCliFontsUse, 1);
      use->ch = ch;
      use->role = r;
      use->where = g_strdup_printf("%s, offset %ld", where, offset);
      g_ptr_array_add(chars->order, use);
      guint64 *stored = g_new(guint64, 1);
      *stored = key;
      g_hash_table_insert(chars->uses, stored, use);
    }
    use->count++;
  }
}

static void
jb_cli_fonts_add_articles(JbCliFontsChars *chars, const JbIssue *issue)
{
  for (guint a = 0; a < issue->articles->len; a++) {
    const JbArticle *article = g_ptr_array_index(issue->articles, a);
    for (guint i = 0; i < article->title->len; i++) {
      g_autofree char *where = g_strdup_printf("article %u, title line %u", a + 1, i + 1);
      jb_cli_fonts_add_text(chars, g_ptr_array_index(article->title, i), JB_FONT_ROLE_TITLE, where);
    }
    for (guint i = 0; i < article->paragraphs->len; i++) {
      g_autofree char *where = g_strdup_printf("article %u, paragraph %u", a + 1, i + 1);
      jb_cli_fonts_add_text(chars, g_ptr_array_index(article->paragraphs, i), JB_FONT_ROLE_BODY,
                            where);
    }
  }
}

static void
jb_cli_fonts_add_distribution(JbCliFontsChars *chars, const JbIssue *issue)
{
  for (guint b = 0; b < issue->distribution->len; b++) {
    const JbDistribution *block = g_ptr_array_index(issue->distribution, b);
    g_autofree char *label = g_strdup_printf("%s：", block->label ? block->label : "");
    g_autofree char *where = g_strdup_printf("distribution %u, label", b + 1);
    jb_cli_fonts_add_text(chars, label, JB_FONT_ROLE_BODY, where);
    for (guint i = 0; i < block->recipients->len; i++) {
      g_autofree char *at = g_strdup_printf("distribution %u, recipient %u", b + 1, i + 1);
      jb_cli_fonts_add_text(chars, g_ptr_array_index(block->recipients, i), JB_FONT_ROLE_BODY, at);
    }
  }
}

/* Every character typeset will draw for @issue, under the role it draws it in: the text
 * itself plus what typeset adds (issue line, Chinese date, page numbers, separators). */
static void
jb_cli_fonts_collect(JbCliFontsChars *chars, const JbIssue *issue)
{
  for (guint i = 0; i < issue->masthead->len; i++) {
    g_autofree char *where = g_strdup_printf("masthead line %u", i + 1);
    jb_cli_fonts_add_text(chars, g_ptr_array_index(issue->masthead, i), JB_FONT_ROLE_MASTHEAD,
                          where);
  }
  g_autofree char *issue_line = jb_issue_format_issue_line(issue);
  jb_cli_fonts_add_text(chars, issue_line, JB_FONT_ROLE_BODY, "issue line");
  jb_cli_fonts_add_text(chars, issue->editor, JB_FONT_ROLE_BODY, "editor");
  g_autofree char *date = issue->date ? jb_issue_date_format_chinese(issue->date) : NULL;
  jb_cli_fonts_add_text(chars, date ? date : issue->date, JB_FONT_ROLE_BODY, "date");
  jb_cli_fonts_add_articles(chars, issue);
  for (guint i = 0; i < issue->briefs->len; i++) {
    g_autofree char *where = g_strdup_printf("brief %u", i + 1);
    jb_cli_fonts_add_text(chars, g_ptr_array_index(issue->briefs, i), JB_FONT_ROLE_BODY, where);
  }
  jb_cli_fonts_add_distribution(chars, issue);
  jb_cli_fonts_add_text(chars, "— 0123456789 —", JB_FONT_ROLE_PAGE_NUMBER, "page numbers");
}

static const char *
jb_cli_fonts_kind(JbFontFace *face)
{
  if (jb_font_face_is_override(face))
    return "override";
  return jb_font_face_is_official(face) ? "official" : "substitute";
}

static void
jb_cli_fonts_print_roles(JbFontSet *set)
{
  printf("Role         Font                        Kind        File\n");
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    for (guint i = 0; i < jb_font_set_chain_length(set, r); i++) {
      JbFontFace *face = jb_font_set_peek_face(set, r, i);
      printf("%-12s %-27s %-11s %s:%d%s\n", i == 0 ? jb_font_role_name(r) : "  then",
             jb_font_face_peek_family(face), jb_cli_fonts_kind(face), jb_font_face_peek_file(face),
             jb_font_face_get_index(face),
             jb_font_face_wants_bold(face) ? " (synthetic bold)" : "");
    }
  }
}

static void
jb_cli_fonts_print_notes(JbFontSet *set)
{
  const GPtrArray *notes = jb_font_set_peek_notes(set);
  if (notes->len == 0)
    return;
  printf("\nNotes:\n");
  for (guint i = 0; i < notes->len; i++)
    printf("  %s\n", (const char *)g_ptr_array_index(notes, i));
}

static void
jb_cli_fonts_format_char(gunichar ch, char out[8])
{
  gint n = g_unichar_isgraph(ch) ? g_unichar_to_utf8(ch, out) : 0;
  out[n] = '\0';
}

/* Prints the characters not drawn by their role's first font; returns how many characters
 * no font has, with the first of them in @first_missing. */
static guint
jb_cli_fonts_print_chars(JbFontSet *set, JbCliFontsChars *chars, JbCliFontsUse **first_missing)
{
  guint fallbacks = 0, missing = 0;
  for (guint i = 0; i < chars->order->len; i++) {
    JbCliFontsUse *use = g_ptr_array_index(chars->order, i);
    JbFontFace *face = jb_font_set_lookup_face(set, use->role, use->ch);
    if (face == jb_font_set_peek_face(set, use->role, 0))
      continue;
    char text[8];
    jb_cli_fonts_format_char(use->ch, text);
    if (fallbacks + missing == 0)
      printf("\nCharacters not drawn by their role's first font:\n");
    if (face) {
      fallbacks++;
      printf("  U+%04X %s  %-11s → %s (%s:%d)  first at %s, %u×\n", use->ch, text,
             jb_font_role_name(use->role), jb_font_face_peek_family(face),
             jb_font_face_peek_file(face), jb_font_face_get_index(face), use->where, use->count);
    } else {
      if (missing++ == 0)
        *first_missing = use;
      printf("  U+%04X %s  %-11s → NO FONT  at %s, %u×\n", use->ch, text,
             jb_font_role_name(use->role), use->where, use->count);
    }
  }
  printf("\n%u distinct characters; %u drawn by a fallback font, %u by no installed font\n",
         chars->order->len, fallbacks, missing);
  return missing;
}

/* Loads @path and reports its characters; FALSE with an error when any cannot be drawn. */
static gboolean
jb_cli_fonts_check_issue(JbFontSet *set, const char *path, GError **error)
{
  g_autoptr(JbIssue) issue = jb_issue_load(path, JB_ISSUE_SYNTAX_UNKNOWN, error);
  if (!issue)
    return FALSE;
  JbCliFontsChars chars = {
    set,
    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
    g_ptr_array_new_with_free_func((GDestroyNotify)jb_cli_fonts_use_free),
  };
  jb_cli_fonts_collect(&chars, issue);
  JbCliFontsUse *first = NULL;
  guint missing = jb_cli_fonts_print_chars(set, &chars, &first);
  if (missing > 0)
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND,
                "%s: %u character%s no installed font can draw; first U+%04X at %s", path, missing,
                missing == 1 ? "" : "s", first->ch, first->where);
  g_hash_table_destroy(chars.uses);
  g_ptr_array_unref(chars.order);
  return missing == 0;
}

int
jb_cli_fonts(int argc, char **argv)
{
  g_auto(GStrv) fonts = NULL;
  g_autofree char *config = NULL;
  GOptionEntry entries[] = {
    { "font", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &fonts,
      "Use a family or file for a role (repeatable)", "ROLE=FAMILY|FILE[:INDEX]" },
    { "font-config", 0, 0, G_OPTION_ARG_FILENAME, &config,
      "Read role=value lines from the [fonts] group of FILE", "FILE" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new("[ISSUE.md|ISSUE.json]");
  g_option_context_set_summary(
      context, "Shows the font of each role (masthead, title, body, heading-1, heading-2, "
               "latin, page-number)\nand, for an issue, the characters drawn by a fallback font "
               "or by none.\nExit status 2 when a character of the issue has no font.");
  g_option_context_add_main_entries(context, entries, NULL);
  if (!jb_cli_parse(context, &argc, &argv))
    return 2;
  if (argc > 2) {
    fprintf(stderr, "jianbao: fonts takes at most one issue file\n");
    return 2;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(JbFontSet) set = jb_font_set_new_cached((const char *const *)fonts, config,
                                                    jb_font_cache_peek_default_file(), &error);
  if (!set)
    return jb_cli_report_error(error);
  jb_cli_fonts_print_roles(set);
  if (argc == 2 && !jb_cli_fonts_check_issue(set, argv[1], &error)) {
    jb_cli_fonts_print_notes(set);
    return jb_cli_report_error(error);
  }
  jb_cli_fonts_print_notes(set);
  return 0;
}

// SPDX-License-Identifier: MIT
// Font roles and their resolution: each role (masthead, body, …) has a preference chain of
// family names, official fonts first and free ones after, which fontconfig resolves to
// TrueType files on this machine; user overrides (--font, the config file) go in front.
// Characters no chain covers are looked up once in every installed font (fontconfig
// charsets). fontconfig itself is loaded only when an answer is not in the font cache
// (jb-fonts-cache.c). Metrics live in jb-fonts-face.c, subsets in jb-fonts-subset.c.
#include <stdlib.h>
#include <string.h>

#include "fonts-private.h"

G_DEFINE_QUARK(jb - fonts - error - quark, jb_fonts_error)

typedef struct {
  const char *family;
  gboolean official;
  gboolean bold; /* no bold face of its own: typeset fills and strokes it */
} JbFontChoice;

static const JbFontChoice jb_fonts_chain_title[] = {
  { "方正小标宋简体", TRUE, FALSE },
  { "FZXiaoBiaoSong-B05S", TRUE, FALSE },
  { "AR PL SungtiL GB", FALSE, TRUE },
  { "WenQuanYi Zen Hei", FALSE, FALSE },
  { NULL, FALSE, FALSE },
};

static const JbFontChoice jb_fonts_chain_body[] = {
  { "仿宋_GB2312", TRUE, FALSE },        { "FangSong_GB2312", TRUE, FALSE },
  { "FangSong", TRUE, FALSE },           { "仿宋", TRUE, FALSE },
  { "AR PL SungtiL GB", FALSE, FALSE },  { "AR PL UMing CN", FALSE, FALSE },
  { "WenQuanYi Zen Hei", FALSE, FALSE }, { NULL, FALSE, FALSE },
};

static const JbFontChoice jb_fonts_chain_heading1[] = {
  { "黑体", TRUE, FALSE },
  { "SimHei", TRUE, FALSE },
  { "WenQuanYi Zen Hei", FALSE, FALSE },
  { NULL, FALSE, FALSE },
};

static const JbFontChoice jb_fonts_chain_heading2[] = {
  { "楷体_GB2312", TRUE, FALSE },
  { "KaiTi_GB2312", TRUE, FALSE },
  { "KaiTi", TRUE, FALSE },
  { "楷体", TRUE, FALSE },
  { "AR PL KaitiM GB", FALSE, FALSE },
  { "AR PL UKai CN", FALSE, FALSE },
  { "LXGW WenKai", FALSE, FALSE },
  { NULL, FALSE, FALSE },
};

static const JbFontChoice jb_fonts_chain_latin[] = {
  { "Times New Roman", TRUE, FALSE },
  { "Liberation Serif", FALSE, FALSE },
  { NULL, FALSE, FALSE },
};

/* GB/T 9704 asks for half-width Song digits; gbsn00lp's are half-width (512/1024). */
static const JbFontChoice jb_fonts_chain_page_number[] = {
  { "宋体", TRUE, FALSE },
  { "SimSun", TRUE, FALSE },
  { "AR PL SungtiL GB", FALSE, FALSE },
  { "Liberation Serif", FALSE, FALSE },
  { NULL, FALSE, FALSE },
};

static const struct {
  const char *name;
  const JbFontChoice *chain;
} jb_fonts_roles[JB_FONT_ROLE_COUNT] = {
  [JB_FONT_ROLE_MASTHEAD] = { "masthead", jb_fonts_chain_title },
  [JB_FONT_ROLE_TITLE] = { "title", jb_fonts_chain_title },
  [JB_FONT_ROLE_BODY] = { "body", jb_fonts_chain_body },
  [JB_FONT_ROLE_HEADING1] = { "heading-1", jb_fonts_chain_heading1 },
  [JB_FONT_ROLE_HEADING2] = { "heading-2", jb_fonts_chain_heading2 },
  [JB_FONT_ROLE_LATIN] = { "latin", jb_fonts_chain_latin },
  [JB_FONT_ROLE_PAGE_NUMBER] = { "page-number", jb_fonts_chain_page_number },
};

/* Where the lazy resolution of one role's default chain stands: typeset needs only each
 * chain's first installed face unless a character misses it, and resolving a family
 * costs a fontconfig query, so the rest is resolved when first needed. */
typedef struct {
  const JbFontChoice *next; /* the next default choice to resolve; NULL when done */
  gboolean have_official;
  GString *missing; /* official families not installed */
  GPtrArray *notes; /* utf8: what resolving this role's chain skipped */
  char *official_note;
} JbFontsProgress;

struct _JbFontSet {
  FT_Library ft;
  FcConfig *fc;           /* NULL until something needs it: jb_fonts_set_peek_fc() */
  gboolean fc_tried;      /* fontconfig was asked to load (fc NULL then means it failed) */
  char *cache_file;       /* (nullable): where answers are remembered between runs */
  char *cache_stamp;      /* (nullable): the stamp of the valid cache file that was read */
  GPtrArray *unconfirmed; /* (nullable): its stat lines, to check in jb_font_set_confirm */
  gboolean stale;         /* jb_font_set_confirm found them changed */
  char *fc_stamp;         /* (nullable): the stamp when fontconfig was loaded (with a cache) */
  gboolean cache_dirty;   /* fontconfig gave answers that the cache file lacks */
  GHashTable *sources;    /* "file\nindex" → JbFontSource* (owned) */
  GPtrArray *chains[JB_FONT_ROLE_COUNT]; /* JbFontFace* (owned) */
  JbFontsProgress progress[JB_FONT_ROLE_COUNT];
  GHashTable *families;      /* family → JbFontsAnswer* (owned): cached or fontconfig's */
  GPtrArray *extras;         /* JbFontFace* found by charset (owned) */
  GHashTable *uncovered;     /* characters no installed font has */
  GPtrArray *fallback_notes; /* utf8: notes of the charset search */
  GPtrArray *notes;          /* utf8: every note, in role order, then fallback ones */
};

/* One user override, with where it came from for error messages. */
typedef struct {
  char *value;
  char *origin; /* "--font body=…" or "file:line" */
} JbFontOverride;

const char *
jb_font_role_name(JbFontRole role)
{
  g_return_val_if_fail(role < JB_FONT_ROLE_COUNT, NULL);
  return jb_fonts_roles[role].name;
}

gboolean
jb_font_role_from_name(const char *name, JbFontRole *role)
{
  g_return_val_if_fail(name != NULL, FALSE);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++)
    if (strcmp(name, jb_fonts_roles[r].name) == 0) {
      if (role)
        *role = (JbFontRole)r;
      return TRUE;
    }
  return FALSE;
}

static void
jb_fonts_face_free(JbFontFace *face)
{
  g_free(face->family);
  g_free(face);
}

static void
jb_fonts_notes_add(GPtrArray *notes, char *note)
{
  for (guint i = 0; i < notes->len; i++)
    if (strcmp(g_ptr_array_index(notes, i), note) == 0) {
      g_free(note);
      return;
    }
  g_ptr_array_add(notes, note);
}

/* fontconfig's configuration, loaded the first time an answer is needed that the cache
 * lacks: loading it parses every config file and maps every font cache (8–9 ms, most of
 * a warm `jianbao typeset`). With a cache, the stamp is taken right after loading, so it
 * describes the state the answers come from. NULL when fontconfig cannot load; callers
 * then find nothing and jb_fonts_set_resolve() says why. */
static FcConfig *
jb_fonts_set_peek_fc(JbFontSet *set)
{
  if (set->fc_tried)
    return set->fc;
  set->fc_tried = TRUE;
  set->fc = FcConfigReference(NULL);
  if (set->fc && set->cache_file)
    set->fc_stamp = jb_fonts_cache_stamp_new(set->fc);
  return set->fc;
}

gboolean
jb_fonts_set_used_fontconfig(JbFontSet *set)
{
  return set->fc_tried;
}

void
jb_fonts_answer_free(JbFontsAnswer *answer)
{
  if (!answer)
    return;
  g_free(answer->file);
  g_free(answer->format);
  g_free(answer);
}

/* The set's one copy of @file's face @index: no file is parsed twice per set. With @lazy
 * (a file fontconfig found to be TrueType) it is opened only when first used; else now,
 * so that a bad file is an error here. */
static JbFontSource *
jb_fonts_set_source(JbFontSet *set, const char *file, int index, gboolean lazy, GError **error)
{
  g_autofree char *key = g_strdup_printf("%s\n%d", file, index);
  JbFontSource *source = g_hash_table_lookup(set->sources, key);
  if (source) {
    if (lazy || jb_fonts_source_ft(source))
      return source;
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_UNSUPPORTED, "%s: cannot open the font",
                file);
    return NULL;
  }
  source = lazy ? jb_fonts_source_new_lazy(set->ft, file, index)
                : jb_fonts_source_open(set->ft, file, index, error);
  if (source)
    g_hash_table_insert(set->sources, g_steal_pointer(&key), source);
  return source;
}

/* Family names compare as fontconfig compares them: ignoring ASCII case and blanks. */
static gboolean
jb_fonts_family_equal(const char *a, const char *b)
{
  for (;;) {
    while (*a == ' ')
      a++;
    while (*b == ' ')
      b++;
    if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
      return FALSE;
    if (*a == '\0')
      return TRUE;
    a++;
    b++;
  }
}

static gboolean
jb_fonts_pattern_has_family(FcPattern *pattern, const char *family)
{
  FcChar8 *name = NULL;
  for (int i = 0; FcPatternGetString(pattern, FC_FAMILY, i, &name) == FcResultMatch; i++)
    if (jb_fonts_family_equal((const char *)name, family))
      return TRUE;
  return FALSE;
}

static char *
jb_fonts_pattern_dup_string(FcPattern *pattern, const char *object)
{
  FcChar8 *value = NULL;
  if (FcPatternGetString(pattern, object, 0, &value) != FcResultMatch)
    return NULL;
  return g_strdup((const char *)value);
}

/* Asks fontconfig for @family (lang zh-cn). fontconfig always answers with *some* font,
 * so the answer counts only when one of its family names is @family. Returns the matched
 * pattern (owned) or NULL; @offered gets the family fontconfig substituted. */
static FcPattern *
jb_fonts_set_match_family(JbFontSet *set, const char *family, char **offered)
{
  FcConfig *fc = jb_fonts_set_peek_fc(set);
  if (!fc)
    return NULL;
  FcPattern *pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)family);
  FcPatternAddString(pattern, FC_LANG, (const FcChar8 *)"zh-cn");
  FcConfigSubstitute(fc, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern *match = FcFontMatch(fc, pattern, &result);
  FcPatternDestroy(pattern);
  if (match && jb_fonts_pattern_has_family(match, family))
    return match;
  if (offered)
    *offered = match ? jb_fonts_pattern_dup_string(match, FC_FAMILY) : NULL;
  if (match)
    FcPatternDestroy(match);
  return NULL;
}

/* How far @font is from a regular upright face of normal width (0 is regular). */
static int
jb_fonts_pattern_distance(FcPattern *font)
{
  int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL;
  FcPatternGetInteger(font, FC_WEIGHT, 0, &weight);
  FcPatternGetInteger(font, FC_SLANT, 0, &slant);
  FcPatternGetInteger(font, FC_WIDTH, 0, &width);
  return abs(weight - FC_WEIGHT_REGULAR) * 1000 + abs(slant - FC_SLANT_ROMAN) * 100 +
         abs(width - FC_WIDTH_NORMAL);
}

/* @pattern's file, face index and format as an answer; (transfer full). */
static JbFontsAnswer *
jb_fonts_answer_from_pattern(FcPattern *pattern)
{
  JbFontsAnswer *answer = g_new0(JbFontsAnswer, 1);
  if (!pattern)
    return answer;
  answer->file = jb_fonts_pattern_dup_string(pattern, FC_FILE);
  answer->format = jb_fonts_pattern_dup_string(pattern, FC_FONTFORMAT);
  FcPatternGetInteger(pattern, FC_INDEX, 0, &answer->index);
  return answer;
}

/* The installed face of @family (one of the default chains' names): the regular face
 * among the fonts that carry the name, as FcFontMatch would pick it, found with
 * FcFontList, which (unlike FcFontMatch) neither runs the configuration's substitution
 * rules nor scores every installed font. Answers, "not installed" included, are kept per
 * family (several roles name the same ones) and come from the font cache when it holds
 * them; a new one marks the cache for rewriting. Returns: (transfer none), file NULL when
 * @family is not installed (or fontconfig cannot load). */
static const JbFontsAnswer *
jb_fonts_set_list_family(JbFontSet *set, const char *family)
{
  JbFontsAnswer *answer = g_hash_table_lookup(set->families, family);
  if (answer)
    return answer;
  FcConfig *fc = jb_fonts_set_peek_fc(set);
  if (!fc) {
    answer = g_new0(JbFontsAnswer, 1);
    g_hash_table_insert(set->families, g_strdup(family), answer);
    return answer;
  }
  FcPattern *pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)family);
  FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_FONTFORMAT, FC_WEIGHT,
                                          FC_SLANT, FC_WIDTH, NULL);
  FcFontSet *fonts = FcFontList(fc, pattern, objects);
  FcObjectSetDestroy(objects);
  FcPatternDestroy(pattern);
  FcPattern *best = NULL;
  int best_distance = G_MAXINT;
  for (int i = 0; fonts && i < fonts->nfont; i++) {
    int distance = jb_fonts_pattern_distance(fonts->fonts[i]);
    if (jb_fonts_pattern_has_family(fonts->fonts[i], family) && distance < best_distance) {
      best = fonts->fonts[i];
      best_distance = distance;
    }
  }
  answer = jb_fonts_answer_from_pattern(best);
  if (fonts)
    FcFontSetDestroy(fonts);
  g_hash_table_insert(set->families, g_strdup(family), answer);
  set->cache_dirty = TRUE;
  return answer;
}

static gboolean
jb_fonts_pattern_is_truetype(FcPattern *pattern)
{
  g_autofree char *format = jb_fonts_pattern_dup_string(pattern, FC_FONTFORMAT);
  return format && strcmp(format, "TrueType") == 0;
}

/* A user's family through FcFontMatch; NULL with NOT_FOUND naming the substitute. */
static JbFontsAnswer *
jb_fonts_set_match_user_family(JbFontSet *set, const char *family, GError **error)
{
  g_autofree char *offered = NULL;
  FcPattern *match = jb_fonts_set_match_family(set, family, &offered);
  if (!match) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND,
                "no installed font family '%s' (fontconfig would substitute '%s')", family,
                offered ? offered : "nothing");
    return NULL;
  }
  JbFontsAnswer *answer = jb_fonts_answer_from_pattern(match);
  FcPatternDestroy(match);
  if (!answer->file) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND,
                "fontconfig names no file for '%s'", family);
    jb_fonts_answer_free(answer);
    return NULL;
  }
  return answer;
}

static JbFontFace *
jb_fonts_face_new(JbFontSource *source, const char *family, JbFontRole role)
{
  JbFontFace *face = g_new0(JbFontFace, 1);
  face->source = source;
  face->family = g_strdup(family);
  if (role >= JB_FONT_ROLE_COUNT)
    return face;
  for (const JbFontChoice *c = jb_fonts_roles[role].chain; c->family; c++)
    if (jb_fonts_family_equal(c->family, family)) {
      face->official = c->official;
      face->wants_bold = c->bold;
    }
  return face;
}

/* Resolves @family to a face for @role: a user's family through FcFontMatch (whose
 * substitute names the error), a default chain's through jb_fonts_set_list_family().
 * NULL with NOT_FOUND when it is not installed, UNSUPPORTED when it has CFF outlines, or
 * the error of opening it. */
static JbFontFace *
jb_fonts_set_resolve_family(JbFontSet *set, JbFontRole role, const char *family, gboolean from_user,
                            GError **error)
{
  g_autoptr(JbFontsAnswer) owned =
      from_user ? jb_fonts_set_match_user_family(set, family, error) : NULL;
  const JbFontsAnswer *found = from_user ? owned : jb_fonts_set_list_family(set, family);
  if (!found)
    return NULL;
  if (!found->file) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND, "no installed font family '%s'",
                family);
    return NULL;
  }
  if (g_strcmp0(found->format, "TrueType") != 0) {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_UNSUPPORTED,
                "'%s' (%s) has %s outlines; libharu 2.3.0 embeds TrueType (glyf) fonts only",
                family, found->file, found->format ? found->format : "non-TrueType");
    return NULL;
  }
  /* What the user names is opened now, so that a bad file is reported; the default
   * chains' faces when first used. */
  JbFontSource *source = jb_fonts_set_source(set, found->file, found->index, !from_user, error);
  return source ? jb_fonts_face_new(source, family, role) : NULL;
}

static gboolean
jb_fonts_chain_has_source(GPtrArray *chain, JbFontSource *source)
{
  for (guint i = 0; i < chain->len; i++)
    if (((JbFontFace *)g_ptr_array_index(chain, i))->source == source)
      return TRUE;
  return FALSE;
}

static void
jb_fonts_chain_add(GPtrArray *chain, JbFontFace *face)
{
  if (jb_fonts_chain_has_source(chain, face->source))
    jb_fonts_face_free(face); /* e.g. 仿宋 and FangSong naming one file */
  else
    g_ptr_array_add(chain, face);
}

/* The note for a role whose official fonts are all missing; due once the first free
 * face is found (official choices come first in every chain) or the chain is done. */
static void
jb_fonts_progress_note_official(JbFontsProgress *p, const char *name)
{
  if (p->have_official || p->missing->len == 0 || p->official_note)
    return;
  p->official_note = g_strdup_printf("%s: official font not installed (%s); using a free "
                                     "substitute",
                                     name, p->missing->str);
}

/* Resolves more of @role's default chain: until a face is added to the chain, or to its
 * end when @all. Missing families are skipped; CFF ones and files FreeType cannot open
 * are skipped with a note. */
static void
jb_fonts_set_resolve_defaults(JbFontSet *set, JbFontRole role, gboolean all)
{
  JbFontsProgress *p = &set->progress[role];
  GPtrArray *chain = set->chains[role];
  const char *name = jb_fonts_roles[role].name;
  while (p->next && p->next->family) {
    const JbFontChoice *c = p->next++;
    g_autoptr(GError) local = NULL;
    JbFontFace *face = jb_fonts_set_resolve_family(set, role, c->family, FALSE, &local);
    if (face) {
      p->have_official = p->have_official || face->official;
      guint before = chain->len;
      jb_fonts_chain_add(chain, face);
      if (!all && chain->len > before) {
        jb_fonts_progress_note_official(p, name);
        return;
      }
      continue;
    }
    if (c->official)
      g_string_append_printf(p->missing, "%s%s", p->missing->len ? ", " : "", c->family);
    if (!g_error_matches(local, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND))
      jb_fonts_notes_add(p->notes, g_strdup_printf("%s: skipped %s", name, local->message));
  }
  p->next = NULL;
  jb_fonts_progress_note_official(p, name);
}

static void
jb_fonts_set_resolve_all(JbFontSet *set)
{
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++)
    jb_fonts_set_resolve_defaults(set, r, TRUE);
}

/* "path.ttc:1" → path and index; a value without a numeric tail is index 0. */
static char *
jb_fonts_split_path(const char *value, int *index)
{
  const char *colon = strrchr(value, ':');
  *index = 0;
  if (!colon || colon[1] == '\0' || strspn(colon + 1, "0123456789") != strlen(colon + 1))
    return g_strdup(value);
  guint64 n = 0;
  if (!g_ascii_string_to_unsigned(colon + 1, 10, 0, G_MAXINT, &n, NULL))
    return g_strdup(value);
  *index = (int)n;
  return g_strndup(value, colon - value);
}

static gboolean
jb_fonts_value_is_path(const char *value)
{
  return strchr(value, '/') != NULL || g_str_has_suffix(value, ".ttf") ||
         g_str_has_suffix(value, ".ttc") || g_str_has_suffix(value, ".otf") ||
         strstr(value, ".ttc:") != NULL || strstr(value, ".ttf:") != NULL;
}

/* The face a user override names: a family (through fontconfig) or a file[:index]. */
static JbFontFace *
jb_fonts_set_resolve_override(JbFontSet *set, JbFontRole role, const char *value, GError **error)
{
  JbFontFace *face = NULL;
  if (jb_fonts_value_is_path(value)) {
    int index = 0;
    g_autofree char *file = jb_fonts_split_path(value, &index);
    JbFontSource *source = jb_fonts_set_source(set, file, index, FALSE, error);
    if (source)
      face =
          jb_fonts_face_new(source, source->ft->family_name ? source->ft->family_name : file, role);
  } else {
    face = jb_fonts_set_resolve_family(set, role, value, TRUE, error);
  }
  if (face)
    face->override = TRUE;
  return face;
}

/* Splits "role=value" (no spaces needed around '='); FALSE with FORMAT otherwise. */
static gboolean
jb_fonts_parse_override(const char *text, JbFontRole *role, char **value, GError **error)
{
  const char *eq = strchr(text, '=');
  g_autofree char *name = eq ? g_strstrip(g_strndup(text, eq - text)) : NULL;
  g_autofree char *rest = eq ? g_strstrip(g_strdup(eq + 1)) : NULL;
  if (!name || !jb_font_role_from_name(name, role) || rest[0] == '\0') {
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_FORMAT,
                "bad font setting '%s': expected ROLE=FAMILY or ROLE=FILE[:INDEX] with ROLE "
                "one of masthead, title, body, heading-1, heading-2, latin, page-number",
                text);
    return FALSE;
  }
  *value = g_steal_pointer(&rest);
  return TRUE;
}

static void
jb_fonts_override_clear(JbFontOverride *o)
{
  g_clear_pointer(&o->value, g_free);
  g_clear_pointer(&o->origin, g_free);
}

static void
jb_fonts_override_set(JbFontOverride *o, char *value, char *origin)
{
  jb_fonts_override_clear(o);
  o->value = value;
  o->origin = origin;
}

/* The 1-based line of the first line GKeyFile would refuse (@key NULL), or of @key in
 * [@group]; 0 when not found. Only for error messages: GKeyFile does not give lines. */
static int
jb_fonts_config_find_line(const char *data, const char *group, const char *key)
{
  g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
  g_autofree char *current = NULL;
  for (int i = 0; lines[i]; i++) {
    char *line = g_strstrip(lines[i]);
    if (line[0] == '\0' || line[0] == '#')
      continue;
    if (line[0] == '[') {
      char *end = strchr(line, ']');
      if (!end && !key)
        return i + 1;
      g_free(current);
      current = end ? g_strndup(line + 1, end - line - 1) : NULL;
      continue;
    }
    char *eq = strchr(line, '=');
    if (!eq || eq == line) {
      if (!key)
        return i + 1;
      continue;
    }
    if (key && current && strcmp(current, group) == 0) {
      g_autofree char *name = g_strstrip(g_strndup(line, eq - line));
      if (strcmp(name, key) == 0)
        return i + 1;
    }
  }
  return 0;
}

static gboolean
jb_fonts_config_error(GError **error, const char *path, int line, const char *message)
{
  if (line > 0)
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_FORMAT, "%s:%d: %s", path, line, message);
  else
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_FORMAT, "%s: %s", path, message);
  return FALSE;
}

/* Reads the [fonts] group of @path into @overrides. A missing default file is fine
 * (@required FALSE); a bad line is FORMAT naming the file and line. */
static gboolean
jb_fonts_config_load(const char *path, gboolean required, JbFontOverride *overrides, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &data, NULL, &local)) {
    if (!required && g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      return TRUE;
    g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_IO, "%s", local->message);
    return FALSE;
  }
  g_autoptr(GKeyFile) keys = g_key_file_new();
  if (!g_key_file_load_from_data(keys, data, -1, G_KEY_FILE_NONE, &local))
    return jb_fonts_config_error(error, path, jb_fonts_config_find_line(data, NULL, NULL),
                                 local->message);
  g_auto(GStrv) names = g_key_file_get_keys(keys, "fonts", NULL, NULL);
  for (int i = 0; names && names[i]; i++) {
    int line = jb_fonts_config_find_line(data, "fonts", names[i]);
    g_autofree char *value = g_key_file_get_string(keys, "fonts", names[i], NULL);
    g_autofree char *text = g_strdup_printf("%s=%s", names[i], value ? value : "");
    JbFontRole role;
    char *parsed = NULL;
    if (!jb_fonts_parse_override(text, &role, &parsed, &local))
      return jb_fonts_config_error(error, path, line, local->message);
    jb_fonts_override_set(&overrides[role], parsed, g_strdup_printf("%s:%d", path, line));
  }
  return TRUE;
}

static JbFontSet *
jb_fonts_set_alloc(GError **error)
{
  JbFontSet *set = g_new0(JbFontSet, 1);
  set->notes = g_ptr_array_new_with_free_func(g_free);
  set->fallback_notes = g_ptr_array_new_with_free_func(g_free);
  set->families =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)jb_fonts_answer_free);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    set->progress[r].next = jb_fonts_roles[r].chain;
    set->progress[r].missing = g_string_new(NULL);
    set->progress[r].notes = g_ptr_array_new_with_free_func(g_free);
  }
  set->sources =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)jb_fonts_source_free);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++)
    set->chains[r] = g_ptr_array_new_with_free_func((GDestroyNotify)jb_fonts_face_free);
  set->extras = g_ptr_array_new_with_free_func((GDestroyNotify)jb_fonts_face_free);
  set->uncovered = g_hash_table_new(NULL, NULL);
  FT_Error code = FT_Init_FreeType(&set->ft);
  if (code) {
    set->ft = NULL;
    jb_fonts_set_ft_error(error, code, "FreeType", "start");
    jb_font_set_free(set);
    return NULL;
  }
  return set;
}

/* Gathers overrides: the config file first, then @overrides (later ones win). */
static gboolean
jb_fonts_collect_overrides(const char *const *overrides, const char *config_path,
                           JbFontOverride *out, GError **error)
{
  g_autofree char *default_path = NULL;
  if (!config_path)
    default_path = g_build_filename(g_get_user_config_dir(), "jianbao", "fonts.conf", NULL);
  if (!jb_fonts_config_load(config_path ? config_path : default_path, config_path != NULL, out,
                            error))
    return FALSE;
  for (gsize i = 0; overrides && overrides[i]; i++) {
    JbFontRole role;
    char *value = NULL;
    if (!jb_fonts_parse_override(overrides[i], &role, &value, error))
      return FALSE;
    jb_fonts_override_set(&out[role], value, g_strdup_printf("--font %s", overrides[i]));
  }
  return TRUE;
}

/* Starts every role's chain: the override (if any) first, then the defaults up to the
 * first installed one (the rest is resolved when needed). */
static gboolean
jb_fonts_set_resolve(JbFontSet *set, JbFontOverride *overrides, GError **error)
{
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    if (overrides[r].value) {
      g_autoptr(GError) local = NULL;
      JbFontFace *face = jb_fonts_set_resolve_override(set, r, overrides[r].value, &local);
      if (!face) {
        g_set_error(error, JB_FONTS_ERROR, local->code, "%s: %s", overrides[r].origin,
                    local->message);
        return FALSE;
      }
      g_ptr_array_add(set->chains[r], face);
    }
    jb_fonts_set_resolve_defaults(set, r, FALSE);
    if (set->chains[r]->len == 0 && set->fc_tried && !set->fc) {
      g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_LIBRARY,
                  "fontconfig could not load its configuration");
      return FALSE;
    }
    if (set->chains[r]->len == 0) {
      g_set_error(error, JB_FONTS_ERROR, JB_FONTS_ERROR_NOT_FOUND,
                  "no installed TrueType font for the %s role; install fonts-arphic-gbsn00lp, "
                  "fonts-arphic-gkai00mp, fonts-arphic-uming, fonts-arphic-ukai, "
                  "fonts-wqy-zenhei and fonts-liberation, or give --font %s=FAMILY",
                  jb_fonts_roles[r].name, jb_fonts_roles[r].name);
      return FALSE;
    }
  }
  return TRUE;
}

/* Writes the set's answers to its cache file when fontconfig gave new ones. The answers
 * read from the cache are kept unless fontconfig's state changed between that file's
 * writing and this run's loading of fontconfig (then only fresh answers are written). */
static void
jb_fonts_set_save_cache(JbFontSet *set)
{
  if (!set->cache_dirty || !set->cache_file || !set->fc_stamp)
    return;
  set->cache_dirty = FALSE;
  gboolean keep = set->cache_stamp && strcmp(set->cache_stamp, set->fc_stamp) == 0;
  jb_fonts_cache_save(set->cache_file, set->fc_stamp, set->families, keep);
}

static JbFontSet *
jb_fonts_set_new_from_cache(const char *const *overrides, const char *config_path,
                            const char *cache_file, gboolean confirm_later, GError **error)
{
  JbFontOverride collected[JB_FONT_ROLE_COUNT] = { { 0 } };
  g_autoptr(JbFontSet) set = jb_fonts_set_alloc(error);
  if (set && cache_file) {
    set->cache_file = g_strdup(cache_file);
    g_autoptr(GPtrArray) deferred = confirm_later ? g_ptr_array_new_with_free_func(g_free) : NULL;
    GHashTable *cached = jb_fonts_cache_load(cache_file, &set->cache_stamp, deferred);
    if (cached) {
      g_hash_table_destroy(set->families);
      set->families = cached;
      set->unconfirmed = g_steal_pointer(&deferred);
    }
  }
  gboolean ok = set && jb_fonts_collect_overrides(overrides, config_path, collected, error) &&
                jb_fonts_set_resolve(set, collected, error);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++)
    jb_fonts_override_clear(&collected[r]);
  if (!ok)
    return NULL;
  jb_fonts_set_save_cache(set);
  return g_steal_pointer(&set);
}

JbFontSet *
jb_font_set_new_cached(const char *const *overrides, const char *config_path,
                       const char *cache_file, GError **error)
{
  return jb_fonts_set_new_from_cache(overrides, config_path, cache_file, FALSE, error);
}

JbFontSet *
jb_font_set_new_cached_unconfirmed(const char *const *overrides, const char *config_path,
                                   const char *cache_file, GError **error)
{
  return jb_fonts_set_new_from_cache(overrides, config_path, cache_file, TRUE, error);
}

gboolean
jb_font_set_confirm(JbFontSet *set)
{
  g_return_val_if_fail(set != NULL, FALSE);
  if (set->unconfirmed) {
    set->stale = !jb_fonts_cache_check_lines(set->unconfirmed);
    g_clear_pointer(&set->unconfirmed, g_ptr_array_unref);
  }
  return !set->stale;
}

JbFontSet *
jb_font_set_new(const char *const *overrides, const char *config_path, GError **error)
{
  return jb_font_set_new_cached(overrides, config_path, NULL, error);
}

void
jb_font_set_free(JbFontSet *set)
{
  if (!set)
    return;
  jb_fonts_set_save_cache(set); /* answers that lazy resolution added since */
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++)
    g_clear_pointer(&set->chains[r], g_ptr_array_unref);
  g_clear_pointer(&set->extras, g_ptr_array_unref);
  g_clear_pointer(&set->sources, g_hash_table_destroy); /* after the faces that borrow them */
  g_clear_pointer(&set->uncovered, g_hash_table_destroy);
  g_clear_pointer(&set->notes, g_ptr_array_unref);
  g_clear_pointer(&set->fallback_notes, g_ptr_array_unref);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    JbFontsProgress *p = &set->progress[r];
    if (p->missing)
      g_string_free(p->missing, TRUE);
    g_clear_pointer(&p->notes, g_ptr_array_unref);
    g_clear_pointer(&p->official_note, g_free);
  }
  g_clear_pointer(&set->families, g_hash_table_destroy);
  g_free(set->cache_file);
  g_free(set->cache_stamp);
  g_clear_pointer(&set->unconfirmed, g_ptr_array_unref);
  g_free(set->fc_stamp);
  if (set->ft)
    FT_Done_FreeType(set->ft);
  if (set->fc)
    FcConfigDestroy(set->fc);
  g_free(set);
}

guint
jb_font_set_chain_length(JbFontSet *set, JbFontRole role)
{
  g_return_val_if_fail(set != NULL && role < JB_FONT_ROLE_COUNT, 0);
  jb_fonts_set_resolve_defaults(set, role, TRUE);
  return set->chains[role]->len;
}

JbFontFace *
jb_font_set_peek_face(JbFontSet *set, JbFontRole role, guint i)
{
  g_return_val_if_fail(set != NULL && role < JB_FONT_ROLE_COUNT, NULL);
  if (i >= set->chains[role]->len)
    jb_fonts_set_resolve_defaults(set, role, TRUE);
  g_return_val_if_fail(i < set->chains[role]->len, NULL);
  return g_ptr_array_index(set->chains[role], i);
}

/* Every chain is resolved first, so the notes are those of the whole set: each role's
 * (in role order, its official-font note last), then the charset search's so far. */
const GPtrArray *
jb_font_set_peek_notes(JbFontSet *set)
{
  g_return_val_if_fail(set != NULL, NULL);
  jb_fonts_set_resolve_all(set);
  g_ptr_array_set_size(set->notes, 0);
  for (int r = 0; r < JB_FONT_ROLE_COUNT; r++) {
    JbFontsProgress *p = &set->progress[r];
    for (guint i = 0; i < p->notes->len; i++)
      jb_fonts_notes_add(set->notes, g_strdup(g_ptr_array_index(p->notes, i)));
    if (p->official_note)
      jb_fonts_notes_add(set->notes, g_strdup(p->official_note));
  }
  for (guint i = 0; i < set->fallback_notes->len; i++)
    jb_fonts_notes_add(set->notes, g_strdup(g_ptr_array_index(set->fallback_notes, i)));
  return set->notes;
}

static JbFontFace *
jb_fonts_array_lookup(GPtrArray *faces, gunichar ch)
{
  for (guint i = 0; i < faces->len; i++) {
    JbFontFace *face = g_ptr_array_index(faces, i);
    if (jb_font_face_has_glyph(face, ch))
      return face;
  }
  return NULL;
}

/* Tries one font fontconfig listed as covering @ch: TrueType ones become extra fallbacks,
 * CFF ones are noted and passed over. */
static JbFontFace *
jb_fonts_set_try_covering(JbFontSet *set, FcPattern *font, gunichar ch)
{
  FcCharSet *charset = NULL;
  if (FcPatternGetCharSet(font, FC_CHARSET, 0, &charset) != FcResultMatch ||
      !FcCharSetHasChar(charset, ch))
    return NULL;
  g_autofree char *family = jb_fonts_pattern_dup_string(font, FC_FAMILY);
  g_autofree char *file = jb_fonts_pattern_dup_string(font, FC_FILE);
  if (!file || !family)
    return NULL;
  if (!jb_fonts_pattern_is_truetype(font)) {
    g_autofree char *format = jb_fonts_pattern_dup_string(font, FC_FONTFORMAT);
    jb_fonts_notes_add(set->fallback_notes,
                       g_strdup_printf("fallback: skipped %s (%s): %s outlines; "
                                       "libharu 2.3.0 embeds TrueType fonts only",
                                       family, file, format ? format : "non-TrueType"));
    return NULL;
  }
  int index = 0;
  FcPatternGetInteger(font, FC_INDEX, 0, &index);
  JbFontSource *source = jb_fonts_set_source(set, file, index, FALSE, NULL);
  if (!source || FT_Get_Char_Index(source->ft, ch) == 0) /* opened: not lazy */
    return NULL;
  JbFontFace *face = jb_fonts_face_new(source, family, JB_FONT_ROLE_COUNT);
  g_ptr_array_add(set->extras, face);
  return face;
}

/* Searches every installed font for @ch, Chinese-capable ones first (fontconfig's sort
 * for lang zh-cn). NULL when none can be embedded. */
static JbFontFace *
jb_fonts_set_find_covering(JbFontSet *set, gunichar ch)
{
  FcConfig *fc = jb_fonts_set_peek_fc(set);
  if (!fc)
    return NULL;
  FcPattern *pattern = FcPatternCreate();
  FcCharSet *wanted = FcCharSetCreate();
  FcCharSetAddChar(wanted, ch);
  FcPatternAddCharSet(pattern, FC_CHARSET, wanted);
  FcCharSetDestroy(wanted);
  FcPatternAddString(pattern, FC_LANG, (const FcChar8 *)"zh-cn");
  FcConfigSubstitute(fc, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcFontSet *fonts = FcFontSort(fc, pattern, FcFalse, NULL, &result);
  FcPatternDestroy(pattern);
  JbFontFace *face = NULL;
  for (int i = 0; fonts && i < fonts->nfont && !face; i++)
    face = jb_fonts_set_try_covering(set, fonts->fonts[i], ch);
  if (fonts)
    FcFontSetDestroy(fonts);
  return face;
}

JbFontRole
jb_font_set_role_for_char(JbFontSet *set, JbFontRole role, gunichar ch)
{
  g_return_val_if_fail(set != NULL && role < JB_FONT_ROLE_COUNT, role);
  gboolean latin_char = (ch >= 0x20 && ch < 0x7F) || ch == 0x00AD;
  if (!latin_char || role == JB_FONT_ROLE_MASTHEAD)
    return role;
  for (guint i = 0; i < jb_font_set_chain_length(set, JB_FONT_ROLE_LATIN); i++)
    if (jb_font_face_has_glyph(jb_font_set_peek_face(set, JB_FONT_ROLE_LATIN, i), ch))
      return JB_FONT_ROLE_LATIN;
  return role;
}

JbFontFace *
jb_font_set_lookup_face(JbFontSet *set, JbFontRole role, gunichar ch)
{
  g_return_val_if_fail(set != NULL && role < JB_FONT_ROLE_COUNT, NULL);
  JbFontFace *face = jb_fonts_array_lookup(set->chains[role], ch);
  while (!face && set->progress[role].next) { /* the chain's unresolved rest, in order */
    guint before = set->chains[role]->len;
    jb_fonts_set_resolve_defaults(set, role, FALSE);
    for (guint i = before; i < set->chains[role]->len && !face; i++)
      if (jb_font_face_has_glyph(g_ptr_array_index(set->chains[role], i), ch))
        face = g_ptr_array_index(set->chains[role], i);
  }
  if (!face)
    face = jb_fonts_array_lookup(set->extras, ch);
  if (face || g_hash_table_contains(set->uncovered, GUINT_TO_POINTER(ch)))
    return face;
  face = jb_fonts_set_find_covering(set, ch);
  if (!face)
    g_hash_table_add(set->uncovered, GUINT_TO_POINTER(ch));
  return face;
}

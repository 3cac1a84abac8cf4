// SPDX-License-Identifier: MIT
//
// `jianbao convert`: reads an issue in one syntax and writes it in the other (or the same,
// which canonicalises it). The syntaxes come from the file extensions unless --from/--to
// say otherwise; "-" is standard input or output. All the work is jb_issue_load() and
// jb_issue_save(), which writes atomically, so bad input never leaves a partial file.
#include <stdio.h>
#include <string.h>

#include "jb-cli.h"
#include "jianbao.h"

/* "json" / "md" (or "markdown") to a syntax; UNKNOWN for NULL, -1 for anything else. */
static int
jb_cli_convert_syntax(const char *name)
{
  if (!name)
    return JB_ISSUE_SYNTAX_UNKNOWN;
  if (g_ascii_strcasecmp(name, "json") == 0)
    return JB_ISSUE_SYNTAX_JSON;
  if (g_ascii_strcasecmp(name, "md") == 0 || g_ascii_strcasecmp(name, "markdown") == 0)
    return JB_ISSUE_SYNTAX_MARKDOWN;
  return -1;
}

/* The output syntax: --to, else the output's extension; standard output gets the other
 * syntax than the input's. UNKNOWN for a file whose name does not say. */
static JbIssueSyntax
jb_cli_convert_output_syntax(int to, const char *output, JbIssueSyntax input)
{
  if (to != JB_ISSUE_SYNTAX_UNKNOWN)
    return (JbIssueSyntax)to;
  if (strcmp(output, "-") != 0)
    return jb_issue_syntax_from_filename(output);
  return input == JB_ISSUE_SYNTAX_JSON ? JB_ISSUE_SYNTAX_MARKDOWN : JB_ISSUE_SYNTAX_JSON;
}

int
jb_cli_convert(int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL, *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write to FILE (- for standard output)",
      "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "read this syntax whatever the name says",
      "json|md" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "write this syntax whatever the name says", "json|md" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new("IN - convert an issue between "
                                                           "Markdown and JSON");
  g_option_context_set_summary(context,
                               "Reads IN (.md or .json; - for standard input) and writes OUT.\n"
                               "Without -o, writes the other syntax to standard output.");
  g_option_context_add_main_entries(context, entries, NULL);
  if (!jb_cli_parse(context, &argc, &argv))
    return 2;
  if (argc != 2) {
    fprintf(stderr, "jianbao: convert takes one input file (see 'jianbao convert --help')\n");
    return 2;
  }
  int from_syntax = jb_cli_convert_syntax(from), to_syntax = jb_cli_convert_syntax(to);
  if (from_syntax < 0 || to_syntax < 0) {
    fprintf(stderr, "jianbao: --from and --to take json or md, not '%s'\n",
            from_syntax < 0 ? from : to);
    return 2;
  }
  const char *input = argv[1];
  JbIssueSyntax in_syntax = from_syntax != JB_ISSUE_SYNTAX_UNKNOWN
                                ? (JbIssueSyntax)from_syntax
                                : jb_issue_syntax_from_filename(input);
  if (!output)
    output = g_strdup("-");
  JbIssueSyntax out_syntax = jb_cli_convert_output_syntax(to_syntax, output, in_syntax);
  if (out_syntax == JB_ISSUE_SYNTAX_UNKNOWN) {
    fprintf(stderr, "jianbao: %s: cannot tell the format from the name; use --to json|md\n",
            output);
    return 2;
  }

  g_autoptr(GError) error = NULL;
  g_autoptr(JbIssue) issue = jb_issue_load(input, in_syntax, &error);
  if (!issue || !jb_issue_save(issue, output, out_syntax, &error))
    return jb_cli_report_error(error);
  return 0;
}

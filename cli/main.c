// SPDX-License-Identifier: MIT
// jianbao's main(): picks the subcommand and hands it the rest of the command line. The
// subcommands live in cmd-*.c and see only the library's public headers.
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "jb-cli.h"
#include "jianbao.h"

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} JbCliCommand;

static const JbCliCommand jb_cli_commands[] = {
  { "typeset", jb_cli_typeset, "lay out an issue (.md or .json) as a bulletin PDF" },
  { "extract", jb_cli_extract_plugin, "recover the issue from bulletin PDFs" },
  { "convert", jb_cli_convert, "convert an issue between Markdown and JSON" },
  { "fonts", jb_cli_fonts, "show which font draws each role (and an issue's characters)" },
};

static void
jb_cli_usage(FILE *out)
{
  fprintf(out, "Usage: jianbao COMMAND [OPTION…] [ARG…]\n\n"
               "Chinese work bulletins (简报): PDF ⇄ structured issue.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS(jb_cli_commands); i++)
    fprintf(out, "  %-9s %s\n", jb_cli_commands[i].name, jb_cli_commands[i].summary);
  fprintf(out, "\nOptions:\n  -h, --help     show this help\n"
               "  -V, --version  show the version\n\n"
               "Run 'jianbao COMMAND --help' for a command's options.\n");
}

int
main(int argc, char **argv)
{
  /* The character set, for GLib's conversions of arguments, help and messages, and the
   * messages' language: the other categories jianbao never consults, and each costs a
   * locale file mapped and faulted in at every start (about 0.2 ms of a typeset). */
  setlocale(LC_CTYPE, "");
  setlocale(LC_MESSAGES, "");
  jb_issue_set_json_loader(jb_cli_json_plugin);
  if (argc < 2) {
    jb_cli_usage(stderr);
    return 2;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    jb_cli_usage(stdout);
    return 0;
  }
  if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
    printf("jianbao %s\n", JB_VERSION);
    return 0;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(jb_cli_commands); i++)
    if (strcmp(name, jb_cli_commands[i].name) == 0) {
      /* GOption prints "Usage: <prgname> …": make it the whole command a user types. */
      g_autofree char *prgname = g_strdup_printf("jianbao %s", name);
      g_set_prgname(prgname);
      return jb_cli_commands[i].run(argc - 1, argv + 1);
    }
  fprintf(stderr, "jianbao: unknown command '%s'\n\n", name);
  jb_cli_usage(stderr);
  return 2;
}

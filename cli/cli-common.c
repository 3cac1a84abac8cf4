// SPDX-License-Identifier: MIT
// What every subcommand shares: how errors are printed and mapped to exit statuses.
// This is the only place in jianbao that prints an error.
#include <stdio.h>

#include "jb-cli.h"
#include "jianbao.h"

int
jb_cli_report_error(const GError *error)
{
  fprintf(stderr, "jianbao: %s\n", error->message);
  if (error->domain == JB_ISSUE_ERROR)
    return error->code == JB_ISSUE_ERROR_IO ? 1 : 2;
#ifndef JB_CLI_WITHOUT_EXTRACT /* the jianbao program: extract's errors arise in the plugin */
  if (error->domain == JB_EXTRACT_ERROR)
    return (error->code == JB_EXTRACT_ERROR_IO || error->code == JB_EXTRACT_ERROR_LIBRARY) ? 1 : 2;
#endif
  if (error->domain == JB_TYPESET_ERROR)
    return (error->code == JB_TYPESET_ERROR_IO || error->code == JB_TYPESET_ERROR_LIBRARY) ? 1 : 2;
  if (error->domain == JB_FONTS_ERROR)
    return (error->code == JB_FONTS_ERROR_IO || error->code == JB_FONTS_ERROR_LIBRARY) ? 1 : 2;
  if (error->domain == G_OPTION_ERROR)
    return 2;
  return 1;
}

gboolean
jb_cli_parse(GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, argc, argv, &error)) {
    fprintf(stderr, "jianbao: %s\n", error->message);
    return FALSE;
  }
  return TRUE;
}

// SPDX-License-Identifier: MIT
// 'jianbao typeset': not built yet — its owner replaces this file.
#include <stdio.h>

#include "jb-cli.h"

int
jb_cli_typeset(int argc, char **argv)
{
  fprintf(stderr, "jianbao: 'typeset' is not built yet\n");
  return 1;
}

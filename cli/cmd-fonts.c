// SPDX-License-Identifier: MIT
// 'jianbao fonts': not built yet — its owner replaces this file.
#include <stdio.h>

#include "jb-cli.h"

int
jb_cli_fonts(int argc, char **argv)
{
  fprintf(stderr, "jianbao: 'fonts' is not built yet\n");
  return 1;
}

// SPDX-License-Identifier: MIT
// 'jianbao convert': not built yet — its owner replaces this file.
#include <stdio.h>

#include "jb-cli.h"

int
jb_cli_convert(int argc, char **argv)
{
  fprintf(stderr, "jianbao: 'convert' is not built yet\n");
  return 1;
}

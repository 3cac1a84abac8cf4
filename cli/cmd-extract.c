// SPDX-License-Identifier: MIT
// 'jianbao extract': not built yet — its owner replaces this file.
#include <stdio.h>

#include "jb-cli.h"

int
jb_cli_extract(int argc, char **argv)
{
  fprintf(stderr, "jianbao: 'extract' is not built yet\n");
  return 1;
}

/* SPDX-License-Identifier: MIT
 * The command-line front end's subcommands. Each takes its own argv (argv[0] is the
 * subcommand name) and returns the process exit status: 0 success, 1 internal or I/O
 * failure, 2 usage or input error. */
#pragma once

#include <glib.h>

#include "jb-issue.h"

/* The program's PDF stream compression: fast, since the font subsets make up most of a
 * bulletin's bytes and compress little (cmd-typeset.c, deflate-level.c). */
#define JB_CLI_DEFLATE_LEVEL 1

int jb_cli_convert(int argc, char **argv);
int jb_cli_typeset(int argc, char **argv);
int jb_cli_extract(int argc, char **argv);
/* Runs jb_cli_extract from the extract plugin (plugins.c); the jianbao program
 * calls this one, the plugin defines jb_cli_extract. */
int jb_cli_extract_plugin(int argc, char **argv);
int jb_cli_fonts(int argc, char **argv);
/* The issue model's JSON support from its plugin (plugins.c), for jb_issue_set_json_loader;
 * NULL with an error naming what was looked for. */
const JbIssueJsonSupport *jb_cli_json_plugin(GError **error);

/* Prints "jianbao: <message>" for @error on standard error and returns the exit status
 * that fits it (2 for bad input or usage, 1 otherwise). */
int jb_cli_report_error(const GError *error);
/* Tunes glibc's heap for one short, allocation-heavy run (see cli-common.c): grows it
 * once by @reserve bytes backed by huge pages where the kernel allows. Program policy, so
 * it lives here and never in the library. */
void jb_cli_heap_tune(gsize reserve);
/* Maps @bytes of the stack below the caller at once (see cli-common.c). */
void jb_cli_stack_tune(gsize bytes);
/* Exits with @status without freeing what the process holds; returns @status, for the
 * caller to free and return, only in AddressSanitizer builds (see cli-common.c). */
int jb_cli_finish(int status);
/* Parses @argc/@argv with @context, printing usage errors; FALSE means exit 2. */
gboolean jb_cli_parse(GOptionContext *context, int *argc, char ***argv);

// SPDX-License-Identifier: MIT
// 'jianbao extract' lives in a plugin (jianbao-extract.so, cmd-extract.c built as a module
// linked with libjianbao) so that the jianbao program itself does not link poppler, cairo
// and their ~40 libraries: loading them cost ~20 ms at every start, a fifth of a typeset
// run. The plugin is looked for next to the program (the build tree), then in
// LIBDIR/jianbao relative to the program and at the configured install path.
#include <gmodule.h>
#include <stdio.h>

#include "jb-cli.h"

#define JB_CLI_PLUGIN_NAME "jianbao-extract.so"

typedef int (*JbCliCommandFunc)(int argc, char **argv);

/* The folders to look in, most specific first. */
static GPtrArray *
jb_cli_plugin_dirs(void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  if (self) {
    g_autofree char *bindir = g_path_get_dirname(self);
    g_ptr_array_add(dirs, g_strdup(bindir));
    g_ptr_array_add(dirs, g_build_filename(bindir, JB_CLI_PLUGIN_RELDIR, NULL));
  }
  g_ptr_array_add(dirs, g_strdup(JB_CLI_PLUGIN_DIR));
  return dirs;
}

/* Loads the plugin and finds its jb_cli_extract; NULL after printing why not. */
static JbCliCommandFunc
jb_cli_plugin_load(void)
{
  g_autoptr(GPtrArray) dirs = jb_cli_plugin_dirs();
  g_autoptr(GString) tried = g_string_new(NULL);
  for (guint i = 0; i < dirs->len; i++) {
    g_autofree char *path = g_build_filename(dirs->pdata[i], JB_CLI_PLUGIN_NAME, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      g_string_append_printf(tried, "%s%s", tried->len ? ", " : "", path);
      continue;
    }
    /* Local binding: the plugin's symbols stay its own, the program's stay the program's. */
    GModule *module = g_module_open(path, G_MODULE_BIND_LOCAL);
    gpointer symbol = NULL;
    if (module == NULL || !g_module_symbol(module, "jb_cli_extract", &symbol)) {
      fprintf(stderr, "jianbao: cannot load %s: %s\n", path, g_module_error());
      return NULL;
    }
    g_module_make_resident(module);
    return (JbCliCommandFunc)symbol;
  }
  fprintf(stderr, "jianbao: the extract plugin %s is not installed (looked in %s)\n",
          JB_CLI_PLUGIN_NAME, tried->str);
  return NULL;
}

int
jb_cli_extract_plugin(int argc, char **argv)
{
  JbCliCommandFunc run = jb_cli_plugin_load();
  return run ? run(argc, argv) : 1;
}

// SPDX-License-Identifier: MIT
// The jianbao program's plugins: code it runs only for some commands or inputs, kept out
// of its own link so that every start does not pay for loading the libraries behind it.
// 'jianbao extract' lives in jianbao-extract.so (cmd-extract.c linked with libjianbao):
// poppler, cairo and their ~40 libraries cost ~20 ms at every start. The JSON support of
// the issue model lives in jianbao-json.so (issue/jb-issue-json.c): json-glib, gio and
// gobject cost 2.3 ms of a 26 ms typeset of a Markdown issue, which never needs them. A
// plugin is looked for next to the program (the build tree), then in LIBDIR/jianbao
// relative to the program and at the configured install path.
// Why dlopen and not GModule: libgmodule would be one more library loaded at every
// start (0.15 ms of a 20 ms typeset on the virtual machines we measure), for three calls.
#include <dlfcn.h>
#include <stdio.h>

#include "jb-cli.h"
#include "jianbao.h"

#define JB_CLI_EXTRACT_PLUGIN "jianbao-extract.so"
#define JB_CLI_JSON_PLUGIN    "jianbao-json.so"

typedef int (*JbCliCommandFunc)(int argc, char **argv);
typedef const JbIssueJsonSupport *(*JbCliJsonFunc)(void);

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

/* Loads plugin @name and finds @symbol in it; NULL with an error saying why not. */
static gpointer
jb_cli_plugin_symbol(const char *name, const char *symbol, const char *what, GError **error)
{
  g_autoptr(GPtrArray) dirs = jb_cli_plugin_dirs();
  g_autoptr(GString) tried = g_string_new(NULL);
  for (guint i = 0; i < dirs->len; i++) {
    g_autofree char *path = g_build_filename(dirs->pdata[i], name, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      g_string_append_printf(tried, "%s%s", tried->len ? ", " : "", path);
      continue;
    }
    /* Local binding: the plugin's symbols stay its own, the program's stay the program's
     * (the JSON plugin's references to the issue model resolve to the program's). Never
     * closed: the plugin stays for the rest of the process. */
    void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    gpointer found = module ? dlsym(module, symbol) : NULL;
    if (found == NULL) {
      const char *why = dlerror();
      g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO, "cannot load %s: %s", path,
                  why ? why : "no such symbol");
      if (module)
        dlclose(module);
      return NULL;
    }
    return found;
  }
  g_set_error(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO, "%s %s is not installed (looked in %s)",
              what, name, tried->str);
  return NULL;
}

int
jb_cli_extract_plugin(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  JbCliCommandFunc run =
      jb_cli_plugin_symbol(JB_CLI_EXTRACT_PLUGIN, "jb_cli_extract", "the extract plugin", &error);
  if (run == NULL) {
    fprintf(stderr, "jianbao: %s\n", error->message);
    return 1;
  }
  return run(argc, argv);
}

const JbIssueJsonSupport *
jb_cli_json_plugin(GError **error)
{
  JbCliJsonFunc get = jb_cli_plugin_symbol(JB_CLI_JSON_PLUGIN, "jb_issue_json_plugin",
                                           "the JSON support plugin", error);
  return get ? get() : NULL;
}

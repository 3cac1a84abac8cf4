// SPDX-License-Identifier: MIT
// jianbao-json.so: the issue model's JSON support for the jianbao program, which is linked
// without it (plugins.c, issue/jb-issue-json-loader.c).
#include <gmodule.h>

#include "jb-issue-private.h"

/* The plugin's one entry point, looked up by name. */
G_MODULE_EXPORT const JbIssueJsonSupport *jb_issue_json_plugin(void);

const JbIssueJsonSupport *
jb_issue_json_plugin(void)
{
  return &jb_issue_json_builtin;
}

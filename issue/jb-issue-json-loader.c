// SPDX-License-Identifier: MIT
//
// jb_issue_json() for a program linked without jb-issue-json.c (the jianbao program): the
// JSON support comes from the loader the program sets, called the first time it is
// needed, so that reading and typesetting Markdown never loads json-glib and the gio and
// gobject stacks under it (2.3 ms of a 26 ms typeset run). A failed load is not
// remembered: the next call tries again and reports why.
#include "jb-issue-private.h"

static JbIssueJsonLoader jb_issue_json_loader;
static const JbIssueJsonSupport *jb_issue_json_loaded;
G_LOCK_DEFINE_STATIC(jb_issue_json);

void
jb_issue_set_json_loader(JbIssueJsonLoader loader)
{
  G_LOCK(jb_issue_json);
  jb_issue_json_loader = loader;
  G_UNLOCK(jb_issue_json);
}

const JbIssueJsonSupport *
jb_issue_json(GError **error)
{
  G_LOCK(jb_issue_json);
  if (jb_issue_json_loaded == NULL && jb_issue_json_loader != NULL)
    jb_issue_json_loaded = jb_issue_json_loader(error);
  else if (jb_issue_json_loaded == NULL)
    g_set_error_literal(error, JB_ISSUE_ERROR, JB_ISSUE_ERROR_IO,
                        "this program was built without the JSON support");
  const JbIssueJsonSupport *json = jb_issue_json_loaded;
  G_UNLOCK(jb_issue_json);
  return json;
}

// SPDX-License-Identifier: MIT
#include "jb-issue.h"
G_DEFINE_QUARK(jb-issue-error-quark, jb_issue_error)

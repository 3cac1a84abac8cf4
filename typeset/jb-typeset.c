// SPDX-License-Identifier: MIT
#include "jb-typeset.h"
G_DEFINE_QUARK(jb-typeset-error-quark, jb_typeset_error)

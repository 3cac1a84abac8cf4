// SPDX-License-Identifier: MIT
#include "jb-extract.h"
G_DEFINE_QUARK(jb-extract-error-quark, jb_extract_error)

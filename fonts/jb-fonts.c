// SPDX-License-Identifier: MIT
#include "jb-fonts.h"
G_DEFINE_QUARK(jb-fonts-error-quark, jb_fonts_error)

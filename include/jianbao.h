/* SPDX-License-Identifier: MIT
 * jianbao: Chinese work bulletins (简报). One include for the whole library. */
#pragma once

#include "jb-extract.h"
#include "jb-fonts.h"
#include "jb-issue.h"
#include "jb-typeset.h"

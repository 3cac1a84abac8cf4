/* SPDX-License-Identifier: MIT
 * What the tests of typeset's libharu replacements share: libharu's own implementation of
 * a function, and a real font subset to run both on. */
#pragma once

#include <glib.h>

/* libharu's own @name from libhpdf itself (dlsym), asserted to differ from @ours: the test
 * is void unless the replacement really interposes. */
void *jb_test_libharu_symbol(const char *name, const void *ours);

/* A subset of the body face holding the characters of samples/2024-08-26.md, cut into
 * @dir; @n_chars (out, nullable) gets how many characters it holds. Returns: its path. */
char *jb_test_sample_subset(const char *dir, guint *n_chars);
/* The same, and the characters it holds (element-type gunichar, in the order the sample
 * first uses them) in @chars. */
char *jb_test_sample_subset_chars(const char *dir, GArray **chars);

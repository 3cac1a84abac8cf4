/* SPDX-License-Identifier: MIT
 *
 * HPDF_MemCpy and HPDF_MemSet for libharu 2.3.0 (Debian's 2.3.0+dfsg), interposing
 * libharu's own the way jb-hpdf-glyphid.c does (libhpdf calls them through its PLT).
 * Why: libharu's copy one byte per loop turn, and every byte of every stream passes
 * through them a few times (page content, font subsets, CIDToGIDMaps: ~15 M + 6 M
 * instructions for a 14-page issue). These give the same results with the C library's
 * memcpy and memset: the same bytes and the same return value (one past the last byte
 * written). libharu's forward byte loop also defines a copy between overlapping buffers,
 * so such a copy runs that very loop. tests/typeset/test-hpdf-mem.c compares them with
 * libharu's own.
 */
#include <hpdf.h>
#include <hpdf_utils.h>
#include <string.h>

#include "typeset-private.h"

HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
  if (n == 0)
    return out;
  if ((guintptr)out + n <= (guintptr)in || (guintptr)in + n <= (guintptr)out) {
    memcpy(out, in, n);
    return out + n;
  }
  while (n > 0) { /* overlapping: libharu's own loop, whatever it makes of them */
    *out++ = *in++;
    n--;
  }
  return out;
}

void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
  if (n > 0)
    memset(s, c, n);
  return (HPDF_BYTE *)s + n;
}

gboolean
jb_ts_hpdf_mem_linked(void)
{
  return TRUE;
}

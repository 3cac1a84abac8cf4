// SPDX-License-Identifier: MIT
// The jianbao program's zlib level: libharu 2.3.0 compresses every stream with
// deflateInit(Z_DEFAULT_COMPRESSION), i.e. level 6, and offers no setting; the embedded
// font subsets (≈450 KB for a 14-page issue) made deflate a third of a typeset run. This
// deflateInit_ interposes zlib's for the program (it is exported, and libhpdf calls
// zlib's through its PLT) and maps the default level to JB_CLI_DEFLATE_LEVEL; an explicit
// level passes through. Measured on samples/2024-08-26.md: level 6 → 226 KB of streams in
// ~21 ms, level 1 → 251 KB in ~7 ms (XeLaTeX's PDF of it is 343 KB). Only the program
// does this; libjianbao leaves zlib alone for the applications that link it.
#include <zlib.h>

#define JB_CLI_DEFLATE_LEVEL 1

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size);

int
deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
  if (level == Z_DEFAULT_COMPRESSION)
    level = JB_CLI_DEFLATE_LEVEL;
  /* zlib's deflateInit_ is exactly this call with the caller's level. */
  return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
                       stream_size);
}

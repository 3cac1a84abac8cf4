/* SPDX-License-Identifier: MIT
 *
 * A faster HPDF_Stream_WriteToStreamWithDeflate for libharu 2.3.0 (Debian's
 * 2.3.0+dfsg), which interposes libharu's own the way jb-hpdf-glyphid.c does (libhpdf
 * calls it through its PLT from HPDF_Stream_WriteToStream). Why: libharu feeds every
 * stream to zlib 4 KB at a time; for a bulletin that is ~780 KB (two font subsets, two
 * 128 KB CIDToGIDMaps, the pages) and zlib's deflate was a quarter of typeset's work even
 * at level 1. libdeflate compresses the whole stream in one call, at level 1 in less than
 * half of zlib level 1's instructions and smaller (sample: 251 → 235 KB of streams); at
 * its level 6 in about zlib level 1's time, smaller than zlib level 6. The result is a
 * zlib (RFC 1950) stream like libharu's, so FlateDecode readers see no difference;
 * tests/typeset/test-deflate.c inflates both and compares. Encrypted documents (which
 * jianbao never writes) go to libharu's own.
 * Level 1, the jianbao program's, is ISA-L's igzip where the build found it
 * (JB_HAVE_ISAL): deflating the largest sample's 450 KB body font subset, the one step of a
 * typeset that nothing overlaps, takes it 1.0 ms against libdeflate level 1's 2.8 ms, for
 * a stream 3% larger (217 against 211 KB); its page contents, which the main thread
 * deflates while it saves, 0.5 ms sooner, for 1 KB more. The whole PDF grows by 3%.
 */
#include <dlfcn.h>
#include <hpdf.h>
#include <libdeflate.h>
#ifdef JB_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "typeset-private.h"

#define JB_TS_DEFLATE_DEFAULT 6 /* zlib's default, which libharu asks for */
#define JB_TS_DEFLATE_MAX     12

typedef HPDF_STATUS (*JbTsDeflateFunc)(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e);

static gint jb_ts_deflate_level = JB_TS_DEFLATE_DEFAULT;

/* One idle compressor per level, so that a document's twenty-odd streams do not each
 * allocate (and fault in) a new one; reachable until exit. */
static struct libdeflate_compressor *jb_ts_deflate_idle[JB_TS_DEFLATE_MAX + 1];
G_LOCK_DEFINE_STATIC(jb_ts_deflate_lock);

void
jb_typeset_set_deflate_level(int level)
{
  g_atomic_int_set(&jb_ts_deflate_level,
                   level <= 0 ? JB_TS_DEFLATE_DEFAULT : MIN(level, JB_TS_DEFLATE_MAX));
}

static struct libdeflate_compressor *
jb_ts_deflate_take(int level)
{
  G_LOCK(jb_ts_deflate_lock);
  struct libdeflate_compressor *c = g_steal_pointer(&jb_ts_deflate_idle[level]);
  G_UNLOCK(jb_ts_deflate_lock);
  return c ? c : libdeflate_alloc_compressor(level);
}

static void
jb_ts_deflate_give_back(int level, struct libdeflate_compressor *c)
{
  G_LOCK(jb_ts_deflate_lock);
  if (jb_ts_deflate_idle[level] == NULL)
    jb_ts_deflate_idle[level] = g_steal_pointer(&c);
  G_UNLOCK(jb_ts_deflate_lock);
  if (c)
    libdeflate_free_compressor(c);
}

/* @src from its start, whole; Returns: HPDF_OK or libharu's read error. */
static HPDF_STATUS
jb_ts_deflate_read(HPDF_Stream src, GByteArray *data)
{
  HPDF_STATUS ret = HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET);
  if (ret != HPDF_OK)
    return ret;
  HPDF_UINT chunk = MAX(HPDF_Stream_Size(src), 4096u);
  for (;;) {
    guint len = data->len;
    HPDF_UINT size = chunk;
    g_byte_array_set_size(data, len + size);
    ret = HPDF_Stream_Read(src, data->data + len, &size);
    g_byte_array_set_size(data, len + size);
    if (ret == HPDF_STREAM_EOF)
      return HPDF_OK;
    if (ret != HPDF_OK)
      return ret;
  }
}

/* Exported by libhpdf but declared in no header it installs. */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e);

/* @len bytes of @data as one zlib stream; *@n its size (0 only on a libdeflate bug: it
 * cannot fail within the bound). Returns: (transfer full) the buffer. */
static guint8 *
jb_ts_deflate_run(struct libdeflate_compressor *c, const void *data, gsize len, gsize *n)
{
  gsize bound = libdeflate_zlib_compress_bound(c, len);
  guint8 *out = g_malloc(bound);
  *n = libdeflate_zlib_compress(c, data, len, out, bound);
  return out;
}

#ifdef JB_HAVE_ISAL
/* igzip's level 2: at 1.0 ms for the body subset within 0.1 ms of its level 1, and 2%
 * smaller. */
#define JB_TS_ISAL_LEVEL     2
#define JB_TS_ISAL_LEVEL_BUF ISAL_DEF_LVL2_DEFAULT

typedef struct {
  struct isal_zstream stream;
  guint8 level_buf[JB_TS_ISAL_LEVEL_BUF];
} JbTsIsal;

static JbTsIsal *jb_ts_isal_idle; /* as jb_ts_deflate_idle */

/* @len bytes of @data as one zlib stream, *@n bytes (0 when igzip stops making
 * progress); igzip writes stored blocks where its codes would not shrink a block, so the
 * first guess at the size holds but for a few bytes, which another round appends.
 * Returns: (transfer full) the buffer. */
static guint8 *
jb_ts_deflate_isal(const void *data, gsize len, gsize *n)
{
  G_LOCK(jb_ts_deflate_lock);
  JbTsIsal *z = g_steal_pointer(&jb_ts_isal_idle);
  G_UNLOCK(jb_ts_deflate_lock);
  if (z == NULL)
    z = g_new(JbTsIsal, 1);
  isal_deflate_init(&z->stream);
  z->stream.level = JB_TS_ISAL_LEVEL;
  z->stream.level_buf = z->level_buf;
  z->stream.level_buf_size = sizeof z->level_buf;
  z->stream.gzip_flag = IGZIP_ZLIB;
  z->stream.end_of_stream = 1;
  z->stream.flush = NO_FLUSH;
  z->stream.next_in = (guint8 *)data;
  gsize size = len + len / 64 + 64;
  guint8 *out = g_malloc(size);
  gsize done = 0;
  int status = COMP_OK;
  /* igzip takes 32-bit counts: a stream over 4 GiB goes in pieces. */
  while (status == COMP_OK && z->stream.internal_state.state != ZSTATE_END) {
    gsize in_done = (gsize)((const guint8 *)z->stream.next_in - (const guint8 *)data);
    z->stream.avail_in = (guint32)MIN(len - in_done, G_MAXUINT32);
    z->stream.end_of_stream = len - in_done <= G_MAXUINT32;
    if (size - done < 4096) {
      size += size / 8 + 4096;
      out = g_realloc(out, size);
    }
    z->stream.next_out = out + done;
    z->stream.avail_out = (guint32)MIN(size - done, G_MAXUINT32);
    status = isal_deflate(&z->stream);
    gsize out_done = (gsize)(z->stream.next_out - out);
    gsize in_now = (gsize)((const guint8 *)z->stream.next_in - (const guint8 *)data);
    if (status == COMP_OK && out_done == done && in_now == in_done &&
        z->stream.internal_state.state != ZSTATE_END)
      status = ISAL_INVALID_STATE; /* no progress: never loop for ever */
    done = out_done;
  }
  G_LOCK(jb_ts_deflate_lock);
  if (jb_ts_isal_idle == NULL)
    jb_ts_isal_idle = g_steal_pointer(&z);
  G_UNLOCK(jb_ts_deflate_lock);
  g_free(z);
  *n = status == COMP_OK ? done : 0;
  return out;
}
#endif

/* @len bytes of @data at the current level: *@n bytes, 0 only on a compressor's bug.
 * Returns: (transfer full) the buffer. */
static guint8 *
jb_ts_deflate_any(const void *data, gsize len, gsize *n)
{
  int level = g_atomic_int_get(&jb_ts_deflate_level);
#ifdef JB_HAVE_ISAL
  if (level == 1)
    return jb_ts_deflate_isal(data, len, n);
#endif
  struct libdeflate_compressor *c = jb_ts_deflate_take(level);
  if (c == NULL)
    g_error("libdeflate: out of memory");
  guint8 *out = jb_ts_deflate_run(c, data, len, n);
  jb_ts_deflate_give_back(level, c);
  return out;
}

GBytes *
jb_ts_hpdf_deflate_bytes(const void *data, gsize len)
{
  gsize n = 0;
  guint8 *out = jb_ts_deflate_any(data, len, &n);
  g_assert(n != 0);
  return g_bytes_new_take(g_realloc(out, n), n);
}

HPDF_STATUS
HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e)
{
  g_autoptr(GBytes) ready = e ? NULL : jb_ts_hpdf_fontfile_take(src);
  if (ready) {
    gsize len = 0;
    const HPDF_BYTE *data = g_bytes_get_data(ready, &len);
    return HPDF_Stream_Write(dst, data, (HPDF_UINT)len);
  }
  if (e) {
    JbTsDeflateFunc libharu =
        (JbTsDeflateFunc)dlsym(RTLD_NEXT, "HPDF_Stream_WriteToStreamWithDeflate");
    if (libharu == NULL)
      return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, 0);
    return libharu(src, dst, e);
  }
  g_autoptr(GByteArray) in = g_byte_array_new();
  HPDF_STATUS ret = jb_ts_deflate_read(src, in);
  if (ret == HPDF_OK) {
    gsize n = 0;
    g_autofree guint8 *out = jb_ts_deflate_any(in->data, in->len, &n);
    /* libharu's zlib errors are HPDF_ZLIB_ERROR. */
    ret = n == 0 ? HPDF_SetError(src->error, HPDF_ZLIB_ERROR, 0)
                 : HPDF_Stream_Write(dst, out, (HPDF_UINT)n);
    if (n != 0 && ret != HPDF_OK)
      ret = HPDF_SetError(src->error, HPDF_ZLIB_ERROR, ret);
  }
  return ret;
}

gboolean
jb_ts_hpdf_deflate_linked(void)
{
  return TRUE;
}

/* SPDX-License-Identifier: MIT
 *
 * typeset/jb-hpdf-mem.c replaces libharu's HPDF_MemCpy and HPDF_MemSet: for every
 * length up to 300 and a few large ones, at every alignment, and for copies between
 * overlapping buffers in both directions, they must leave the same bytes and return the
 * same pointer as libharu's own, found with dlsym on libhpdf itself.
 */
#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_utils.h>
#include <string.h>

#include "typeset-private.h"

typedef HPDF_BYTE *(*TestMemCpyFunc)(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n);
typedef void *(*TestMemSetFunc)(void *s, HPDF_BYTE c, HPDF_UINT n);

static TestMemCpyFunc test_libharu_memcpy;
static TestMemSetFunc test_libharu_memset;

#define TEST_BUF 70000

/* Two copies of the same random buffer. */
static void
test_fill(guint8 *a, guint8 *b, guint len, guint32 seed)
{
  guint32 x = seed * 2654435761u + 1; /* xorshift: cheap, and enough to tell bytes apart */
  for (guint i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    a[i] = b[i] = (guint8)x;
  }
}

/* Copies @n bytes from offset @from to offset @to within one buffer with each. */
static void
test_copy(guint from, guint to, guint n)
{
  static guint8 a[TEST_BUF], b[TEST_BUF];
  guint len = MIN(MAX(from, to) + n + 64, TEST_BUF); /* what the copy can reach, and more */
  test_fill(a, b, len, from * 7 + to * 13 + n);
  HPDF_BYTE *ra = test_libharu_memcpy(a + to, a + from, n);
  HPDF_BYTE *rb = HPDF_MemCpy(b + to, b + from, n);
  g_assert_true(ra - a == rb - b);
  g_assert_cmpmem(a, len, b, len);
}

static void
test_set(guint at, guint n, guint8 c)
{
  static guint8 a[TEST_BUF], b[TEST_BUF];
  guint len = MIN(at + n + 64, TEST_BUF);
  test_fill(a, b, len, at + n);
  HPDF_BYTE *ra = test_libharu_memset(a + at, c, n);
  HPDF_BYTE *rb = HPDF_MemSet(b + at, c, n);
  g_assert_true(ra - a == rb - b);
  g_assert_cmpmem(a, len, b, len);
}

static void
test_memcpy(void)
{
  for (guint n = 0; n <= 300; n++)
    for (guint align = 0; align < 8; align++) {
      test_copy(align, 1000 + (align * 3) % 8, n);      /* apart */
      test_copy(2000 + align, 2000 + align + n / 3, n); /* overlapping, forward */
      test_copy(3000 + align + n / 3, 3000 + align, n); /* overlapping, backward */
      test_copy(4000 + align, 4000 + align, n);         /* onto itself */
    }
  test_copy(0, 33000, 32768);
  test_copy(5, 5 + 4096, 60000); /* overlapping: libharu's loop repeats the first 4096 */
  test_copy(20000, 7, 49999);
}

static void
test_memset(void)
{
  for (guint n = 0; n <= 300; n++)
    for (guint align = 0; align < 8; align++)
      test_set(align * 101, n, (guint8)(n + align));
  test_set(3, 65536, 0);
  test_set(0, TEST_BUF, 0xFF);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_true(jb_ts_hpdf_mem_linked());
  /* Nothing else of libharu is called here, so the link may have dropped it. */
  void *lib = dlopen("libhpdf-2.3.0.so", RTLD_NOW);
  g_assert_nonnull(lib);
  test_libharu_memcpy = (TestMemCpyFunc)dlsym(lib, "HPDF_MemCpy");
  test_libharu_memset = (TestMemSetFunc)dlsym(lib, "HPDF_MemSet");
  g_assert_nonnull(test_libharu_memcpy);
  g_assert_nonnull(test_libharu_memset);
  /* The test is void unless ours interpose libharu's. */
  g_assert_true(test_libharu_memcpy != HPDF_MemCpy);
  g_assert_true((void *)test_libharu_memset != (void *)HPDF_MemSet);
  g_test_add_func("/typeset/hpdf-mem/memcpy", test_memcpy);
  g_test_add_func("/typeset/hpdf-mem/memset", test_memset);
  int status = g_test_run();
  dlclose(lib);
  return status;
}

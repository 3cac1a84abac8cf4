// SPDX-License-Identifier: MIT
// What every subcommand shares: how errors are printed and mapped to exit statuses.
// This is the only place in jianbao that prints an error.
#include <stdint.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <alloca.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "jb-cli.h"
#include "jianbao.h"

int
jb_cli_report_error(const GError *error)
{
  fprintf(stderr, "jianbao: %s\n", error->message);
  if (error->domain == JB_ISSUE_ERROR)
    return error->code == JB_ISSUE_ERROR_IO ? 1 : 2;
#ifndef JB_CLI_WITHOUT_EXTRACT /* the jianbao program: extract's errors arise in the plugin */
  if (error->domain == JB_EXTRACT_ERROR)
    return (error->code == JB_EXTRACT_ERROR_IO || error->code == JB_EXTRACT_ERROR_LIBRARY) ? 1 : 2;
#endif
#ifndef JB_CLI_EXTRACT_PLUGIN /* the extract plugin links neither typeset nor fonts */
  if (error->domain == JB_TYPESET_ERROR)
    return (error->code == JB_TYPESET_ERROR_IO || error->code == JB_TYPESET_ERROR_LIBRARY) ? 1 : 2;
  if (error->domain == JB_FONTS_ERROR)
    return (error->code == JB_FONTS_ERROR_IO || error->code == JB_FONTS_ERROR_LIBRARY) ? 1 : 2;
#endif
  if (error->domain == G_OPTION_ERROR)
    return 2;
  return 1;
}

gboolean
jb_cli_parse(GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, argc, argv, &error)) {
    fprintf(stderr, "jianbao: %s\n", error->message);
    return FALSE;
  }
  return TRUE;
}

/* A short-lived process touching some 16 MiB of fresh heap takes a page fault per 4 KiB,
 * and on virtual machines a fault costs microseconds: for the largest sample, 1,000 of
 * typeset's 1,470 faults and a fifth of its wall time (bench/typeset/README.md). So the
 * heap grows once by @reserve (address space only until touched), blocks up to @reserve
 * are served from it rather than mmap, free memory stays (nothing is trimmed below
 * 2 × @reserve), and the kernel is asked to back it with transparent huge pages, as
 * glibc's own glibc.malloc.hugetlb=1 tunable would (it can only be set in the
 * environment before the program starts). Worker threads (typeset cuts font subsets on
 * them) share that heap instead of faulting in arenas of their own. Where THP is off,
 * madvise changes nothing. */
#ifdef __GLIBC__
/* See jb_cli_heap_tune; reachable, so not a leak. volatile: nothing reads it, and a
 * compiler may drop a store nobody reads, and then the malloc whose result it was. */
static void *volatile jb_cli_heap_head;
#endif

void
jb_cli_heap_tune(gsize reserve)
{
#ifdef __GLIBC__
  mallopt(M_ARENA_MAX, 1); /* threads' allocations too, not fresh arenas of their own */
  mallopt(M_MMAP_THRESHOLD, (int)reserve);
  mallopt(M_TRIM_THRESHOLD, (int)(2 * reserve));
  mallopt(M_TOP_PAD, (int)reserve);
#if defined(MADV_HUGEPAGE) && __GLIBC_PREREQ(2, 33)
  const uintptr_t huge = 2u << 20;
  char *before = sbrk(0);
  char *after = before;
  /* Grow the heap: a block just larger than the top chunk (mallinfo2's keepcost) makes
   * malloc extend it, by M_TOP_PAD. Not a large block: the top chunk's new header goes
   * right after it, and a page touched there before the madvise below would keep its
   * 2 MiB from ever becoming a huge page. Tried again larger should a free block have
   * served it. volatile: each pair must not be elided. */
  size_t extra = 2048;
  while (after == before && extra < huge) {
    extra *= 4;
    void *volatile probe = malloc(mallinfo2().keepcost + extra);
    free(probe);
    after = sbrk(0);
  }
  /* The first huge page lies above everything the probe touched. */
  uintptr_t start = ((uintptr_t)before + extra + 4096 + huge - 1) & ~(huge - 1);
  if (before != (char *)-1 && (uintptr_t)after > start) {
    madvise((void *)start, (uintptr_t)after - start, MADV_HUGEPAGE);
    /* The heap starts at a random address, up to 2 MiB below the first huge page, and
     * malloc would fill that head 4 KiB fault by fault (100 to 500 faults a run, about
     * 9 µs each on this VM). One block that is never touched covers it, so allocations
     * start on huge pages; it costs address space, not memory. It is cut from the top
     * chunk, which ends at the break: mallinfo2's keepcost is its size. */
    uintptr_t top = (uintptr_t)after - mallinfo2().keepcost;
    if (top < start && start - top > 4096)
      jb_cli_heap_head = malloc(start - top - sizeof(size_t));
  }
#endif
#else
  (void)reserve;
#endif
}

/* The same faults on the stack: libharu's CID font setup alone keeps a 128 KiB table
 * there (hpdf_font_cid.c), which a typeset touches page by page, 30 to 40 faults on the
 * critical path. One madvise maps @bytes below this frame at once, some twenty times
 * cheaper than faulting them in on the virtual machines we measured. The stack mapping
 * grows only on a fault below it, not on madvise: alloca reserves the range and one
 * touch at its low end grows the mapping over it. Not inlined, so that the alloca is
 * given back on return. */
G_GNUC_NO_INLINE void
jb_cli_stack_tune(gsize bytes)
{
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)
  const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  volatile char *low = alloca(bytes);
  low[0] = 0;
  uintptr_t start = ((uintptr_t)low + page - 1) & ~(page - 1);
  uintptr_t end = (uintptr_t)__builtin_frame_address(0) & ~(page - 1);
  if (end > start)
    madvise((void *)start, end - start, MADV_POPULATE_WRITE); /* before Linux 5.14: EINVAL */
#else
  (void)bytes;
#endif
}

/* Ends the process with @status at once, leaving what it still holds (the font set with
 * its mapped font files, GLib's caches) to the kernel, which takes it back in one go:
 * freeing it first costs a typeset some 0.4 ms, most of it unmapping the font files one
 * by one. Only once every output is written and closed. With AddressSanitizer it returns
 * @status instead, so that the caller frees everything and leak checks see the whole run. */
int
jb_cli_finish(int status)
{
#ifndef __SANITIZE_ADDRESS__
  fflush(NULL);
  _exit(status);
#endif
  return status;
}

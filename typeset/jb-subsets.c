/* SPDX-License-Identifier: MIT
 *
 * Font subsets cut while the issue is laid out. Cutting the body font's subset with
 * hb-subset and deflating it is the largest single piece of a typeset run (6–9 ms of a
 * 14-page issue, most of it cold caches and first-touched memory), and it needs only the
 * characters, which the issue itself tells before layout (jb_ts_layout_predict_chars).
 * So the subsets are cut on one worker thread, largest first, while the main thread lays
 * out; the PDF writer then takes them. One thread, not one per font: on two processors a
 * third thread only competes with layout, and the second subset runs faster after the
 * first has warmed hb-subset's code and data. A prediction that missed a character is never
 * trusted: the writer's take cuts a subset of exactly what was drawn instead.
 * The subset is handed over as soon as it is cut and deflated afterwards: the writer needs
 * the deflated bytes only when it saves, so loading the font into libharu and drawing the
 * pages (some 5 ms) run while the worker deflates (some 3 ms) instead of after it.
 */
#include <pthread.h>
#include <sched.h>

#include "typeset-private.h"

typedef struct {
  JbFontFace *face;
  GArray *chars;      /* (element-type gunichar), sorted */
  gint done;          /* atomic, set under the lock: the worker has set result or error */
  JbTsSubset *result; /* set by the worker; its zlib later, under the lock */
  GError *error;      /* set by the worker */
} JbTsSubsetJob;

struct _JbTsSubsets {
  GHashTable *jobs; /* "file:index" → JbTsSubsetJob* */
  GPtrArray *order; /* the jobs, largest first: the worker's queue */
  pthread_t worker;
  gboolean started;
  gboolean placed;     /* the worker started on another processor: widen back to @allowed */
  cpu_set_t allowed;   /* the process's processors, when @placed */
  gint submitted;      /* atomic, set under the lock: @jobs and @order are final */
  JbFontFace *preload; /* (nullable): read into memory by the worker while it waits */
  GMutex lock;
  GCond cond;
  guint misses;
  GPtrArray *cut_here; /* (element-type JbTsSubset): the subsets takes cut in place */
};

static gint
jb_ts_cmp_unichar(gconstpointer a, gconstpointer b)
{
  gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
  return x < y ? -1 : x > y;
}

GArray *
jb_ts_chars_sorted(GHashTable *set)
{
  GArray *chars = g_array_sized_new(FALSE, FALSE, sizeof(gunichar), g_hash_table_size(set));
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init(&iter, set);
  while (g_hash_table_iter_next(&iter, &key, NULL)) {
    gunichar ch = GPOINTER_TO_UINT(key);
    g_array_append_val(chars, ch);
  }
  g_array_sort(chars, jb_ts_cmp_unichar);
  return chars;
}

GArray *
jb_ts_char_bits_list(const JbTsCharBits *set)
{
  GArray *chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
  for (guint w = 0; w < G_N_ELEMENTS(set->bits); w++)
    for (guint64 word = set->bits[w]; word; word &= word - 1) {
      gunichar ch = w * 64 + (guint)__builtin_ctzll(word);
      g_array_append_val(chars, ch);
    }
  return chars;
}

void
jb_ts_subset_free(JbTsSubset *subset)
{
  if (subset == NULL)
    return;
  g_clear_pointer(&subset->font, g_bytes_unref);
  g_clear_pointer(&subset->zlib, g_bytes_unref);
  g_clear_pointer(&subset->chars, g_array_unref);
  g_free(subset);
}

char *
jb_ts_font_key(JbFontFace *face)
{
  return g_strdup_printf("%s:%d", jb_font_face_peek_file(face), jb_font_face_get_index(face));
}

/* Cuts without deflating; the face is only read for its file and index. */
static JbTsSubset *
jb_ts_subset_cut(JbFontFace *face, const GArray *chars, GError **error)
{
  GBytes *font = jb_font_face_subset(face, (const gunichar *)chars->data, chars->len, error);
  if (font == NULL)
    return NULL;
  JbTsSubset *subset = g_new0(JbTsSubset, 1);
  subset->font = font;
  subset->chars = g_array_ref((GArray *)chars);
  return subset;
}

static GBytes *
jb_ts_subset_deflate(const JbTsSubset *subset)
{
  gsize len = 0;
  const void *data = g_bytes_get_data(subset->font, &len);
  return jb_ts_hpdf_deflate_bytes(data, len);
}

static void jb_ts_subsets_wait(JbTsSubsets *subsets, gboolean (*ready)(gconstpointer what),
                               gconstpointer what);
static gboolean jb_ts_subsets_submitted(gconstpointer what);

static gpointer
jb_ts_subsets_work(gpointer data)
{
  JbTsSubsets *subsets = data;
  pthread_setname_np(pthread_self(), "jianbao-subset");
  if (subsets->placed)
    pthread_setaffinity_np(pthread_self(), sizeof subsets->allowed, &subsets->allowed);
  if (subsets->preload)
    jb_font_face_preload(subsets->preload);
  jb_ts_subsets_wait(subsets, jb_ts_subsets_submitted, subsets);
  /* Every subset is cut before any is deflated: the writer loads each face as soon as its
   * subset is there, and the deflated bytes are needed only at the very end. */
  for (guint i = 0; i < subsets->order->len; i++) {
    JbTsSubsetJob *job = g_ptr_array_index(subsets->order, i);
    GError *error = NULL;
    JbTsSubset *result = jb_ts_subset_cut(job->face, job->chars, &error);
    g_mutex_lock(&subsets->lock);
    job->result = result;
    job->error = error;
    g_atomic_int_set(&job->done, TRUE);
    g_cond_broadcast(&subsets->cond);
    g_mutex_unlock(&subsets->lock);
  }
  for (guint i = 0; i < subsets->order->len; i++) {
    JbTsSubsetJob *job = g_ptr_array_index(subsets->order, i);
    if (job->result == NULL)
      continue;
    /* The result stays the job's until the subsets are freed, which joins this thread
     * first: writing its zlib here is safe after the writer has taken it. */
    GBytes *zlib = jb_ts_subset_deflate(job->result);
    g_mutex_lock(&subsets->lock);
    g_atomic_pointer_set(&job->result->zlib, zlib);
    g_cond_broadcast(&subsets->cond);
    g_mutex_unlock(&subsets->lock);
  }
  return NULL;
}

/* Waits for @ready(@what), which the other thread makes true with the lock held and a
 * broadcast: first without the lock, up to JB_TS_SUBSETS_SPIN_US, then asleep on the
 * condition. Why spin first:
 * a thread asleep in g_cond_wait wakes some 0.4 ms after the broadcast on the virtual
 * machines we measured (its processor idles in the hypervisor), twice per issue on the
 * critical path, while the waits themselves are a few milliseconds, on a processor that
 * has nothing else to do. Longer waits fall back to sleeping. */
#define JB_TS_SUBSETS_SPIN_US 5000

static void
jb_ts_subsets_wait(JbTsSubsets *subsets, gboolean (*ready)(gconstpointer what), gconstpointer what)
{
  gint64 until = g_get_monotonic_time() + JB_TS_SUBSETS_SPIN_US;
  while (!ready(what) && g_get_monotonic_time() <= until) {
    for (int i = 0; i < 64; i++) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
  }
  g_mutex_lock(&subsets->lock);
  while (!ready(what))
    g_cond_wait(&subsets->cond, &subsets->lock);
  g_mutex_unlock(&subsets->lock);
}

static gboolean
jb_ts_subsets_submitted(gconstpointer what)
{
  return g_atomic_int_get(&((const JbTsSubsets *)what)->submitted);
}

static gboolean
jb_ts_subset_job_done(gconstpointer what)
{
  return g_atomic_int_get(&((const JbTsSubsetJob *)what)->done);
}

static gboolean
jb_ts_subset_zlib_ready(gconstpointer what)
{
  return g_atomic_pointer_get(&((const JbTsSubset *)what)->zlib) != NULL;
}

/* Starts the worker on another processor than this thread's. Why pthreads and not
 * g_thread_new, which cannot place a thread: a new thread is queued on its creator's
 * processor and, while the creator stays busy laying out, waits there for the scheduler
 * to balance the load, 1.5 to 4 ms on the two-processor machines we measured; placed on
 * the other one it runs within 0.4 ms. It widens its affinity back as soon as it runs. */
static gboolean
jb_ts_subsets_spawn(JbTsSubsets *subsets)
{
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0)
    return FALSE;
  cpu_set_t other;
  CPU_ZERO(&other);
  int here = sched_getcpu();
  if (here >= 0 && sched_getaffinity(0, sizeof subsets->allowed, &subsets->allowed) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
      if (cpu != here && CPU_ISSET(cpu, &subsets->allowed))
        CPU_SET(cpu, &other);
    subsets->placed =
        CPU_COUNT(&other) > 0 && pthread_attr_setaffinity_np(&attr, sizeof other, &other) == 0;
  }
  subsets->started = pthread_create(&subsets->worker, &attr, jb_ts_subsets_work, subsets) == 0;
  pthread_attr_destroy(&attr);
  return subsets->started;
}

static gint
jb_ts_subsets_cmp_size(gconstpointer a, gconstpointer b)
{
  const JbTsSubsetJob *x = *(JbTsSubsetJob *const *)a, *y = *(JbTsSubsetJob *const *)b;
  if (x->chars->len != y->chars->len)
    return x->chars->len > y->chars->len ? -1 : 1;
  return g_strcmp0(jb_font_face_peek_file(x->face), jb_font_face_peek_file(y->face));
}

static void
jb_ts_subset_job_free(JbTsSubsetJob *job)
{
  jb_ts_subset_free(job->result);
  g_clear_error(&job->error);
  g_array_unref(job->chars);
  g_free(job);
}

JbTsSubsets *
jb_ts_subsets_new(gboolean worker, JbFontFace *preload)
{
  JbTsSubsets *subsets = g_new0(JbTsSubsets, 1);
  subsets->jobs =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)jb_ts_subset_job_free);
  subsets->order = g_ptr_array_new();
  subsets->cut_here = g_ptr_array_new_with_free_func((GDestroyNotify)jb_ts_subset_free);
  g_mutex_init(&subsets->lock);
  g_cond_init(&subsets->cond);
  subsets->preload = preload;
  /* On one processor a thread only adds switching; the takes cut in place. */
  if (worker && g_get_num_processors() > 1)
    jb_ts_subsets_spawn(subsets);
  return subsets;
}

void
jb_ts_subsets_submit(JbTsSubsets *subsets, GHashTable *predicted)
{
  g_return_if_fail(!g_atomic_int_get(&subsets->submitted));
  /* Without a worker there are no jobs: every take cuts in place. */
  if (predicted && subsets->started) {
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, predicted);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
      JbTsFontChars *fc = value;
      if (g_hash_table_size(fc->chars) == 0)
        continue;
      JbTsSubsetJob *job = g_new0(JbTsSubsetJob, 1);
      job->face = fc->face;
      job->chars = jb_ts_chars_sorted(fc->chars);
      g_hash_table_insert(subsets->jobs, g_strdup(key), job);
      g_ptr_array_add(subsets->order, job);
    }
    g_ptr_array_sort(subsets->order, jb_ts_subsets_cmp_size);
  }
  g_mutex_lock(&subsets->lock);
  g_atomic_int_set(&subsets->submitted, TRUE);
  g_cond_broadcast(&subsets->cond);
  g_mutex_unlock(&subsets->lock);
  if (predicted)
    g_hash_table_unref(predicted);
}

JbTsSubsets *
jb_ts_subsets_start(GHashTable *predicted)
{
  JbTsSubsets *subsets = jb_ts_subsets_new(predicted != NULL, NULL);
  jb_ts_subsets_submit(subsets, predicted);
  return subsets;
}

/* Whether sorted @have holds every one of sorted @want. */
static gboolean
jb_ts_subsets_covers(const GArray *have, const GArray *want)
{
  guint h = 0;
  for (guint w = 0; w < want->len; w++) {
    gunichar ch = g_array_index(want, gunichar, w);
    while (h < have->len && g_array_index(have, gunichar, h) < ch)
      h++;
    if (h == have->len || g_array_index(have, gunichar, h) != ch)
      return FALSE;
  }
  return TRUE;
}

/* The worker's job for @face's file when its characters hold all of @chars, else NULL:
 * decided by the characters alone, so without waiting for the cut. */
static JbTsSubsetJob *
jb_ts_subsets_job_for(JbTsSubsets *subsets, JbFontFace *face, const GArray *chars)
{
  g_autofree char *key = jb_ts_font_key(face);
  JbTsSubsetJob *job = g_hash_table_lookup(subsets->jobs, key);
  return job && jb_ts_subsets_covers(job->chars, chars) ? job : NULL;
}

GArray *
jb_ts_subsets_plan(JbTsSubsets *subsets, JbFontFace *face, const GArray *chars)
{
  g_return_val_if_fail(subsets != NULL, NULL);
  JbTsSubsetJob *job = jb_ts_subsets_job_for(subsets, face, chars);
  return g_array_ref(job ? job->chars : (GArray *)chars);
}

JbTsSubset *
jb_ts_subsets_take(JbTsSubsets *subsets, JbFontFace *face, const GArray *chars, GError **error)
{
  g_return_val_if_fail(subsets != NULL, NULL);
  JbTsSubsetJob *job = jb_ts_subsets_job_for(subsets, face, chars);
  if (job) {
    jb_ts_subsets_wait(subsets, jb_ts_subset_job_done, job);
    if (job->result)
      return job->result;
    g_propagate_error(error, g_steal_pointer(&job->error));
    return NULL;
  }
  if (g_hash_table_size(subsets->jobs) > 0)
    subsets->misses++;
  JbTsSubset *subset = jb_ts_subset_cut(face, chars, error);
  if (subset == NULL)
    return NULL;
  subset->zlib = jb_ts_subset_deflate(subset);
  g_ptr_array_add(subsets->cut_here, subset);
  return subset;
}

GBytes *
jb_ts_subsets_wait_zlib(JbTsSubsets *subsets, JbTsSubset *subset)
{
  jb_ts_subsets_wait(subsets, jb_ts_subset_zlib_ready, subset);
  return subset->zlib;
}

guint
jb_ts_subsets_get_misses(JbTsSubsets *subsets)
{
  return subsets ? subsets->misses : 0;
}

void
jb_ts_subsets_free(JbTsSubsets *subsets)
{
  if (subsets == NULL)
    return;
  if (!g_atomic_int_get(&subsets->submitted))
    jb_ts_subsets_submit(subsets, NULL); /* lets a waiting worker go */
  if (subsets->started)
    pthread_join(subsets->worker, NULL);
  g_ptr_array_unref(subsets->order);
  g_ptr_array_unref(subsets->cut_here);
  g_hash_table_unref(subsets->jobs);
  g_mutex_clear(&subsets->lock);
  g_cond_clear(&subsets->cond);
  g_free(subsets);
}

/*
 * What mlp-step.c has instead of a libc: export and import markers, the JavaScript functions it
 * imports, a bump allocator over the wasm memory, and the optional timers. Included once, by mlp-step.c.
 */
#define EXPORT(name) __attribute__((export_name(#name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define MAX_LAYERS 16

/* Math.log over x[0..count) in place: one call a batch, where a call a row cost 5% of an adult step. */
IMPORT(logs) void js_logs(double *x, int count);
IMPORT(pow) double js_pow(double, double);

/*
 * Built with -DMLP_PROFILE (see build.sh), the step adds the wall time of each of its parts to profile():
 * [0] forward, [1] loss and output gradient, [2] kernel gradients, [3] bias gradients, [4] delta below,
 * [5] optimiser update, in milliseconds (the clock is JavaScript's performance.now, imported as `now`).
 */
#ifdef MLP_PROFILE
IMPORT(now) double js_now(void);
static double profile_ms[8], profile_mark;
#define PROFILE_START() (profile_mark = js_now())
#define PROFILE(part) (profile_ms[part] += js_now() - profile_mark, profile_mark = js_now())
EXPORT(profile) double *profile(void) { return profile_ms; }
#else
#define PROFILE_START()
#define PROFILE(part)
#endif

extern unsigned char __heap_base;
static unsigned long heap_top = 0;

/* Memory for `bytes`, 16-byte aligned, growing the wasm memory when needed; never freed, so the
   memory past the top has never been written and is still zero (memory.grow gives zeros). */
static void *alloc_zeroed(unsigned long bytes) {
  if (!heap_top) heap_top = (unsigned long)&__heap_base;
  heap_top = (heap_top + 15) & ~15UL;
  unsigned long at = heap_top;
  if (bytes > 0xF0000000UL - at) return 0; /* past the 32-bit address space */
  heap_top += bytes;
  unsigned long have = __builtin_wasm_memory_size(0) * 65536UL;
  if (heap_top > have) {
    if (__builtin_wasm_memory_grow(0, (heap_top - have + 65535) / 65536) < 0) {
      heap_top = at;
      return 0;
    }
  }
  return (void *)at;
}

/* Every buffer gets 16 spare bytes: the four-wide loads of a row's last 1-3 columns may run past it. */
EXPORT(alloc) void *alloc(unsigned long bytes) { return alloc_zeroed(bytes + 16); }

/*
 * One training step of a dense relu/linear network (forward, softmax cross-entropy or squared
 * error, backward, optimiser update) in wasm32 with 128-bit SIMD, built by build.sh into
 * mlp-step.wasm. The TypeScript side (engine/models/wasm-step.ts) keeps the weights, the
 * optimiser state and the batch in this module's memory, so a step is one call.
 *
 * Every layer's forward pass is a sum of weight rows scaled by the inputs that are not zero
 * (the one-hot columns of the first layer, the relu zeros of the others); the backward pass
 * skips the same zeros. The order of every sum is fixed: same inputs, same bits.
 *
 * No libc: memory comes from a bump allocator; exp, log and pow are imported from JavaScript's Math.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define MAX_LAYERS 16

IMPORT(exp) double js_exp(double);
IMPORT(log) double js_log(double);
IMPORT(pow) double js_pow(double, double);

extern unsigned char __heap_base;
static unsigned long heap_top = 0;

/* Memory for `bytes`, 16-byte aligned, growing the wasm memory when needed; never freed. */
EXPORT(alloc) void *alloc(unsigned long bytes) {
  if (!heap_top) heap_top = (unsigned long)&__heap_base;
  heap_top = (heap_top + 15) & ~15UL;
  unsigned long at = heap_top;
  heap_top += bytes;
  unsigned long have = __builtin_wasm_memory_size(0) * 65536UL;
  if (heap_top > have) {
    if (__builtin_wasm_memory_grow(0, (heap_top - have + 65535) / 65536) < 0) return 0;
  }
  unsigned char *p = (unsigned char *)at;
  for (unsigned long i = 0; i < bytes; i++) p[i] = 0;
  return p;
}

typedef struct {
  int layers, classes, task, optimizer, max_batch, t, has_class_weights;
  double lr, l2, eps, beta1, beta2, decay;
  int dims[MAX_LAYERS + 1];
  int relu[MAX_LAYERS];
  int kernel_at[MAX_LAYERS];
  int bias_at[MAX_LAYERS];
  int size;
  float *params, *grads, *y, *class_weights;
  double *m, *v;
  float *acts[MAX_LAYERS + 1]; /* acts[0] is the batch's inputs */
  float *deltas[MAX_LAYERS + 1];
  double loss;
  int correct;
} Net;

/* A network with `layers` dense layers of widths dims[0..layers]; relu[i] says whether layer i is relu. */
EXPORT(create) Net *create(int layers, const int *dims, const int *relu, int max_batch) {
  if (layers < 1 || layers > MAX_LAYERS) return 0;
  Net *n = alloc(sizeof(Net));
  n->layers = layers;
  n->max_batch = max_batch;
  int at = 0;
  for (int i = 0; i <= layers; i++) n->dims[i] = dims[i];
  for (int i = 0; i < layers; i++) {
    n->relu[i] = relu[i];
    n->kernel_at[i] = at;
    n->bias_at[i] = at + dims[i] * dims[i + 1];
    at += dims[i] * dims[i + 1] + dims[i + 1];
  }
  n->size = at;
  n->params = alloc(at * sizeof(float));
  n->grads = alloc(at * sizeof(float));
  n->m = alloc(at * sizeof(double));
  n->v = alloc(at * sizeof(double));
  n->y = alloc(max_batch * sizeof(float));
  n->class_weights = alloc(dims[layers] * sizeof(float));
  for (int i = 0; i <= layers; i++) {
    n->acts[i] = alloc((unsigned long)max_batch * dims[i] * sizeof(float) + 16);
    n->deltas[i] = alloc((unsigned long)max_batch * dims[i] * sizeof(float) + 16);
  }
  return n;
}

EXPORT(configure)
void configure(Net *n, int task, int classes, int optimizer, double lr, double l2, double eps, int has_class_weights) {
  n->task = task; /* 0 classification, 1 regression */
  n->classes = classes;
  n->optimizer = optimizer; /* 0 adam, 1 rmsprop, 2 sgd */
  n->lr = lr;
  n->l2 = l2;
  n->eps = eps;
  n->has_class_weights = has_class_weights;
  n->beta1 = 0.9;
  n->beta2 = 0.999;
  n->decay = 0.9;
}

EXPORT(params) float *params(Net *n) { return n->params; }
EXPORT(inputs) float *inputs(Net *n) { return n->acts[0]; }
EXPORT(targets) float *targets(Net *n) { return n->y; }
EXPORT(class_weights) float *class_weights(Net *n) { return n->class_weights; }
EXPORT(size) int size(Net *n) { return n->size; }
EXPORT(loss) double loss(Net *n) { return n->loss; }
EXPORT(correct) int correct(Net *n) { return n->correct; }

/* out[0..len) += s * w[0..len), four lanes at a time. */
static inline void axpy(float *out, const float *w, float s, int len) {
  int j = 0;
  v128_t sv = wasm_f32x4_splat(s);
  for (; j + 4 <= len; j += 4) {
    v128_t o = wasm_v128_load(out + j);
    wasm_v128_store(out + j, wasm_f32x4_add(o, wasm_f32x4_mul(sv, wasm_v128_load(w + j))));
  }
  for (; j < len; j++) out[j] += s * w[j];
}

/* The dot product of a[0..len) and b[0..len): four lane sums, then the lanes in a fixed order. */
static inline float dot(const float *a, const float *b, int len) {
  int j = 0;
  v128_t acc = wasm_f32x4_splat(0);
  for (; j + 4 <= len; j += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + j), wasm_v128_load(b + j)));
  float s = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) + (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
  for (; j < len; j++) s += a[j] * b[j];
  return s;
}

static void forward(Net *n, int rows) {
  for (int l = 0; l < n->layers; l++) {
    int in = n->dims[l], out = n->dims[l + 1];
    const float *w = n->params + n->kernel_at[l], *b = n->params + n->bias_at[l];
    const float *a = n->acts[l];
    float *h = n->acts[l + 1];
    for (int r = 0; r < rows; r++) {
      float *hr = h + r * out;
      const float *ar = a + r * in;
      for (int j = 0; j < out; j++) hr[j] = 0;
      for (int i = 0; i < in; i++) {
        float s = ar[i];
        if (s != 0) axpy(hr, w + i * out, s, out);
      }
      for (int j = 0; j < out; j++) hr[j] += b[j];
      if (n->relu[l]) {
        for (int j = 0; j < out; j++) hr[j] = hr[j] > 0 ? hr[j] : 0;
      }
    }
  }
}

/* Loss (weighted mean plus the L2 term) and the gradient at the output into deltas[layers]. */
static void output_gradient(Net *n, int rows) {
  int k = n->dims[n->layers];
  const float *out = n->acts[n->layers];
  float *d = n->deltas[n->layers];
  double loss = 0;
  int correct = 0;
  if (n->task == 0) {
    for (int r = 0; r < rows; r++) {
      const float *o = out + r * k;
      float *dr = d + r * k;
      int label = (int)n->y[r];
      int best = 0;
      for (int c = 1; c < k; c++)
        if (o[c] > o[best]) best = c;
      if (best == label) correct++;
      double max = o[best], sum = 0;
      for (int c = 0; c < k; c++) sum += js_exp(o[c] - max);
      double w = n->has_class_weights ? n->class_weights[label] : 1;
      loss += w * (max + js_log(sum) - o[label]);
      for (int c = 0; c < k; c++) dr[c] = (float)(((w * js_exp(o[c] - max)) / sum - (c == label ? w : 0)) / rows);
    }
  } else {
    for (int r = 0; r < rows; r++) {
      double e = (double)out[r] - n->y[r];
      loss += e * e;
      d[r] = (float)((2 * e) / rows);
    }
  }
  loss /= rows;
  if (n->l2 > 0) {
    double sq = 0;
    for (int l = 0; l < n->layers; l++)
      for (int i = n->kernel_at[l]; i < n->bias_at[l]; i++) sq += (double)n->params[i] * n->params[i];
    loss += n->l2 * sq;
  }
  n->loss = loss;
  n->correct = correct;
}

static void backward(Net *n, int rows) {
  for (int l = n->layers - 1; l >= 0; l--) {
    int in = n->dims[l], out = n->dims[l + 1];
    const float *w = n->params + n->kernel_at[l];
    float *gw = n->grads + n->kernel_at[l], *gb = n->grads + n->bias_at[l];
    const float *a = n->acts[l], *d = n->deltas[l + 1];
    float *below = n->deltas[l];
    for (int i = 0; i < in * out; i++) gw[i] = 0;
    for (int j = 0; j < out; j++) gb[j] = 0;
    for (int r = 0; r < rows; r++) {
      const float *ar = a + r * in, *dr = d + r * out;
      for (int i = 0; i < in; i++) {
        float s = ar[i];
        if (s != 0) axpy(gw + i * out, dr, s, out);
      }
      for (int j = 0; j < out; j++) gb[j] += dr[j];
      if (l == 0) continue;
      float *br = below + r * in;
      int masked = n->relu[l - 1];
      for (int i = 0; i < in; i++) br[i] = masked && ar[i] <= 0 ? 0 : dot(dr, w + i * out, out);
    }
  }
}

static void update(Net *n) {
  n->t++;
  float *p = n->params, *g = n->grads;
  if (n->l2 > 0) {
    for (int l = 0; l < n->layers; l++)
      for (int i = n->kernel_at[l]; i < n->bias_at[l]; i++) g[i] = (float)(g[i] + 2 * n->l2 * p[i]);
  }
  double lr = n->lr;
  int size = n->size;
  if (n->optimizer == 0) {
    double b1 = n->beta1, b2 = n->beta2;
    double c1 = 1 - js_pow(b1, n->t), c2 = 1 - js_pow(b2, n->t);
    for (int i = 0; i < size; i++) {
      double gi = g[i];
      n->m[i] = b1 * n->m[i] + (1 - b1) * gi;
      n->v[i] = b2 * n->v[i] + (1 - b2) * gi * gi;
      p[i] = (float)(p[i] - (lr * (n->m[i] / c1)) / (__builtin_sqrt(n->v[i] / c2) + n->eps));
    }
  } else if (n->optimizer == 1) {
    double decay = n->decay;
    for (int i = 0; i < size; i++) {
      double gi = g[i];
      n->v[i] = decay * n->v[i] + (1 - decay) * gi * gi;
      p[i] = (float)(p[i] - (lr * gi) / __builtin_sqrt(n->v[i] + n->eps));
    }
  } else {
    for (int i = 0; i < size; i++) p[i] = (float)(p[i] - lr * g[i]);
  }
}

/* One step on the first `rows` rows of inputs(n) and targets(n); loss(n) and correct(n) describe it. */
EXPORT(step) void step(Net *n, int rows) {
  forward(n, rows);
  output_gradient(n, rows);
  backward(n, rows);
  update(n);
}

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
 * No libc: memory comes from a bump allocator; log and pow are imported from JavaScript's Math.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define MAX_LAYERS 16

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

/*
 * e^x for x <= 0 (softmax terms after subtracting the row's maximum), to about 1e-16 relative:
 * x = k ln2 + r with |r| <= ln2/2, a degree-13 Taylor polynomial for e^r, times 2^k from the exponent
 * bits. A call into JavaScript's Math.exp per class and row cost more than the rest of the loss.
 */
static double exp_nonpositive(double x) {
  if (x < -708) return 0;
  double k = __builtin_rint(x * 1.4426950408889634);
  double r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10;
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  union { unsigned long long bits; double value; } scale = { (unsigned long long)((long long)k + 1023) << 52 };
  return p * scale.value;
}

/* Scratch for the non-zero lists: one row's (forward), or every column's of a batch (backward); one network per instance. */
static int *nz_at;
static float *nz_val;
static int *col_start;
static float *transposed;
static int *identity;
static double *exps;

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
  int widest = 0;
  for (int i = 0; i <= layers; i++) widest = dims[i] > widest ? dims[i] : widest;
  nz_at = alloc(((unsigned long)max_batch * widest + 1) * sizeof(int));
  nz_val = alloc(((unsigned long)max_batch * widest + 1) * sizeof(float));
  col_start = alloc((widest + 1) * sizeof(int));
  transposed = alloc((unsigned long)widest * widest * sizeof(float));
  identity = alloc(widest * sizeof(int));
  exps = alloc(widest * sizeof(double));
  for (int i = 0; i < widest; i++) identity[i] = i;
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

/*
 * out[j] = sum over k < count of val[k] * rows[at[k] * stride + j], for j < len: the weighted sum of
 * `count` rows of a row-major matrix (only the rows whose weight is not zero are listed). Sixteen
 * columns at a time stay in registers across the whole sum; the rest four, then one at a time.
 */
static void row_sum(float *out, const float *rows, int stride, const int *at, const float *val, int count, int len) {
  int j = 0;
  for (; j + 16 <= len; j += 16) {
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (int k = 0; k < count; k++) {
      v128_t s = wasm_f32x4_splat(val[k]);
      const float *w = rows + at[k] * stride + j;
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, wasm_v128_load(w)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(s, wasm_v128_load(w + 4)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(s, wasm_v128_load(w + 8)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(s, wasm_v128_load(w + 12)));
    }
    wasm_v128_store(out + j, a0);
    wasm_v128_store(out + j + 4, a1);
    wasm_v128_store(out + j + 8, a2);
    wasm_v128_store(out + j + 12, a3);
  }
  for (; j + 4 <= len; j += 4) {
    v128_t a0 = wasm_f32x4_splat(0);
    for (int k = 0; k < count; k++) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(val[k]), wasm_v128_load(rows + at[k] * stride + j)));
    wasm_v128_store(out + j, a0);
  }
  if (j < len) {
    /* The last 1-3 columns four wide as well: the loads run past the row into memory that exists
       (the next row, the bias, the 16 spare bytes after every buffer); only the wanted lanes are stored. */
    v128_t a0 = wasm_f32x4_splat(0);
    for (int k = 0; k < count; k++) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(val[k]), wasm_v128_load(rows + at[k] * stride + j)));
    out[j] = wasm_f32x4_extract_lane(a0, 0);
    if (j + 1 < len) out[j + 1] = wasm_f32x4_extract_lane(a0, 1);
    if (j + 2 < len) out[j + 2] = wasm_f32x4_extract_lane(a0, 2);
  }
}

/* The positions and values of the non-zero entries of x[0..len); returns their count. Branch-free: relu zeros are unpredictable. */
static int nonzeros(const float *x, int len, int *at, float *val) {
  int count = 0;
  for (int i = 0; i < len; i++) {
    float s = x[i];
    at[count] = i;
    val[count] = s;
    count += s != 0;
  }
  return count;
}

static void forward(Net *n, int rows) {
  for (int l = 0; l < n->layers; l++) {
    int in = n->dims[l], out = n->dims[l + 1];
    const float *w = n->params + n->kernel_at[l], *b = n->params + n->bias_at[l];
    const float *a = n->acts[l];
    float *h = n->acts[l + 1];
    for (int r = 0; r < rows; r++) {
      float *hr = h + r * out;
      int count = nonzeros(a + r * in, in, nz_at, nz_val);
      row_sum(hr, w, out, nz_at, nz_val, count, out);
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
      /* Each exp once, kept in float64 until the gradient is written. */
      double max = o[best], sum = 0;
      for (int c = 0; c < k; c++) sum += exps[c] = exp_nonpositive(o[c] - max);
      double w = n->has_class_weights ? n->class_weights[label] : 1;
      loss += w * (max + js_log(sum) - o[label]);
      for (int c = 0; c < k; c++) dr[c] = (float)(((w * exps[c]) / sum - (c == label ? w : 0)) / rows);
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

/*
 * Kernel gradient of layer l: gw[i, :] = sum over rows r of a[r, i] * d[r, :], from each input
 * column's non-zero list (built here, rows in order), so the sum for one weight row stays in registers.
 */
static void kernel_gradient(const float *a, const float *d, int rows, int in, int out, float *gw) {
  for (int i = 0; i <= in; i++) col_start[i] = 0;
  for (int r = 0; r < rows; r++)
    for (int i = 0; i < in; i++) col_start[i + 1] += a[r * in + i] != 0;
  for (int i = 0; i < in; i++) col_start[i + 1] += col_start[i];
  for (int r = 0; r < rows; r++)
    for (int i = 0; i < in; i++) {
      /* A zero goes to the spare slot past every list, so that no list is written out of its range. */
      float s = a[r * in + i];
      int k = s != 0 ? col_start[i] : rows * in;
      nz_at[k] = r;
      nz_val[k] = s;
      col_start[i] += s != 0;
    }
  /* col_start[i] now holds column i's end, which is column i+1's start. */
  int begin = 0;
  for (int i = 0; i < in; i++) {
    int end = col_start[i];
    row_sum(gw + i * out, d, out, nz_at + begin, nz_val + begin, end - begin, out);
    begin = end;
  }
}

static void backward(Net *n, int rows) {
  for (int l = n->layers - 1; l >= 0; l--) {
    int in = n->dims[l], out = n->dims[l + 1];
    const float *w = n->params + n->kernel_at[l];
    float *gb = n->grads + n->bias_at[l];
    const float *a = n->acts[l], *d = n->deltas[l + 1];
    kernel_gradient(a, d, rows, in, out, n->grads + n->kernel_at[l]);
    for (int j = 0; j < out; j++) gb[j] = 0;
    for (int r = 0; r < rows; r++)
      for (int j = 0; j < out; j++) gb[j] += d[r * out + j];
    if (l == 0) continue;
    /* The delta below, d . W^T, as weighted sums of the rows of W^T; then the relu mask, without branches. */
    float *below = n->deltas[l];
    for (int i = 0; i < in; i++)
      for (int j = 0; j < out; j++) transposed[j * in + i] = w[i * out + j];
    int masked = n->relu[l - 1];
    for (int r = 0; r < rows; r++) {
      const float *ar = a + r * in;
      float *br = below + r * in;
      row_sum(br, transposed, in, identity, d + r * out, out, in);
      if (masked)
        for (int i = 0; i < in; i++) br[i] = ar[i] > 0 ? br[i] : 0;
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

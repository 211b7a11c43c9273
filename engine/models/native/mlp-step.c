/*
 * One training step of a dense relu/linear network (forward, softmax cross-entropy or squared
 * error, backward, optimiser update) in wasm32 with 128-bit SIMD, built by build.sh into
 * mlp-step.wasm. The TypeScript side (engine/models/wasm-step.ts) keeps the weights, the
 * optimiser state and, where it fits, the whole training set in this module's memory, so a step is
 * one call and no row is copied per batch: the step reads the batch's rows where they lie, through
 * a list of row numbers.
 *
 * Every layer's forward pass is a sum of weight rows scaled by the inputs that are not zero
 * (the one-hot columns of the first layer, the relu zeros of the others). The forward pass keeps
 * those lists of non-zero inputs, and the backward pass reuses them: for the kernel gradients
 * (sorted by column) and for the delta below (a relu layer's delta is zero wherever its output is).
 * The order of every sum is fixed: same inputs, same bits. The arithmetic is float32, as in TensorFlow.js
 * and PyTorch, but for the loss and the softmax sums (float64): the exps and Adam's moments were
 * float64 until 2026-12-03: 6-8% of a kdd epoch, for no gain in the trained model's accuracy.
 *
 * No libc: memory comes from a bump allocator; log and pow are JavaScript's Math.log and Math.pow.
 *
 * The passes are kept out of line (STAGE): V8 runs a wasm function in its baseline compiler until
 * it is hot, then recompiles it with its optimising one. Inlined into one 17 KB step function, that
 * recompilation took 52 ms and came after about 3,500 steps at 2.4 times the optimised step's time
 * (most of a 5-epoch adult training); as six functions, each is ready within the first few hundred
 * steps. The loops of simd-loops.h are still inlined into each. Same arithmetic, same bits.
 */
#include <wasm_simd128.h>

#include "runtime.h"
#include "simd-loops.h"

#define STAGE __attribute__((noinline)) static

/* Scratch shared by the layers (one network per instance): a batch's non-zeros sorted by column, one row's deltas. */
static int *col_start;
static int *col_row;
static float *col_val;
static float *transposed;
static int *identity; /* 0, 1, 2, ... up to the widest layer or the batch, whichever is larger */
static float *ones;
static float *column;   /* one column of a delta matrix */
static double *row_sums; /* softmax sums, then their logs */
static double *row_max;
static float *dval;
static float *exps; /* a softmax row's terms, padded to four */

typedef struct {
  int layers, classes, task, optimizer, max_batch, t, has_class_weights;
  double lr, l2, eps, beta1, beta2, decay;
  int dims[MAX_LAYERS + 1];
  int relu[MAX_LAYERS];
  int kernel_at[MAX_LAYERS];
  int bias_at[MAX_LAYERS];
  int size;
  float *params, *grads, *y, *class_weights;
  float *m, *v; /* the optimiser's moments, in float32 as in TensorFlow.js and PyTorch */
  float *acts[MAX_LAYERS + 1]; /* acts[0] is the batch buffer of step(); step_rows reads rows from `data` */
  float *deltas[MAX_LAYERS + 1];
  /* The non-zero inputs of layer l, row by row: row r's are nz_at/nz_val[l][nz_start[l][r] .. nz_start[l][r + 1]). */
  int *nz_start[MAX_LAYERS];
  int *nz_at[MAX_LAYERS];
  float *nz_val[MAX_LAYERS];
  int *order;   /* the batch's row numbers in data (step_rows) */
  float *data;  /* the training set's inputs, row-major, when it is held here */
  float *data_y;
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
  unsigned long cells = (unsigned long)max_batch * widest + 1;
  col_start = alloc((widest + 1) * sizeof(int));
  col_row = alloc(cells * sizeof(int));
  col_val = alloc(cells * sizeof(float));
  transposed = alloc((unsigned long)widest * widest * sizeof(float));
  int longest = widest > max_batch ? widest : max_batch;
  identity = alloc(longest * sizeof(int));
  ones = alloc(max_batch * sizeof(float));
  column = alloc(max_batch * sizeof(float));
  row_sums = alloc(max_batch * sizeof(double));
  row_max = alloc(max_batch * sizeof(double));
  for (int i = 0; i < max_batch; i++) ones[i] = 1;
  dval = alloc(widest * sizeof(float));
  exps = alloc((widest + 4) * sizeof(float));
  for (int i = 0; i < longest; i++) identity[i] = i;
  init_compact();
  n->params = alloc(at * sizeof(float));
  n->grads = alloc(at * sizeof(float));
  n->m = alloc(at * sizeof(float));
  n->v = alloc(at * sizeof(float));
  n->y = alloc(max_batch * sizeof(float));
  n->order = alloc(max_batch * sizeof(int));
  n->class_weights = alloc(dims[layers] * sizeof(float));
  for (int i = 0; i <= layers; i++) {
    n->acts[i] = alloc((unsigned long)max_batch * dims[i] * sizeof(float));
    n->deltas[i] = alloc((unsigned long)max_batch * dims[i] * sizeof(float));
  }
  for (int i = 0; i < layers; i++) {
    n->nz_start[i] = alloc((max_batch + 1) * sizeof(int));
    n->nz_at[i] = alloc(((unsigned long)max_batch * dims[i] + 1) * sizeof(int));
    n->nz_val[i] = alloc(((unsigned long)max_batch * dims[i] + 1) * sizeof(float));
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

/*
 * Room for a training set of `rows` rows (inputs, then targets) that step_rows reads from; 0 when the
 * memory cannot grow that far (the caller then copies each batch into inputs()). Not zeroed: the caller fills it.
 */
EXPORT(hold) float *hold(Net *n, int rows) {
  unsigned long width = n->dims[0];
  if (rows < 0 || (unsigned long)rows > 0x3FFFFFFFUL / (width + 1)) return 0;
  n->data = alloc_zeroed((unsigned long)rows * width * sizeof(float) + 16);
  n->data_y = n->data ? alloc_zeroed((unsigned long)rows * sizeof(float)) : 0;
  return n->data_y ? n->data : 0;
}

EXPORT(params) float *params(Net *n) { return n->params; }
EXPORT(inputs) float *inputs(Net *n) { return n->acts[0]; }
EXPORT(targets) float *targets(Net *n) { return n->y; }
EXPORT(held_targets) float *held_targets(Net *n) { return n->data_y; }
EXPORT(order) int *order(Net *n) { return n->order; }
EXPORT(class_weights) float *class_weights(Net *n) { return n->class_weights; }
EXPORT(size) int size(Net *n) { return n->size; }
EXPORT(loss) double loss(Net *n) { return n->loss; }
EXPORT(correct) int correct(Net *n) { return n->correct; }

/* Row r of the batch's inputs is rows[order[r]] of x; each layer's non-zero inputs are kept for backward(). */
STAGE void forward(Net *n, const float *x, int rows) {
  prefetch_rows(x, n->order, rows, n->dims[0]);
  for (int l = 0; l < n->layers; l++) {
    int in = n->dims[l], out = n->dims[l + 1];
    const float *w = n->params + n->kernel_at[l];
    Finish f = {n->params + n->bias_at[l], 0, n->relu[l]};
    int *start = n->nz_start[l], *at = n->nz_at[l];
    float *val = n->nz_val[l];
    int count = 0;
    for (int r = 0; r < rows; r++) {
      const float *a = l == 0 ? x + (unsigned long)n->order[r] * in : n->acts[l] + r * in;
      start[r] = count;
      count += nonzeros(a, in, at + count, val + count);
    }
    start[rows] = count;
    for (int r = 0; r < rows; r++)
      row_sum(n->acts[l + 1] + r * out, w, out, at + start[r], val + start[r], start[r + 1] - start[r], out, f);
  }
}

/* Loss (weighted mean plus the L2 term) and the gradient at the output into deltas[layers]. */
STAGE void output_gradient(Net *n, int rows) {
  int k = n->dims[n->layers];
  const float *out = n->acts[n->layers];
  float *d = n->deltas[n->layers];
  double loss = 0;
  int correct = 0;
  int power_of_two = (rows & (rows - 1)) == 0;
  if (n->task == 0) {
    for (int r = 0; r < rows; r++) {
      const float *o = out + r * k;
      float *dr = d + r * k;
      int label = (int)n->y[r];
      int best = 0;
      for (int c = 1; c < k; c++)
        if (o[c] > o[best]) best = c;
      if (best == label) correct++;
      /* Each exp once, four at a time (the lanes past the last class read the next floats of the buffer and are never used); the sum in class order, in float64. */
      float max = o[best];
      double sum = 0;
      v128_t maxv = wasm_f32x4_splat(max);
      for (int c = 0; c < k; c += 4) wasm_v128_store(exps + c, exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(o + c), maxv)));
      for (int c = 0; c < k; c++) sum += exps[c];
      double w = n->has_class_weights ? n->class_weights[label] : 1;
      row_sums[r] = sum;
      row_max[r] = max;
      /* dr[c] = (e[c] * (w / sum) - (c == label ? w : 0)) / rows: one division a row, four classes at a time. */
      v128_t scale = wasm_f32x4_splat((float)(w / sum));
      v128_t per_row = wasm_f32x4_splat(1.0f / rows), rowsv = wasm_f32x4_splat((float)rows);
      int c = 0;
      for (; c + 4 <= k; c += 4) {
        v128_t g = wasm_f32x4_mul(wasm_v128_load(exps + c), scale);
        /* x / rows is x * (1 / rows) exactly when rows is a power of two (a full batch of 256). */
        wasm_v128_store(dr + c, power_of_two ? wasm_f32x4_mul(g, per_row) : wasm_f32x4_div(g, rowsv));
      }
      for (; c < k; c++) {
        float g = exps[c] * wasm_f32x4_extract_lane(scale, 0);
        dr[c] = power_of_two ? g * (1.0f / rows) : g / (float)rows;
      }
      dr[label] -= (float)(w / rows);
    }
    js_logs(row_sums, rows);
    for (int r = 0; r < rows; r++) {
      int label = (int)n->y[r];
      double w = n->has_class_weights ? n->class_weights[label] : 1;
      loss += w * (row_max[r] + row_sums[r] - out[r * k + label]);
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
 * Kernel gradient of a layer with fewer than 16 outputs (a binary or regression head, a logistic
 * regression): gw[:, c] = sum over rows r of d[r, c] * a[r, :], a weighted sum of the input rows
 * (row r of a at a_rows + order[r] * in) per output. The sum per weight runs over the rows in order as
 * in kernel_gradient; it also adds the rows where a is zero, which changes no sum. kernel_gradient's
 * 4-wide and 1-3-wide passes are one chain of dependent adds per column: 3 times slower here.
 */
STAGE void kernel_gradient_narrow(const float *a_rows, const int *order, int in, const float *d, int rows, int out, float *gw) {
  Finish plain = {0, 0, 0};
  for (int c = 0; c < out; c++) {
    for (int r = 0; r < rows; r++) column[r] = d[r * out + c];
    row_sum(transposed, a_rows, in, order, column, rows, in, plain);
    for (int i = 0; i < in; i++) gw[i * out + c] = transposed[i];
  }
}

/*
 * Kernel gradient of layer l: gw[i, :] = sum over rows r of a[r, i] * d[r, :]. The forward pass's
 * row-by-row non-zero lists are sorted into one list per input column (a counting sort, rows stay
 * in order), so the sum for one weight row stays in registers. Sixteen outputs of every weight row,
 * then the next sixteen: the sixteen-column strip of d (16 KB for 256 rows) stays in the L1 cache,
 * where all of d (64 KB for 64 outputs) does not.
 */
STAGE void kernel_gradient(const Net *n, int l, const float *d, int rows, float *gw) {
  int in = n->dims[l], out = n->dims[l + 1];
  const int *start = n->nz_start[l], *at = n->nz_at[l];
  const float *val = n->nz_val[l];
  int total = start[rows];
  for (int i = 0; i <= in; i++) col_start[i] = 0;
  for (int k = 0; k < total; k++) col_start[at[k] + 1]++;
  for (int i = 0; i < in; i++) col_start[i + 1] += col_start[i];
  /* col_start[i] is the next free slot of column i; after the loop it is column i's end, i.e. column i+1's start. */
  for (int r = 0; r < rows; r++)
    for (int k = start[r]; k < start[r + 1]; k++) {
      int slot = col_start[at[k]]++;
      col_row[slot] = r;
      col_val[slot] = val[k];
    }
  Finish plain = {0, 0, 0};
  for (int j = 0; j < out; j += 16) {
    int len = out - j < 16 ? out - j : 16;
    int begin = 0;
    for (int i = 0; i < in; i++) {
      int end = col_start[i];
      row_sum(gw + i * out + j, d + j, out, col_row + begin, col_val + begin, end - begin, len, plain);
      begin = end;
    }
  }
}

STAGE void backward(Net *n, const float *x, int rows) {
  for (int l = n->layers - 1; l >= 0; l--) {
    int in = n->dims[l], out = n->dims[l + 1];
    const float *w = n->params + n->kernel_at[l];
    float *gb = n->grads + n->bias_at[l];
    const float *d = n->deltas[l + 1];
    if (out < 16)
      kernel_gradient_narrow(l == 0 ? x : n->acts[l], l == 0 ? n->order : identity, in, d, rows, out, n->grads + n->kernel_at[l]);
    else
      kernel_gradient(n, l, d, rows, n->grads + n->kernel_at[l]);
    PROFILE(2);
    /* The bias gradient, the column sums of d, as the sum of its rows with weight 1 (exact): in registers. */
    Finish plain = {0, 0, 0};
    row_sum(gb, d, out, identity, ones, rows, out, plain);
    PROFILE(3);
    if (l == 0) continue;
    /*
     * The delta below, d . W^T, as weighted sums of the rows of W^T, then the relu mask. Where layer l
     * is relu, row r of d is zero wherever that layer's output is, so only the columns in the next
     * layer's non-zero input list are summed (a zero term adds nothing to the sum).
     */
    for (int i = 0; i < in; i++)
      for (int j = 0; j < out; j++) transposed[j * in + i] = w[i * out + j];
    int sparse = n->relu[l] && l + 1 < n->layers;
    float *below = n->deltas[l];
    for (int r = 0; r < rows; r++) {
      const float *dr = d + r * out;
      const int *at = identity;
      const float *vals = dr;
      int count = out;
      if (sparse) {
        at = n->nz_at[l + 1] + n->nz_start[l + 1][r];
        count = n->nz_start[l + 1][r + 1] - n->nz_start[l + 1][r];
        for (int k = 0; k < count; k++) dval[k] = dr[at[k]];
        vals = dval;
      }
      Finish f = {0, n->relu[l - 1] ? n->acts[l] + r * in : 0, 0};
      row_sum(below + r * in, transposed, in, at, vals, count, in, f);
    }
    PROFILE(4);
  }
}

STAGE void update(Net *n) {
  n->t++;
  float *p = n->params, *g = n->grads;
  if (n->l2 > 0) {
    for (int l = 0; l < n->layers; l++)
      for (int i = n->kernel_at[l]; i < n->bias_at[l]; i++) g[i] = (float)(g[i] + 2 * n->l2 * p[i]);
  }
  double lr = n->lr;
  int size = n->size;
  if (n->optimizer == 0) {
    float b1 = (float)n->beta1, b2 = (float)n->beta2;
    /* The bias corrections folded into two factors once a step: a multiplication each instead of two divisions per weight. */
    float step = (float)(lr / (1 - js_pow(n->beta1, n->t))), inv_c2 = (float)(1 / (1 - js_pow(n->beta2, n->t))), eps = (float)n->eps;
    float *m = n->m, *v = n->v;
    int i = 0;
    v128_t b1v = wasm_f32x4_splat(b1), b1c = wasm_f32x4_splat(1 - b1), b2v = wasm_f32x4_splat(b2), b2c = wasm_f32x4_splat(1 - b2);
    v128_t stepv = wasm_f32x4_splat(step), inv_c2v = wasm_f32x4_splat(inv_c2), epsv = wasm_f32x4_splat(eps);
    for (; i + 4 <= size; i += 4) {
      v128_t gi = wasm_v128_load(g + i);
      v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(b1v, wasm_v128_load(m + i)), wasm_f32x4_mul(b1c, gi));
      v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(b2v, wasm_v128_load(v + i)), wasm_f32x4_mul(b2c, wasm_f32x4_mul(gi, gi)));
      wasm_v128_store(m + i, mi);
      wasm_v128_store(v + i, vi);
      v128_t denom = wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_mul(vi, inv_c2v)), epsv);
      wasm_v128_store(p + i, wasm_f32x4_sub(wasm_v128_load(p + i), wasm_f32x4_div(wasm_f32x4_mul(stepv, mi), denom)));
    }
    for (; i < size; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * (g[i] * g[i]);
      p[i] = p[i] - (step * m[i]) / (__builtin_sqrtf(v[i] * inv_c2) + eps);
    }
  } else if (n->optimizer == 1) {
    float decay = (float)n->decay, eps = (float)n->eps, rate = (float)lr;
    for (int i = 0; i < size; i++) {
      float gi = g[i];
      n->v[i] = decay * n->v[i] + (1 - decay) * gi * gi;
      p[i] = p[i] - (rate * gi) / __builtin_sqrtf(n->v[i] + eps);
    }
  } else {
    for (int i = 0; i < size; i++) p[i] = (float)(p[i] - lr * g[i]);
  }
}

static void train(Net *n, const float *x, const float *y, int rows) {
  PROFILE_START();
  for (int r = 0; r < rows; r++) n->y[r] = y[n->order[r]];
  forward(n, x, rows);
  PROFILE(0);
  output_gradient(n, rows);
  PROFILE(1);
  backward(n, x, rows);
  update(n);
  PROFILE(5);
}

/* One step on the first `rows` rows of inputs(n) and targets(n); loss(n) and correct(n) describe it. */
EXPORT(step) void step(Net *n, int rows) {
  for (int r = 0; r < rows; r++) n->order[r] = r;
  /* The targets are read through order into n->y itself: a copy from a slot to the same slot. */
  train(n, n->acts[0], n->y, rows);
}

/* One step on the held training set's rows order(n)[0..rows). */
EXPORT(step_rows) void step_rows(Net *n, int rows) { train(n, n->data, n->data_y, rows); }

/*
 * The SIMD loops of mlp-step.c, apart from the network: weighted sums of matrix rows, lists of
 * non-zero entries, a batch's row prefetch, and e^x. Included once, by mlp-step.c (one translation
 * unit, so that clang inlines these into each caller with its constant arguments). The loops are
 * forced inline (LOOP): with the passes out of line (mlp-step.c), clang kept row_sum as a function
 * of its own, called once per row with its Finish in memory, and a kdd epoch took 5% longer.
 */
#include <wasm_simd128.h>

#define LOOP static inline __attribute__((always_inline))

/*
 * e^x for x <= 0 (softmax terms after subtracting the row's maximum), four at a time, to about one
 * float32 ulp: x = k ln2 + r with |r| <= ln2/2, Cephes' degree-5 minimax polynomial of expf for e^r,
 * times 2^k built in the exponent bits. A call into JavaScript's Math.exp per class and row cost more
 * than the rest of the loss; the float64 version before this, two at a time to 1e-16, was 5% of a kdd step.
 */
LOOP v128_t exp_nonpositive(v128_t x) {
#define C(v) wasm_f32x4_splat(v)
  v128_t k = wasm_f32x4_nearest(wasm_f32x4_mul(x, C(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(x, wasm_f32x4_mul(k, C(0.693359375f))), wasm_f32x4_mul(k, C(-2.12194440e-4f)));
  v128_t p = C(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), C(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), C(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), C(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), C(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), C(5.0000001201e-1f));
  v128_t e = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), C(1.0f));
  /* k + 127 shifted into the exponent field is 2^k (k >= -126 for the x kept below). */
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return wasm_v128_andnot(wasm_f32x4_mul(e, scale), wasm_f32x4_lt(x, C(-87.0f)));
#undef C
}

/*
 * For each 4-bit mask of the lanes to keep, the byte shuffle that moves those lanes (32 bits each) to
 * the front, in order; the other bytes are don't-cares (index 0x80 reads as zero).
 */
static v128_t compact[16];
static void init_compact(void) {
  for (int mask = 0; mask < 16; mask++) {
    unsigned char bytes[16];
    int kept = 0;
    for (int lane = 0; lane < 4; lane++)
      if (mask & (1 << lane)) {
        for (int b = 0; b < 4; b++) bytes[kept * 4 + b] = (unsigned char)(lane * 4 + b);
        kept++;
      }
    for (int b = kept * 4; b < 16; b++) bytes[b] = 0x80;
    compact[mask] = wasm_v128_load(bytes);
  }
}

/* What row_sum does to each finished sum before storing it: add a bias, apply relu, or zero it where a mask row is not positive. */
typedef struct {
  const float *bias;
  const float *mask;
  int relu;
} Finish;

LOOP v128_t finish(v128_t sum, Finish f, int j) {
  if (f.bias) sum = wasm_f32x4_add(sum, wasm_v128_load(f.bias + j));
  /* pmax(0, x) is 0 < x ? x : 0, the relu of the scalar code before it (a NaN becomes 0). */
  if (f.relu) sum = wasm_f32x4_pmax(wasm_f32x4_splat(0), sum);
  if (f.mask) sum = wasm_v128_and(sum, wasm_f32x4_gt(wasm_v128_load(f.mask + j), wasm_f32x4_splat(0)));
  return sum;
}

/*
 * out[j] = finish(sum over k < count of val[k] * rows[at[k] * stride + j]), for j < len: the weighted sum
 * of `count` rows of a row-major matrix (only the rows whose weight is not zero are listed). Sixteen
 * columns at a time stay in registers across the whole sum; the rest four, then one at a time.
 */
LOOP void row_sum(float *out, const float *rows, int stride, const int *at, const float *val, int count, int len, Finish f) {
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
    wasm_v128_store(out + j, finish(a0, f, j));
    wasm_v128_store(out + j + 4, finish(a1, f, j + 4));
    wasm_v128_store(out + j + 8, finish(a2, f, j + 8));
    wasm_v128_store(out + j + 12, finish(a3, f, j + 12));
  }
  for (; j + 4 <= len; j += 4) {
    v128_t a0 = wasm_f32x4_splat(0);
    for (int k = 0; k < count; k++) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(val[k]), wasm_v128_load(rows + at[k] * stride + j)));
    wasm_v128_store(out + j, finish(a0, f, j));
  }
  if (j < len) {
    /* The last 1-3 columns four wide as well: the loads run past the row into memory that exists
       (the next row, or the 16 spare bytes after every buffer); only the wanted lanes are stored. */
    v128_t a0 = wasm_f32x4_splat(0);
    for (int k = 0; k < count; k++) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(val[k]), wasm_v128_load(rows + at[k] * stride + j)));
    a0 = finish(a0, f, j);
    out[j] = wasm_f32x4_extract_lane(a0, 0);
    if (j + 1 < len) out[j + 1] = wasm_f32x4_extract_lane(a0, 1);
    if (j + 2 < len) out[j + 2] = wasm_f32x4_extract_lane(a0, 2);
  }
}

/*
 * The positions and values of the non-zero entries of x[0..len); returns their count. Four at a
 * time: the lanes that are not zero are shuffled to the front and all four stored, the count moving
 * on by how many were kept (the stores may write up to 3 entries past the list's end: every buffer has
 * 16 spare bytes). Branch-free: relu zeros are unpredictable.
 */
LOOP int nonzeros(const float *x, int len, int *at, float *val) {
  int count = 0, i = 0;
  v128_t lanes = wasm_i32x4_make(0, 1, 2, 3);
  for (; i + 4 <= len; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    int mask = wasm_i32x4_bitmask(wasm_f32x4_ne(v, wasm_f32x4_splat(0)));
    v128_t shuffle = compact[mask];
    wasm_v128_store(val + count, wasm_i8x16_swizzle(v, shuffle));
    wasm_v128_store(at + count, wasm_i8x16_swizzle(wasm_i32x4_add(lanes, wasm_i32x4_splat(i)), shuffle));
    count += __builtin_popcount(mask);
  }
  for (; i < len; i++) {
    float s = x[i];
    at[count] = i;
    val[count] = s;
    count += s != 0;
  }
  return count;
}

/*
 * Reads one word of every cache line of the batch's rows (scattered over the training set): a loop of
 * nothing but independent loads keeps many cache misses in flight at once, where the first layer's
 * own loop waits on them a few at a time. 17% of an epoch on both bench sets (adult's rows sit in the
 * L3 cache, kdd's 233 MB do not).
 */
LOOP void prefetch_rows(const float *x, const int *order, int rows, int in) {
  static volatile float sink;
  v128_t any = wasm_f32x4_splat(0);
  for (int r = 0; r < rows; r++) {
    const float *a = x + (unsigned long)order[r] * in;
    for (int i = 0; i < in; i += 16) any = wasm_v128_or(any, wasm_v128_load32_splat(a + i));
    any = wasm_v128_or(any, wasm_v128_load32_splat(a + in - 1));
  }
  sink = wasm_f32x4_extract_lane(any, 0); /* so that the loads are not optimised away */
}

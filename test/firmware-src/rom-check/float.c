/* The 32 entries of the ROM's soft-float table ('SF'). Expected values: libgcc's IEEE soft float and
   newlib's libm (independent implementations), with the ROM's denormal flush applied, plus a table of
   hand-checked bit patterns for the edge cases. */
#include <math.h>
#include "check.h"

enum {
  FADD, FSUB, FMUL, FDIV, FCMP_FAST, FCMP_FAST_FLAGS, FSQRT, FLOAT2INT, FLOAT2FIX, FLOAT2UINT, FLOAT2UFIX,
  INT2FLOAT, FIX2FLOAT, UINT2FLOAT, UFIX2FLOAT, FCOS, FSIN, FTAN, FSINCOS, FEXP, FLN, FCMP, FATAN2,
  INT642FLOAT, FIX642FLOAT, UINT642FLOAT, UFIX642FLOAT, FLOAT2INT64, FLOAT2FIX64, FLOAT2UINT64,
  FLOAT2UFIX64, FLOAT2DOUBLE
};

typedef uint32_t (*f1_t)(uint32_t);
typedef uint32_t (*f2_t)(uint32_t, uint32_t);
typedef uint64_t (*w1_t)(uint32_t);
typedef uint64_t (*w2_t)(uint32_t, int32_t);
typedef uint32_t (*l1_t)(uint64_t);
typedef uint32_t (*l2_t)(uint64_t, int32_t);

static void *const *sf;
#define F1(i) ((f1_t)sf[i])
#define F2(i) ((f2_t)sf[i])
#define W1(i) ((w1_t)sf[i])
#define W2(i) ((w2_t)sf[i])
#define L1(i) ((l1_t)sf[i])
#define L2(i) ((l2_t)sf[i])

#define ONE 0x3f800000u
#define TWO 0x40000000u
#define HALF 0x3f000000u
#define PINF 0x7f800000u
#define NINF 0xff800000u
#define QNAN 0x7fc00000u
#define NZERO 0x80000000u
#define MIN_NORMAL 0x00800000u
#define DENORM 0x00000001u
#define NDENORM 0x80400000u

static float f(uint32_t b) { return bitsf(ftz32(b)); }

/* a random float: mostly normal numbers of moderate size, sometimes any bit pattern at all */
static uint32_t rnd_float(void) {
  uint32_t r = rnd();
  if ((r & 7) == 0) return rnd();
  uint32_t e = 127 - 60 + (rnd() % 120);
  return (rnd() & 0x807fffffu) | (e << 23);
}

/* a partner with a nearby exponent, so additions cancel and round in interesting ways */
static uint32_t rnd_near(uint32_t a) {
  if ((rnd() & 3) == 0) return rnd_float();
  int e = (int)((a >> 23) & 0xff) + (int)(rnd() % 52) - 26;
  if (e < 1) e = 1;
  if (e > 254) e = 254;
  return (rnd() & 0x807fffffu) | ((uint32_t)e << 23);
}

static int same_f32(uint32_t got, uint32_t want) { return isnan32(want) ? isnan32(got) : got == want; }

static int within_ulps32(uint32_t got, uint32_t want, uint32_t ulps) {
  if (isnan32(want)) return isnan32(got);
  if ((got ^ want) & 0x80000000u) return (got << 1) == 0 && (want << 1) == 0;
  uint32_t d = got > want ? got - want : want - got;
  return d <= ulps;
}

static void sweep_binary(const char *name, int index, float (*ref)(float, float)) {
  sweep_t s = {name};
  for (int i = 0; i < 1500; i++) {
    uint32_t a = rnd_float(), b = rnd_near(a);
    uint32_t got = F2(index)(a, b), want = ftz32(fbits(ref(f(a), f(b))));
    sweep_note(&s, same_f32(got, want), got, want, a, b);
  }
  sweep_end(&s);
}

static float add(float a, float b) { return a + b; }
static float sub(float a, float b) { return a - b; }
static float mul(float a, float b) { return a * b; }
static float divide(float a, float b) { return a / b; }

/* floor(x · 2^n) saturated to the destination's range; NaN saturates by its sign bit */
static double ref_floor(double x, int n) { return floor(ldexp(x, n)); }
static uint32_t ref_int32(double x, int n, int negative) {
  if (isnan(x)) return negative ? 0x80000000u : 0x7fffffffu;
  double v = ref_floor(x, n);
  if (v >= 2147483648.0) return 0x7fffffffu;
  if (v < -2147483648.0) return 0x80000000u;
  return (uint32_t)(int32_t)v;
}
static uint32_t ref_uint32(double x, int n, int negative) {
  if (isnan(x)) return negative ? 0 : 0xffffffffu;
  double v = ref_floor(x, n);
  if (v >= 4294967296.0) return 0xffffffffu;
  if (v < 0) return 0;
  return (uint32_t)v;
}
static uint64_t ref_int64(double x, int n, int negative) {
  if (isnan(x)) return negative ? 0x8000000000000000ull : 0x7fffffffffffffffull;
  double v = ref_floor(x, n);
  if (v >= 9223372036854775808.0) return 0x7fffffffffffffffull;
  if (v < -9223372036854775808.0) return 0x8000000000000000ull;
  return (uint64_t)(int64_t)v;
}
static uint64_t ref_uint64(double x, int n, int negative) {
  if (isnan(x)) return negative ? 0 : 0xffffffffffffffffull;
  double v = ref_floor(x, n);
  if (v >= 18446744073709551616.0) return 0xffffffffffffffffull;
  if (v < 0) return 0;
  return (uint64_t)v;
}

static float pow2f(int n) { return bitsf((uint32_t)(127 + n) << 23); } /* |n| ≤ 126 */

static void check_edges(void) {
  /* rounding: 1 + 2^-24 is a tie and rounds to even (1.0); 1 + 3·2^-24 ties up to the even 1 + 2^-22 */
  check_f32("fadd_tie_even_down", F2(FADD)(ONE, 0x33800000u), ONE);
  check_f32("fadd_tie_even_up", F2(FADD)(ONE, 0x34400000u), 0x3f800002u);
  check_f32("fadd_round_up", F2(FADD)(ONE, 0x33800001u), 0x3f800001u);
  check_f32("fadd_neg_zeros", F2(FADD)(NZERO, NZERO), NZERO);
  check_f32("fsub_self_is_plus_zero", F2(FSUB)(0x40490fdbu, 0x40490fdbu), 0);
  check_f32("fadd_overflow_inf", F2(FADD)(0x7f7fffffu, 0x7f7fffffu), PINF);
  check_f32("fadd_inf", F2(FADD)(PINF, ONE), PINF);
  check_f32("fadd_inf_minus_inf_nan", F2(FADD)(PINF, NINF), QNAN);
  check_f32("fadd_nan", F2(FADD)(QNAN, ONE), QNAN);
  check_f32("fsub_nan_second", F2(FSUB)(ONE, 0xffc00001u), QNAN);
  check_f32("fmul_nan", F2(FMUL)(ONE, QNAN), QNAN);
  check_f32("fmul_zero_inf_nan", F2(FMUL)(0, PINF), QNAN);
  check_f32("fmul_sign", F2(FMUL)(0xc0000000u, 0x40400000u), 0xc0c00000u);
  check_f32("fmul_overflow_neg_inf", F2(FMUL)(0xff000000u, 0x40000000u), NINF);
  check_f32("fmul_tie_even", F2(FMUL)(0x3f800001u, 0x3f800001u), 0x3f800002u);
  check_f32("fdiv_one_third", F2(FDIV)(ONE, 0x40400000u), 0x3eaaaaabu);
  check_f32("fdiv_by_zero", F2(FDIV)(ONE, 0), PINF);
  check_f32("fdiv_by_neg_zero", F2(FDIV)(ONE, NZERO), NINF);
  check_f32("fdiv_zero_zero_nan", F2(FDIV)(0, 0), QNAN);
  check_f32("fdiv_inf_inf_nan", F2(FDIV)(PINF, PINF), QNAN);
  /* denormals: inputs read as zero, results flush to a signed zero (the genuine ROM does the same) */
  check_f32("fadd_denormal_input_is_zero", F2(FADD)(DENORM, 0), 0);
  check_f32("fmul_denormal_input_flushed", F2(FMUL)(0x00400000u, 0x7e800000u), 0);
  check_f32("fmul_denormal_result_flushed", F2(FMUL)(MIN_NORMAL, HALF), 0);
  check_f32("fmul_neg_denormal_result_flushed", F2(FMUL)(0x80800000u, HALF), NZERO);
  check_f32("fsub_denormal_result_flushed", F2(FSUB)(0x00800001u, MIN_NORMAL), 0);
  check_f32("fmul_min_normal_kept", F2(FMUL)(0x01000000u, HALF), MIN_NORMAL);
  /* square root: the ROM returns -inf for negative arguments */
  check_f32("fsqrt_two", F1(FSQRT)(TWO), 0x3fb504f3u);
  check_f32("fsqrt_four", F1(FSQRT)(0x40800000u), TWO);
  check_f32("fsqrt_neg_zero", F1(FSQRT)(NZERO), NZERO);
  check_f32("fsqrt_negative_is_neg_inf", F1(FSQRT)(0xbf800000u), NINF);
  check_f32("fsqrt_inf", F1(FSQRT)(PINF), PINF);
  check_f32("fsqrt_nan", F1(FSQRT)(QNAN), QNAN);
  /* conversions to integers round toward -inf and saturate */
  check_u32("float2int_1p5", F1(FLOAT2INT)(0x3fc00000u), 1);
  check_u32("float2int_neg_1p5_floor", F1(FLOAT2INT)(0xbfc00000u), (uint32_t)-2);
  check_u32("float2int_neg_zero", F1(FLOAT2INT)(NZERO), 0);
  check_u32("float2int_neg_denormal_is_zero", F1(FLOAT2INT)(NDENORM), 0);
  check_u32("float2int_2p31_saturates", F1(FLOAT2INT)(0x4f000000u), 0x7fffffffu);
  check_u32("float2int_neg_2p31_exact", F1(FLOAT2INT)(0xcf000000u), 0x80000000u);
  check_u32("float2int_neg_2p32_saturates", F1(FLOAT2INT)(0xcf800000u), 0x80000000u);
  check_u32("float2int_inf", F1(FLOAT2INT)(PINF), 0x7fffffffu);
  check_u32("float2int_neg_inf", F1(FLOAT2INT)(NINF), 0x80000000u);
  check_u32("float2int_nan_saturates_by_sign", F1(FLOAT2INT)(QNAN), 0x7fffffffu);
  check_u32("float2fix_half_q16", F2(FLOAT2FIX)(HALF, 16), 0x8000);
  check_u32("float2fix_neg_half_q1", F2(FLOAT2FIX)(0xbf000000u, 1), (uint32_t)-1);
  check_u32("float2fix_neg_quarter_q1_floor", F2(FLOAT2FIX)(0xbe800000u, 1), (uint32_t)-1);
  check_u32("float2fix_saturates", F2(FLOAT2FIX)(ONE, 40), 0x7fffffffu);
  check_u32("float2fix_negative_shift", F2(FLOAT2FIX)(0x40400000u, -1), 1);
  check_u32("float2uint_3p99", F1(FLOAT2UINT)(0x407f5c29u), 3);
  check_u32("float2uint_negative_is_zero", F1(FLOAT2UINT)(0xbf800000u), 0);
  check_u32("float2uint_2p32_saturates", F1(FLOAT2UINT)(0x4f800000u), 0xffffffffu);
  check_u32("float2uint_max_exact", F1(FLOAT2UINT)(0x4f7fffffu), 0xffffff00u);
  check_u32("float2ufix_half_q16", F2(FLOAT2UFIX)(HALF, 16), 0x8000);
  check_u32("float2ufix_saturates", F2(FLOAT2UFIX)(0x4f000000u, 1), 0xffffffffu);
  /* conversions from integers round to nearest, ties to even */
  check_f32("int2float_tie_even_down", F1(INT2FLOAT)(16777217), 0x4b800000u);
  check_f32("int2float_tie_even_up", F1(INT2FLOAT)(16777219), 0x4b800002u);
  check_f32("int2float_min", F1(INT2FLOAT)(0x80000000u), 0xcf000000u);
  check_f32("int2float_zero", F1(INT2FLOAT)(0), 0);
  check_f32("uint2float_max_rounds_up", F1(UINT2FLOAT)(0xffffffffu), 0x4f800000u);
  check_f32("fix2float_half", F2(FIX2FLOAT)(1, 1), HALF);
  check_f32("fix2float_neg_three_quarters", F2(FIX2FLOAT)((uint32_t)-3, 2), 0xbf400000u);
  check_f32("fix2float_denormal_flushed", F2(FIX2FLOAT)(1, 130), 0);
  check_f32("fix2float_negative_shift", F2(FIX2FLOAT)(3, -4), 0x42400000u);
  check_f32("ufix2float_one", F2(UFIX2FLOAT)(0x80000000u, 31), ONE);
  /* 2^60 + 2^36 + 1: going through double first would round twice and give 2^60 */
  check_f32("int642float_no_double_rounding", L1(INT642FLOAT)(0x1000001000000001ull), 0x5d800001u);
  check_f32("int642float_negative", L1(INT642FLOAT)((uint64_t)-1000000000000ll), 0xd368d4a5u);
  check_f32("int642float_min", L1(INT642FLOAT)(0x8000000000000000ull), 0xdf000000u);
  check_f32("uint642float_max", L1(UINT642FLOAT)(0xffffffffffffffffull), 0x5f800000u);
  check_f32("fix642float_2m64", L2(FIX642FLOAT)(1, 64), 0x1f800000u);
  check_f32("ufix642float_half", L2(UFIX642FLOAT)(0x8000000000000000ull, 64), HALF);
  check_u64("float2int64_neg_1p5_floor", W1(FLOAT2INT64)(0xbfc00000u), (uint64_t)-2);
  check_u64("float2int64_1e10", W1(FLOAT2INT64)(0x501502f9u), 10000000000ull);
  check_u64("float2int64_2p63_saturates", W1(FLOAT2INT64)(0x5f000000u), 0x7fffffffffffffffull);
  check_u64("float2int64_neg_inf", W1(FLOAT2INT64)(NINF), 0x8000000000000000ull);
  check_u64("float2fix64_2p32", W2(FLOAT2FIX64)(ONE, 32), 0x100000000ull);
  check_u64("float2fix64_neg_tiny_floor", W2(FLOAT2FIX64)(0xa0000000u, 8), (uint64_t)-1);
  check_u64("float2uint64_negative_is_zero", W1(FLOAT2UINT64)(0xbf800000u), 0);
  check_u64("float2uint64_2p64_saturates", W1(FLOAT2UINT64)(0x5f800000u), 0xffffffffffffffffull);
  check_u64("float2ufix64_half_q1", W2(FLOAT2UFIX64)(HALF, 1), 1);
  check_f64("float2double_1p5", W1(FLOAT2DOUBLE)(0x3fc00000u), 0x3ff8000000000000ull);
  check_f64("float2double_denormal_flushed", W1(FLOAT2DOUBLE)(NDENORM), 0x8000000000000000ull);
  check_f64("float2double_neg_inf", W1(FLOAT2DOUBLE)(NINF), 0xfff0000000000000ull);
  check_f64("float2double_nan", W1(FLOAT2DOUBLE)(QNAN), 0x7ff8000000000000ull);
  /* comparisons: -1 / 0 / 1, with -0 == +0 and denormals equal to zero */
  check_u32("fcmp_less", F2(FCMP)(ONE, TWO), (uint32_t)-1);
  check_u32("fcmp_greater", F2(FCMP)(TWO, ONE), 1);
  check_u32("fcmp_equal", F2(FCMP)(ONE, ONE), 0);
  check_u32("fcmp_zero_signs_equal", F2(FCMP)(0, NZERO), 0);
  check_u32("fcmp_denormal_equals_zero", F2(FCMP)(DENORM, 0), 0);
  check_u32("fcmp_negatives", F2(FCMP)(0xc0000000u, 0xbf800000u), (uint32_t)-1);
  check_u32("fcmp_infinities", F2(FCMP)(NINF, PINF), (uint32_t)-1);
  check_u32("fcmp_fast_less", F2(FCMP_FAST)(ONE, TWO), (uint32_t)-1);
  check_u32("fcmp_fast_equal", F2(FCMP_FAST)(TWO, TWO), 0);
  /* flags version: N Z C as after a signed compare (N = less, Z = equal, C = greater or equal) */
  check_u32("fcmp_flags_less", call_flags2(sf[FCMP_FAST_FLAGS], ONE, TWO) >> 28 & 0xe, 0x8);
  check_u32("fcmp_flags_equal", call_flags2(sf[FCMP_FAST_FLAGS], ONE, ONE) >> 28 & 0xe, 0x6);
  check_u32("fcmp_flags_greater", call_flags2(sf[FCMP_FAST_FLAGS], TWO, ONE) >> 28 & 0xe, 0x2);
  /* elementary functions at exact points */
  check_f32("fsin_zero", F1(FSIN)(0), 0);
  check_f32("fcos_zero", F1(FCOS)(0), ONE);
  check_f32("ftan_zero", F1(FTAN)(0), 0);
  check_f32("fexp_zero", F1(FEXP)(0), ONE);
  check_f32("fexp_one", F1(FEXP)(ONE), 0x402df854u);
  check_f32("fexp_overflow", F1(FEXP)(0x42c80000u), PINF);
  check_f32("fln_one", F1(FLN)(ONE), 0);
  check_f32("fln_zero_neg_inf", F1(FLN)(0), NINF);
  check_f32("fln_negative_neg_inf", F1(FLN)(0xbf800000u), NINF);
  /* ln of e rounded to float is 1 - 3.04e-8, just below the midpoint to 1.0 */
  check_f32("fln_e_float", F1(FLN)(0x402df854u), 0x3f7fffffu);
  check_f32("fatan2_one_one", F2(FATAN2)(ONE, ONE), 0x3f490fdbu);
  check_f32("fatan2_zero_neg_one", F2(FATAN2)(0, 0xbf800000u), 0x40490fdbu);
  uint64_t sc = W1(FSINCOS)(0);
  check_f32("fsincos_zero_sin", (uint32_t)sc, 0);
  check_f32("fsincos_zero_cos", (uint32_t)(sc >> 32), ONE);
  /* pico-sdk's sincosf takes the cosine from r1 after fsin, as the genuine ROM leaves it there */
  uint64_t sr1 = ((uint64_t(*)(uint32_t))sf[FSIN])(0x3f490fdbu);
  check("fsin_leaves_cos_in_r1", within_ulps32((uint32_t)(sr1 >> 32), fbits((float)cos(bitsf(0x3f490fdbu))), 1),
        sr1 >> 32, fbits((float)cos(bitsf(0x3f490fdbu))));
}

typedef double (*dfn1)(double);

static void sweep_libm(const char *name, int index, dfn1 ref, float lo, float hi) {
  sweep_t s = {name};
  for (int i = 0; i < 400; i++) {
    float x = lo + (hi - lo) * (float)(rnd() >> 8) * (1.0f / 16777216.0f);
    uint32_t got = F1(index)(fbits(x)), want = ftz32(fbits((float)ref(x)));
    sweep_note(&s, within_ulps32(got, want, 1), got, want, fbits(x), 0);
  }
  sweep_end(&s);
}

static void check_sweeps(void) {
  sweep_binary("fadd_sweep", FADD, add);
  sweep_binary("fsub_sweep", FSUB, sub);
  sweep_binary("fmul_sweep", FMUL, mul);
  sweep_binary("fdiv_sweep", FDIV, divide);

  sweep_t s = {"fsqrt_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint32_t a = rnd_float();
    float x = f(a);
    uint32_t want = isnan(x) ? QNAN : x < 0 ? NINF : x == 0 ? ftz32(a) : ftz32(fbits(sqrtf(x)));
    uint32_t got = F1(FSQRT)(a);
    sweep_note(&s, same_f32(got, want), got, want, a, 0);
  }
  sweep_end(&s);

  s = (sweep_t){"fcmp_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint32_t a = rnd_float(), b = (i & 1) ? a ^ (rnd() & 3) : rnd_near(a);
    if (isnan32(a) || isnan32(b)) continue;
    float x = f(a), y = f(b);
    uint32_t want = x < y ? (uint32_t)-1 : x > y ? 1 : 0;
    uint32_t got = F2(FCMP)(a, b);
    sweep_note(&s, got == want, got, want, a, b);
  }
  sweep_end(&s);

  sweep_t s1 = {"float2int_sweep"}, s2 = {"float2fix_sweep"}, s3 = {"float2uint_sweep"}, s4 = {"float2ufix_sweep"};
  sweep_t s5 = {"float2int64_sweep"}, s6 = {"float2fix64_sweep"}, s7 = {"float2uint64_sweep"}, s8 = {"float2ufix64_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint32_t a = rnd_float();
    if ((i & 3) == 0) a = (a & 0x807fffffu) | ((uint32_t)(120 + rnd() % 70) << 23); /* near the limits */
    int n = (int)(rnd() % 60) - 20;
    int neg = (int)(a >> 31);
    double x = f(a);
    uint32_t got, want;
    uint64_t got64, want64;
    got = F1(FLOAT2INT)(a), want = ref_int32(x, 0, neg);
    sweep_note(&s1, got == want, got, want, a, 0);
    got = F2(FLOAT2FIX)(a, n), want = ref_int32(x, n, neg);
    sweep_note(&s2, got == want, got, want, a, (uint32_t)n);
    got = F1(FLOAT2UINT)(a), want = ref_uint32(x, 0, neg);
    sweep_note(&s3, got == want, got, want, a, 0);
    got = F2(FLOAT2UFIX)(a, n), want = ref_uint32(x, n, neg);
    sweep_note(&s4, got == want, got, want, a, (uint32_t)n);
    got64 = W1(FLOAT2INT64)(a), want64 = ref_int64(x, 0, neg);
    sweep_note(&s5, got64 == want64, got64, want64, a, 0);
    got64 = W2(FLOAT2FIX64)(a, n), want64 = ref_int64(x, n, neg);
    sweep_note(&s6, got64 == want64, got64, want64, a, (uint32_t)n);
    got64 = W1(FLOAT2UINT64)(a), want64 = ref_uint64(x, 0, neg);
    sweep_note(&s7, got64 == want64, got64, want64, a, 0);
    got64 = W2(FLOAT2UFIX64)(a, n), want64 = ref_uint64(x, n, neg);
    sweep_note(&s8, got64 == want64, got64, want64, a, (uint32_t)n);
  }
  sweep_end(&s1), sweep_end(&s2), sweep_end(&s3), sweep_end(&s4);
  sweep_end(&s5), sweep_end(&s6), sweep_end(&s7), sweep_end(&s8);

  s1 = (sweep_t){"int2float_sweep"}, s2 = (sweep_t){"fix2float_sweep"};
  s3 = (sweep_t){"uint2float_sweep"}, s4 = (sweep_t){"ufix2float_sweep"};
  s5 = (sweep_t){"int642float_sweep"}, s6 = (sweep_t){"fix642float_sweep"};
  s7 = (sweep_t){"uint642float_sweep"}, s8 = (sweep_t){"ufix642float_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint32_t v = rnd() >> (rnd() % 32);
    uint64_t w = ((uint64_t)rnd() << 32 | rnd()) >> (rnd() % 64);
    if (i & 1) v = -v, w = -w;
    int n = (int)(rnd() % 80) - 30;
    uint32_t got, want;
    got = F1(INT2FLOAT)(v), want = fbits((float)(int32_t)v);
    sweep_note(&s1, got == want, got, want, v, 0);
    got = F2(FIX2FLOAT)(v, n), want = ftz32(fbits((float)(int32_t)v * pow2f(-n)));
    sweep_note(&s2, got == want, got, want, v, (uint32_t)n);
    got = F1(UINT2FLOAT)(v), want = fbits((float)v);
    sweep_note(&s3, got == want, got, want, v, 0);
    got = F2(UFIX2FLOAT)(v, n), want = ftz32(fbits((float)v * pow2f(-n)));
    sweep_note(&s4, got == want, got, want, v, (uint32_t)n);
    got = L1(INT642FLOAT)(w), want = fbits((float)(int64_t)w);
    sweep_note(&s5, got == want, got, want, w, 0);
    got = L2(FIX642FLOAT)(w, n), want = ftz32(fbits((float)(int64_t)w * pow2f(-n)));
    sweep_note(&s6, got == want, got, want, w, (uint32_t)n);
    got = L1(UINT642FLOAT)(w), want = fbits((float)w);
    sweep_note(&s7, got == want, got, want, w, 0);
    got = L2(UFIX642FLOAT)(w, n), want = ftz32(fbits((float)w * pow2f(-n)));
    sweep_note(&s8, got == want, got, want, w, (uint32_t)n);
  }
  sweep_end(&s1), sweep_end(&s2), sweep_end(&s3), sweep_end(&s4);
  sweep_end(&s5), sweep_end(&s6), sweep_end(&s7), sweep_end(&s8);

  s = (sweep_t){"float2double_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint32_t a = rnd_float();
    uint64_t got = W1(FLOAT2DOUBLE)(a), want = dbits((double)f(a));
    sweep_note(&s, isnan64(want) ? isnan64(got) : got == want, got, want, a, 0);
  }
  sweep_end(&s);

  sweep_libm("fsin_sweep", FSIN, sin, -100.0f, 100.0f);
  sweep_libm("fcos_sweep", FCOS, cos, -100.0f, 100.0f);
  sweep_libm("ftan_sweep", FTAN, tan, -1.5f, 1.5f);
  sweep_libm("fexp_sweep", FEXP, exp, -80.0f, 80.0f);
  sweep_libm("fln_sweep", FLN, log, 1e-30f, 1e30f);

  s = (sweep_t){"fatan2_sweep"};
  for (int i = 0; i < 400; i++) {
    float y = (float)(int32_t)rnd() * 1e-9f, x = (float)(int32_t)rnd() * 1e-9f;
    uint32_t got = F2(FATAN2)(fbits(y), fbits(x)), want = fbits((float)atan2(y, x));
    sweep_note(&s, within_ulps32(got, want, 1), got, want, fbits(y), fbits(x));
  }
  sweep_end(&s);

  s = (sweep_t){"fsincos_sweep"};
  for (int i = 0; i < 400; i++) {
    float x = (float)(int32_t)rnd() * 4e-8f;
    uint64_t got = W1(FSINCOS)(fbits(x));
    uint32_t ws = fbits((float)sin(x)), wc = fbits((float)cos(x));
    int ok = within_ulps32((uint32_t)got, ws, 1) && within_ulps32((uint32_t)(got >> 32), wc, 1);
    sweep_note(&s, ok, got, (uint64_t)wc << 32 | ws, fbits(x), 0);
  }
  sweep_end(&s);
}

void check_float(void) {
  sf = rom_data('S', 'F');
  check_edges();
  check_sweeps();
}

/* The 32 entries of the ROM's soft-double table ('SD'), checked like float.c: libgcc's IEEE soft double
   and newlib's libm with the ROM's denormal flush applied, plus hand-checked bit patterns. */
#include <math.h>
#include "check.h"

enum {
  DADD, DSUB, DMUL, DDIV, DCMP_FAST, DCMP_FAST_FLAGS, DSQRT, DOUBLE2INT, DOUBLE2FIX, DOUBLE2UINT, DOUBLE2UFIX,
  INT2DOUBLE, FIX2DOUBLE, UINT2DOUBLE, UFIX2DOUBLE, DCOS, DSIN, DTAN, DSINCOS, DEXP, DLN, DCMP, DATAN2,
  INT642DOUBLE, FIX642DOUBLE, UINT642DOUBLE, UFIX642DOUBLE, DOUBLE2INT64, DOUBLE2FIX64, DOUBLE2UINT64,
  DOUBLE2UFIX64, DOUBLE2FLOAT
};

typedef uint64_t (*d1_t)(uint64_t);
typedef uint64_t (*d2_t)(uint64_t, uint64_t);
typedef uint32_t (*c2_t)(uint64_t, uint64_t);
typedef uint32_t (*n1_t)(uint64_t);
typedef uint32_t (*n2_t)(uint64_t, int32_t);
typedef uint64_t (*w2_t)(uint64_t, int32_t);
typedef uint64_t (*i1_t)(uint32_t);
typedef uint64_t (*i2_t)(uint32_t, int32_t);

static void *const *sd;
#define D1(i) ((d1_t)sd[i])
#define D2(i) ((d2_t)sd[i])
#define C2(i) ((c2_t)sd[i])
#define N1(i) ((n1_t)sd[i])
#define N2(i) ((n2_t)sd[i])
#define W2(i) ((w2_t)sd[i])
#define I1(i) ((i1_t)sd[i])
#define I2(i) ((i2_t)sd[i])

#define ONE 0x3ff0000000000000ull
#define TWO 0x4000000000000000ull
#define HALF 0x3fe0000000000000ull
#define PINF 0x7ff0000000000000ull
#define NINF 0xfff0000000000000ull
#define QNAN 0x7ff8000000000000ull
#define NZERO 0x8000000000000000ull
#define MIN_NORMAL 0x0010000000000000ull
#define DENORM 0x0000000000000001ull

static double d(uint64_t b) { return bitsd(ftz64(b)); }

static uint64_t rnd64(void) { return (uint64_t)rnd() << 32 | rnd(); }

static uint64_t rnd_double(void) {
  if ((rnd() & 7) == 0) return rnd64();
  uint64_t e = 1023 - 400 + (rnd() % 800);
  return (rnd64() & 0x800fffffffffffffull) | (e << 52);
}

static uint64_t rnd_near(uint64_t a) {
  if ((rnd() & 3) == 0) return rnd_double();
  int e = (int)((a >> 52) & 0x7ff) + (int)(rnd() % 110) - 55;
  if (e < 1) e = 1;
  if (e > 2046) e = 2046;
  return (rnd64() & 0x800fffffffffffffull) | ((uint64_t)e << 52);
}

static int same_f64(uint64_t got, uint64_t want) { return isnan64(want) ? isnan64(got) : got == want; }

static int within_ulps64(uint64_t got, uint64_t want, uint64_t ulps) {
  if (isnan64(want)) return isnan64(got);
  if ((got ^ want) >> 63) return (got << 1) == 0 && (want << 1) == 0;
  uint64_t diff = got > want ? got - want : want - got;
  return diff <= ulps;
}

static double add(double a, double b) { return a + b; }
static double sub(double a, double b) { return a - b; }
static double mul(double a, double b) { return a * b; }
static double divide(double a, double b) { return a / b; }

static void sweep_binary(const char *name, int index, double (*ref)(double, double)) {
  sweep_t s = {name};
  for (int i = 0; i < 1500; i++) {
    uint64_t a = rnd_double(), b = rnd_near(a);
    uint64_t got = D2(index)(a, b), want = ftz64(dbits(ref(d(a), d(b))));
    sweep_note(&s, same_f64(got, want), got, want, a, b);
  }
  sweep_end(&s);
}

static double ref_floor(double x, int n) { return floor(ldexp(x, n)); }

static void check_edges(void) {
  /* 1 + 2^-53 ties to even (1.0); 1 + 3·2^-53 ties up to 1 + 2^-51 */
  check_f64("dadd_tie_even_down", D2(DADD)(ONE, 0x3ca0000000000000ull), ONE);
  check_f64("dadd_tie_even_up", D2(DADD)(ONE, 0x3cb8000000000000ull), 0x3ff0000000000002ull);
  check_f64("dadd_neg_zeros", D2(DADD)(NZERO, NZERO), NZERO);
  check_f64("dsub_self_is_plus_zero", D2(DSUB)(0x400921fb54442d18ull, 0x400921fb54442d18ull), 0);
  check_f64("dadd_overflow_inf", D2(DADD)(0x7fefffffffffffffull, 0x7fefffffffffffffull), PINF);
  check_f64("dadd_inf_minus_inf_nan", D2(DADD)(PINF, NINF), QNAN);
  check_f64("dadd_nan", D2(DADD)(QNAN, ONE), QNAN);
  check_f64("dmul_zero_inf_nan", D2(DMUL)(0, NINF), QNAN);
  check_f64("dmul_sign", D2(DMUL)(0xc000000000000000ull, 0x4008000000000000ull), 0xc018000000000000ull);
  check_f64("ddiv_one_third", D2(DDIV)(ONE, 0x4008000000000000ull), 0x3fd5555555555555ull);
  check_f64("ddiv_by_zero", D2(DDIV)(ONE, 0), PINF);
  check_f64("ddiv_by_neg_zero", D2(DDIV)(ONE, NZERO), NINF);
  check_f64("ddiv_zero_zero_nan", D2(DDIV)(0, 0), QNAN);
  check_f64("dadd_denormal_input_is_zero", D2(DADD)(DENORM, 0), 0);
  check_f64("dmul_denormal_result_flushed", D2(DMUL)(MIN_NORMAL, HALF), 0);
  check_f64("dmul_neg_denormal_result_flushed", D2(DMUL)(0x8010000000000000ull, HALF), NZERO);
  check_f64("dsqrt_two", D1(DSQRT)(TWO), 0x3ff6a09e667f3bcdull);
  check_f64("dsqrt_negative_is_neg_inf", D1(DSQRT)(0xbff0000000000000ull), NINF);
  check_f64("dsqrt_neg_zero", D1(DSQRT)(NZERO), NZERO);
  check_u32("double2int_neg_1p5_floor", N1(DOUBLE2INT)(0xbff8000000000000ull), (uint32_t)-2);
  check_u32("double2int_saturates", N1(DOUBLE2INT)(0x41e0000000000000ull), 0x7fffffffu);
  check_u32("double2int_neg_saturates", N1(DOUBLE2INT)(0xc1f0000000000000ull), 0x80000000u);
  check_u32("double2int_just_below_limit", N1(DOUBLE2INT)(0x41dfffffffffffffull), 0x7fffffffu);
  check_u32("double2int_nan_saturates_by_sign", N1(DOUBLE2INT)(0xfff8000000000000ull), 0x80000000u);
  check_u32("double2fix_half_q16", N2(DOUBLE2FIX)(HALF, 16), 0x8000);
  check_u32("double2uint_negative_is_zero", N1(DOUBLE2UINT)(0xbff0000000000000ull), 0);
  check_u32("double2uint_max", N1(DOUBLE2UINT)(0x41efffffffe00000ull), 0xffffffffu);
  check_u32("double2ufix_saturates", N2(DOUBLE2UFIX)(ONE, 32), 0xffffffffu);
  check_f64("int2double_min", I1(INT2DOUBLE)(0x80000000u), 0xc1e0000000000000ull);
  check_f64("uint2double_max", I1(UINT2DOUBLE)(0xffffffffu), 0x41efffffffe00000ull);
  check_f64("fix2double_half", I2(FIX2DOUBLE)(1, 1), HALF);
  check_f64("ufix2double_one", I2(UFIX2DOUBLE)(0x80000000u, 31), ONE);
  /* 2^53 + 1 ties to even (2^53); 2^53 + 3 ties up to 2^53 + 4 */
  check_f64("int642double_tie_even_down", D1(INT642DOUBLE)(0x20000000000001ull), 0x4340000000000000ull);
  check_f64("int642double_tie_even_up", D1(INT642DOUBLE)(0x20000000000003ull), 0x4340000000000002ull);
  check_f64("int642double_min", D1(INT642DOUBLE)(0x8000000000000000ull), 0xc3e0000000000000ull);
  check_f64("uint642double_max", D1(UINT642DOUBLE)(0xffffffffffffffffull), 0x43f0000000000000ull);
  check_f64("fix642double_2m64", ((uint64_t(*)(uint64_t, int32_t))sd[FIX642DOUBLE])(1, 64), 0x3bf0000000000000ull);
  check_f64("ufix642double_half", ((uint64_t(*)(uint64_t, int32_t))sd[UFIX642DOUBLE])(0x8000000000000000ull, 64), HALF);
  check_u64("double2int64_neg_1p5_floor", D1(DOUBLE2INT64)(0xbff8000000000000ull), (uint64_t)-2);
  check_u64("double2int64_2p63_saturates", D1(DOUBLE2INT64)(0x43e0000000000000ull), 0x7fffffffffffffffull);
  check_u64("double2int64_large_exact", D1(DOUBLE2INT64)(0x43dfffffffffffffull), 0x7ffffffffffffc00ull);
  check_u64("double2fix64_2p32", W2(DOUBLE2FIX64)(ONE, 32), 0x100000000ull);
  check_u64("double2uint64_negative_is_zero", D1(DOUBLE2UINT64)(0xbff0000000000000ull), 0);
  check_u64("double2uint64_2p64_saturates", D1(DOUBLE2UINT64)(0x43f0000000000000ull), 0xffffffffffffffffull);
  check_u64("double2ufix64_half_q1", W2(DOUBLE2UFIX64)(HALF, 1), 1);
  check_f32("double2float_third", N1(DOUBLE2FLOAT)(0x3fd5555555555555ull), 0x3eaaaaabu);
  check_f32("double2float_overflow_inf", N1(DOUBLE2FLOAT)(0x47f0000000000000ull), 0x7f800000u);
  check_f32("double2float_tiny_flushed", N1(DOUBLE2FLOAT)(0xb800000000000000ull), 0x80000000u);
  check_f32("double2float_tie_even", N1(DOUBLE2FLOAT)(0x3ff0000010000000ull), 0x3f800000u);
  check_f32("double2float_nan", N1(DOUBLE2FLOAT)(QNAN), 0x7fc00000u);
  check_u32("dcmp_less", C2(DCMP)(ONE, TWO), (uint32_t)-1);
  check_u32("dcmp_greater", C2(DCMP)(TWO, ONE), 1);
  check_u32("dcmp_zero_signs_equal", C2(DCMP)(0, NZERO), 0);
  check_u32("dcmp_denormal_equals_zero", C2(DCMP)(DENORM, NZERO), 0);
  check_u32("dcmp_low_word_matters", C2(DCMP)(0x3ff0000000000001ull, ONE), 1);
  check_u32("dcmp_fast_less", C2(DCMP_FAST)(ONE, TWO), (uint32_t)-1);
  check_u32("dcmp_flags_less", call_flags4(sd[DCMP_FAST_FLAGS], ONE, TWO) >> 28 & 0xe, 0x8);
  check_u32("dcmp_flags_equal", call_flags4(sd[DCMP_FAST_FLAGS], TWO, TWO) >> 28 & 0xe, 0x6);
  check_u32("dcmp_flags_greater", call_flags4(sd[DCMP_FAST_FLAGS], TWO, ONE) >> 28 & 0xe, 0x2);
  check_f64("dsin_zero", D1(DSIN)(0), 0);
  check_f64("dcos_zero", D1(DCOS)(0), ONE);
  check_f64("dtan_zero", D1(DTAN)(0), 0);
  check_f64("dexp_zero", D1(DEXP)(0), ONE);
  check_f64("dexp_one", D1(DEXP)(ONE), 0x4005bf0a8b145769ull);
  check_f64("dln_one", D1(DLN)(ONE), 0);
  check_f64("dln_zero_neg_inf", D1(DLN)(0), NINF);
  check_f64("dln_negative_neg_inf", D1(DLN)(0xbff0000000000000ull), NINF);
  check_f64("datan2_one_one", D2(DATAN2)(ONE, ONE), 0x3fe921fb54442d18ull);
}

typedef double (*dfn1)(double);

static void sweep_libm(const char *name, int index, dfn1 ref, double lo, double hi) {
  sweep_t s = {name};
  for (int i = 0; i < 300; i++) {
    double x = lo + (hi - lo) * (double)rnd() * (1.0 / 4294967296.0);
    uint64_t got = D1(index)(dbits(x)), want = ftz64(dbits(ref(x)));
    sweep_note(&s, within_ulps64(got, want, 2), got, want, dbits(x), 0);
  }
  sweep_end(&s);
}

static uint32_t ref_int32(double x, int n) {
  double v = ref_floor(x, n);
  return v >= 2147483648.0 ? 0x7fffffffu : v < -2147483648.0 ? 0x80000000u : (uint32_t)(int32_t)v;
}
static uint32_t ref_uint32(double x, int n) {
  double v = ref_floor(x, n);
  return v >= 4294967296.0 ? 0xffffffffu : v < 0 ? 0 : (uint32_t)v;
}
static uint64_t ref_int64(double x, int n) {
  double v = ref_floor(x, n);
  return v >= 9223372036854775808.0    ? 0x7fffffffffffffffull
         : v < -9223372036854775808.0 ? 0x8000000000000000ull
                                      : (uint64_t)(int64_t)v;
}
static uint64_t ref_uint64(double x, int n) {
  double v = ref_floor(x, n);
  return v >= 18446744073709551616.0 ? 0xffffffffffffffffull : v < 0 ? 0 : (uint64_t)v;
}

static void check_sweeps(void) {
  sweep_binary("dadd_sweep", DADD, add);
  sweep_binary("dsub_sweep", DSUB, sub);
  sweep_binary("dmul_sweep", DMUL, mul);
  sweep_binary("ddiv_sweep", DDIV, divide);

  sweep_t s = {"dsqrt_sweep"};
  for (int i = 0; i < 1000; i++) {
    uint64_t a = rnd_double();
    double x = d(a);
    uint64_t want = isnan(x) ? QNAN : x < 0 ? NINF : x == 0 ? ftz64(a) : dbits(sqrt(x));
    uint64_t got = D1(DSQRT)(a);
    sweep_note(&s, same_f64(got, want), got, want, a, 0);
  }
  sweep_end(&s);

  s = (sweep_t){"dcmp_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint64_t a = rnd_double(), b = (i & 1) ? a ^ (rnd() & 3) : rnd_near(a);
    if (isnan64(a) || isnan64(b)) continue;
    double x = d(a), y = d(b);
    uint32_t want = x < y ? (uint32_t)-1 : x > y ? 1 : 0, got = C2(DCMP)(a, b);
    sweep_note(&s, got == want, got, want, a, b);
  }
  sweep_end(&s);

  sweep_t s1 = {"double2int_sweep"}, s2 = {"double2fix_sweep"}, s3 = {"double2uint_sweep"}, s4 = {"double2ufix_sweep"};
  sweep_t s5 = {"double2int64_sweep"}, s6 = {"double2fix64_sweep"}, s7 = {"double2uint64_sweep"}, s8 = {"double2ufix64_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint64_t a = (rnd64() & 0x800fffffffffffffull) | ((uint64_t)(1023 - 40 + rnd() % 110) << 52);
    int n = (int)(rnd() % 60) - 20;
    double x = d(a);
    uint32_t got, want;
    uint64_t got64, want64;
    got = N1(DOUBLE2INT)(a), want = ref_int32(x, 0);
    sweep_note(&s1, got == want, got, want, a, 0);
    got = N2(DOUBLE2FIX)(a, n), want = ref_int32(x, n);
    sweep_note(&s2, got == want, got, want, a, (uint32_t)n);
    got = N1(DOUBLE2UINT)(a), want = ref_uint32(x, 0);
    sweep_note(&s3, got == want, got, want, a, 0);
    got = N2(DOUBLE2UFIX)(a, n), want = ref_uint32(x, n);
    sweep_note(&s4, got == want, got, want, a, (uint32_t)n);
    got64 = D1(DOUBLE2INT64)(a), want64 = ref_int64(x, 0);
    sweep_note(&s5, got64 == want64, got64, want64, a, 0);
    got64 = W2(DOUBLE2FIX64)(a, n), want64 = ref_int64(x, n);
    sweep_note(&s6, got64 == want64, got64, want64, a, (uint32_t)n);
    got64 = D1(DOUBLE2UINT64)(a), want64 = ref_uint64(x, 0);
    sweep_note(&s7, got64 == want64, got64, want64, a, 0);
    got64 = W2(DOUBLE2UFIX64)(a, n), want64 = ref_uint64(x, n);
    sweep_note(&s8, got64 == want64, got64, want64, a, (uint32_t)n);
  }
  sweep_end(&s1), sweep_end(&s2), sweep_end(&s3), sweep_end(&s4);
  sweep_end(&s5), sweep_end(&s6), sweep_end(&s7), sweep_end(&s8);

  s1 = (sweep_t){"int2double_sweep"}, s2 = (sweep_t){"fix2double_sweep"};
  s3 = (sweep_t){"int642double_sweep"}, s4 = (sweep_t){"uint642double_sweep"};
  s5 = (sweep_t){"fix642double_sweep"}, s6 = (sweep_t){"double2float_sweep"};
  for (int i = 0; i < 1500; i++) {
    uint32_t v = rnd() >> (rnd() % 32);
    uint64_t w = rnd64() >> (rnd() % 64);
    if (i & 1) v = -v, w = -w;
    int n = (int)(rnd() % 80) - 30;
    uint64_t got, want;
    got = I1(INT2DOUBLE)(v), want = dbits((double)(int32_t)v);
    sweep_note(&s1, got == want, got, want, v, 0);
    got = I2(FIX2DOUBLE)(v, n), want = dbits(ldexp((double)(int32_t)v, -n));
    sweep_note(&s2, got == want, got, want, v, (uint32_t)n);
    got = D1(INT642DOUBLE)(w), want = dbits((double)(int64_t)w);
    sweep_note(&s3, got == want, got, want, w, 0);
    got = D1(UINT642DOUBLE)(w), want = dbits((double)w);
    sweep_note(&s4, got == want, got, want, w, 0);
    got = ((uint64_t(*)(uint64_t, int32_t))sd[FIX642DOUBLE])(w, n), want = dbits(ldexp((double)(int64_t)w, -n));
    sweep_note(&s5, got == want, got, want, w, (uint32_t)n);
    uint64_t a = rnd_double();
    if (i & 2) a = (a & 0x800fffffffffffffull) | ((uint64_t)(1023 - 140 + rnd() % 280) << 52); /* float range edges */
    uint32_t gf = N1(DOUBLE2FLOAT)(a), wf = ftz32(fbits((float)d(a)));
    sweep_note(&s6, isnan32(wf) ? isnan32(gf) : gf == wf, gf, wf, a, 0);
  }
  sweep_end(&s1), sweep_end(&s2), sweep_end(&s3), sweep_end(&s4), sweep_end(&s5), sweep_end(&s6);

  sweep_libm("dsin_sweep", DSIN, sin, -1000.0, 1000.0);
  sweep_libm("dcos_sweep", DCOS, cos, -1000.0, 1000.0);
  sweep_libm("dtan_sweep", DTAN, tan, -1.5, 1.5);
  sweep_libm("dexp_sweep", DEXP, exp, -700.0, 700.0);
  sweep_libm("dln_sweep", DLN, log, 1e-300, 1e300);

  s = (sweep_t){"datan2_sweep"};
  for (int i = 0; i < 300; i++) {
    double y = (double)(int32_t)rnd(), x = (double)(int32_t)rnd();
    uint64_t got = D2(DATAN2)(dbits(y), dbits(x)), want = dbits(atan2(y, x));
    sweep_note(&s, within_ulps64(got, want, 2), got, want, dbits(y), dbits(x));
  }
  sweep_end(&s);

  s = (sweep_t){"dsincos_sweep"};
  for (int i = 0; i < 300; i++) {
    double x = (double)(int32_t)rnd() * 1e-7;
    /* sine in r0:r1, cosine in r2:r3 (what pico-sdk's sincos() reads with ROM version 3) */
    uint64_t gs = D1(DSINCOS)(dbits(x)), gc = call_hi_pair(sd[DSINCOS], dbits(x));
    uint64_t ws = dbits(sin(x)), wc = dbits(cos(x));
    int ok = within_ulps64(gs, ws, 2) && within_ulps64(gc, wc, 2);
    sweep_note(&s, ok, ok ? 0 : within_ulps64(gs, ws, 2) ? gc : gs, within_ulps64(gs, ws, 2) ? wc : ws, dbits(x), 0);
  }
  sweep_end(&s);
}

void check_double(void) {
  sd = rom_data('S', 'D');
  check_edges();
  check_sweeps();
}

/* P3 R3 L3 T3 against plain C reference loops. */
#include "check.h"

typedef uint32_t (*u32_fn)(uint32_t);

static uint32_t ref_popcount(uint32_t v) { uint32_t n = 0; while (v) { n += v & 1; v >>= 1; } return n; }
static uint32_t ref_reverse(uint32_t v) { uint32_t r = 0; for (int i = 0; i < 32; i++) { r = (r << 1) | (v & 1); v >>= 1; } return r; }
static uint32_t ref_clz(uint32_t v) { uint32_t n = 0; for (int i = 31; i >= 0 && !(v >> i & 1); i--) n++; return n; }
static uint32_t ref_ctz(uint32_t v) { uint32_t n = 0; for (int i = 0; i < 32 && !(v >> i & 1); i++) n++; return n; }

static void sweep_bits(const char *name, u32_fn f, uint32_t (*ref)(uint32_t)) {
  sweep_t s = {name};
  for (int i = 0; i < 600; i++) {
    uint32_t v = rnd();
    if (i < 33) v = i == 32 ? 0 : (1u << i);         /* every single bit and zero */
    else if (i < 66) v = 0xffffffffu >> (i - 33);      /* every run of ones */
    else if (i % 3 == 0) v >>= rnd() & 31;             /* varied leading zeros */
    else if (i % 3 == 1) v <<= rnd() & 31;             /* varied trailing zeros */
    uint32_t got = f(v), want = ref(v);
    sweep_note(&s, got == want, got, want, v, 0);
  }
  sweep_end(&s);
}

void check_bits(void) {
  u32_fn popcount = rom_func('P', '3'), reverse = rom_func('R', '3');
  u32_fn clz = rom_func('L', '3'), ctz = rom_func('T', '3');
  check_u32("popcount_zero", popcount(0), 0);
  check_u32("popcount_all", popcount(0xffffffffu), 32);
  check_u32("popcount_ends", popcount(0x80000001u), 2);
  check_u32("reverse_one", reverse(1), 0x80000000u);
  check_u32("reverse_pattern", reverse(0x12345678u), 0x1e6a2c48u);
  check_u32("clz_zero", clz(0), 32);
  check_u32("clz_top", clz(0x80000000u), 0);
  check_u32("clz_one", clz(1), 31);
  check_u32("ctz_zero", ctz(0), 32);
  check_u32("ctz_top", ctz(0x80000000u), 31);
  check_u32("ctz_one", ctz(1), 0);
  sweep_bits("popcount_sweep", popcount, ref_popcount);
  sweep_bits("reverse_sweep", reverse, ref_reverse);
  sweep_bits("clz_sweep", clz, ref_clz);
  sweep_bits("ctz_sweep", ctz, ref_ctz);
}

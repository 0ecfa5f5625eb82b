/* rom-check: shared helpers — UART0 output, check reporting, bit casts, the ROM lookup as the SDK does it. */
#ifndef ROM_CHECK_H
#define ROM_CHECK_H

#include <stdint.h>

/* ---- UART0 (PL011) ---- */
void uart_init(void);
void uart_puts(const char *s);
void uart_hex(uint64_t v, int digits);

/* ---- checks: each prints `ok NAME` or `FAIL NAME got=… want=…` ---- */
extern unsigned checks_run, checks_ok;
void check(const char *name, int ok, uint64_t got, uint64_t want);
void check_u32(const char *name, uint32_t got, uint32_t want);
void check_u64(const char *name, uint64_t got, uint64_t want);
/* float/double bit patterns; a NaN want accepts any NaN */
void check_f32(const char *name, uint32_t got, uint32_t want);
void check_f64(const char *name, uint64_t got, uint64_t want);
/* sweeps report once: the first mismatch with its inputs, or ok */
typedef struct {
  const char *name;
  int failed;
  uint64_t got, want, a, b;
} sweep_t;
void sweep_note(sweep_t *s, int ok, uint64_t got, uint64_t want, uint64_t a, uint64_t b);
void sweep_end(sweep_t *s);

/* ---- bit casts ---- */
static inline uint32_t fbits(float f) { union { float f; uint32_t u; } x = { .f = f }; return x.u; }
static inline float bitsf(uint32_t u) { union { float f; uint32_t u; } x = { .u = u }; return x.f; }
static inline uint64_t dbits(double d) { union { double d; uint64_t u; } x = { .d = d }; return x.u; }
static inline double bitsd(uint64_t u) { union { double d; uint64_t u; } x = { .u = u }; return x.d; }
static inline int isnan32(uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }
static inline int isnan64(uint64_t b) { return (b & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }
/* the ROM's denormal handling: a denormal reads and writes as a zero of the same sign */
static inline uint32_t ftz32(uint32_t b) { return (b & 0x7f800000u) ? b : (b & 0x80000000u); }
static inline uint64_t ftz64(uint64_t b) { return (b & 0x7ff0000000000000ull) ? b : (b & 0x8000000000000000ull); }

/* ---- pseudo-random numbers (xorshift32, fixed seed: every run checks the same values) ---- */
uint32_t rnd(void);

/* ---- ROM access exactly as pico-sdk does it: 16-bit pointers at 0x14/0x16/0x18 ---- */
void *rom_func(char c1, char c2);
void *rom_data(char c1, char c2);

/* ---- groups of checks ---- */
void check_table(void);
void check_bits(void);
void check_memory(void);
void check_flash(void);
void check_float(void);
void check_double(void);

/* assembly helpers (startup.S) */
uint32_t call_flags2(void *fn, uint32_t a, uint32_t b);
uint32_t call_flags4(void *fn, uint64_t a, uint64_t b);
uint32_t call_preserves(void *fn);
uint64_t call_hi_pair(void *fn, uint64_t a);

#endif

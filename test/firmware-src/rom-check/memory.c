/* MC C4 MS S4: every size 0..80 at every source/destination alignment, with guard bytes around. */
#include "check.h"

typedef uint8_t *(*memcpy_fn)(uint8_t *, const uint8_t *, uint32_t);
typedef uint8_t *(*memset_fn)(uint8_t *, uint8_t, uint32_t);
typedef uint32_t *(*memset4_fn)(uint32_t *, uint8_t, uint32_t);
typedef uint32_t *(*memcpy44_fn)(uint32_t *, const uint32_t *, uint32_t);

#define BUF 128
static uint8_t src_buf[BUF] __attribute__((aligned(4)));
static uint8_t dst_buf[BUF] __attribute__((aligned(4)));
static const uint8_t flash_src[BUF] __attribute__((aligned(4))) = {
#define R8(n) (uint8_t)(n * 37 + 11), (uint8_t)(n * 37 + 48), (uint8_t)(n * 37 + 85), (uint8_t)(n * 37 + 122), \
              (uint8_t)(n * 37 + 159), (uint8_t)(n * 37 + 196), (uint8_t)(n * 37 + 233), (uint8_t)(n * 37 + 14)
    R8(0), R8(1), R8(2), R8(3), R8(4), R8(5), R8(6), R8(7), R8(8), R8(9), R8(10), R8(11), R8(12), R8(13), R8(14), R8(15)};

static void fill_pattern(void) {
  for (int i = 0; i < BUF; i++) {
    src_buf[i] = (uint8_t)(i * 7 + 3);
    dst_buf[i] = 0xa5;
  }
}

/* 1 if dst[doff..doff+n) == expect[soff..] and everything else is still the 0xa5 guard */
static int copied_ok(const uint8_t *expect, int soff, int doff, int n) {
  for (int i = 0; i < BUF; i++) {
    uint8_t want = (i >= doff && i < doff + n) ? expect[soff + i - doff] : 0xa5;
    if (dst_buf[i] != want) return 0;
  }
  return 1;
}

static int set_ok(int doff, int n, uint8_t value) {
  for (int i = 0; i < BUF; i++) {
    uint8_t want = (i >= doff && i < doff + n) ? value : 0xa5;
    if (dst_buf[i] != want) return 0;
  }
  return 1;
}

void check_memory(void) {
  memcpy_fn mc = rom_func('M', 'C');
  memcpy44_fn c4 = rom_func('C', '4');
  memset_fn ms = rom_func('M', 'S');
  memset4_fn s4 = rom_func('S', '4');

  sweep_t s = {"memcpy_sizes_alignments"};
  for (int n = 0; n <= 80; n++)
    for (int sa = 0; sa < 4; sa++)
      for (int da = 0; da < 4; da++) {
        fill_pattern();
        uint8_t *r = mc(dst_buf + 8 + da, src_buf + 8 + sa, n);
        int ok = r == dst_buf + 8 + da && copied_ok(src_buf, 8 + sa, 8 + da, n);
        sweep_note(&s, ok, (uint32_t)r, (uint32_t)(dst_buf + 8 + da), n, sa * 4 + da);
      }
  sweep_end(&s);

  s = (sweep_t){"memcpy_from_flash"};
  for (int n = 0; n <= 80; n += 3)
    for (int sa = 0; sa < 4; sa++) {
      fill_pattern();
      mc(dst_buf + 4, flash_src + sa, n);
      sweep_note(&s, copied_ok(flash_src, sa, 4, n), dst_buf[4], flash_src[sa], n, sa);
    }
  sweep_end(&s);

  s = (sweep_t){"memcpy44_word_sizes"};
  for (int n = 0; n <= 96; n += 4) {
    fill_pattern();
    uint32_t *r = c4((uint32_t *)(dst_buf + 8), (const uint32_t *)(src_buf + 4), n);
    sweep_note(&s, r == (uint32_t *)(dst_buf + 8) && copied_ok(src_buf, 4, 8, n), (uint32_t)r, n, n, 0);
  }
  sweep_end(&s);

  s = (sweep_t){"memset_sizes_alignments"};
  for (int n = 0; n <= 80; n++)
    for (int da = 0; da < 4; da++) {
      fill_pattern();
      uint8_t *r = ms(dst_buf + 8 + da, (uint8_t)(n + 1), n);
      sweep_note(&s, r == dst_buf + 8 + da && set_ok(8 + da, n, (uint8_t)(n + 1)), (uint32_t)r, n, n, da);
    }
  sweep_end(&s);

  fill_pattern();
  /* the value argument is an int in C; only its low byte is stored */
  ((uint8_t * (*)(uint8_t *, uint32_t, uint32_t))(void *)ms)(dst_buf + 1, 0x1ab, 5);
  check("memset_low_byte_only", set_ok(1, 5, 0xab), dst_buf[1], 0xab);

  s = (sweep_t){"memset4_word_sizes"};
  for (int n = 0; n <= 96; n += 4) {
    fill_pattern();
    uint32_t *r = s4((uint32_t *)(dst_buf + 4), 0x5c, n);
    sweep_note(&s, r == (uint32_t *)(dst_buf + 4) && set_ok(4, n, 0x5c), (uint32_t)r, n, n, 0);
  }
  sweep_end(&s);
}

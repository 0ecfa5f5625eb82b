/* RE RP IF EX FC CX EC: erase and program behave like NOR flash, seen back through XIP. */
#include "check.h"

typedef void (*void_fn)(void);
typedef void (*erase_fn)(uint32_t addr, uint32_t count, uint32_t block_size, uint8_t block_cmd);
typedef void (*program_fn)(uint32_t addr, const uint8_t *data, uint32_t count);

#define TEST_OFFSET 0x1f0000u /* last 64 KB of a 2 MB Pico flash, far from this image */
#define XIP(off) ((const volatile uint8_t *)(0x10000000u + (off)))

static uint8_t page[256];

static int range_is(uint32_t off, uint32_t n, uint8_t value) {
  for (uint32_t i = 0; i < n; i++)
    if (XIP(off)[i] != value) return 0;
  return 1;
}

void check_flash(void) {
  erase_fn erase = rom_func('R', 'E');
  program_fn program = rom_func('R', 'P');
  static const char codes[][2] = {{'I', 'F'}, {'E', 'X'}, {'F', 'C'}, {'C', 'X'}, {'E', 'C'}};
  int ok = 1;
  for (int i = 0; i < 5; i++) ok &= call_preserves(rom_func(codes[i][0], codes[i][1]));
  check("flash_control_calls_return", ok, ok, 1);

  void_fn connect = rom_func('I', 'F'), exit_xip = rom_func('E', 'X');
  void_fn flush = rom_func('F', 'C'), enter_xip = rom_func('C', 'X');

  /* the SDK's sequence: connect, exit XIP, erase/program, flush, back to XIP */
  connect();
  exit_xip();
  erase(TEST_OFFSET, 8192, 1u << 16, 0xd8);
  flush();
  enter_xip();
  check("erase_two_sectors_ff", range_is(TEST_OFFSET, 8192, 0xff), XIP(TEST_OFFSET)[0], 0xff);

  for (int i = 0; i < 256; i++) page[i] = (uint8_t)(i ^ 0x5a);
  exit_xip();
  program(TEST_OFFSET + 256, page, 256);
  flush();
  ok = 1;
  for (int i = 0; i < 256; i++) ok &= XIP(TEST_OFFSET + 256)[i] == (uint8_t)(i ^ 0x5a);
  check("program_page", ok, XIP(TEST_OFFSET + 256)[1], 1 ^ 0x5a);
  check("program_leaves_neighbours", range_is(TEST_OFFSET, 256, 0xff) && range_is(TEST_OFFSET + 512, 256, 0xff),
        XIP(TEST_OFFSET)[0], 0xff);

  /* programming can only clear bits: the result is old AND new */
  for (int i = 0; i < 256; i++) page[i] = 0x0f;
  program(TEST_OFFSET + 256, page, 256);
  ok = 1;
  for (int i = 0; i < 256; i++) ok &= XIP(TEST_OFFSET + 256)[i] == (uint8_t)((i ^ 0x5a) & 0x0f);
  check("program_is_nor_and", ok, XIP(TEST_OFFSET + 256)[0xff], (0xff ^ 0x5a) & 0x0f);

  /* mark the second sector, then erase only the first */
  for (int i = 0; i < 256; i++) page[i] = 0;
  program(TEST_OFFSET + 4096, page, 256);
  erase(TEST_OFFSET, 4096, 0, 0);
  check("erase_restores_ff", range_is(TEST_OFFSET, 4096, 0xff), XIP(TEST_OFFSET + 256)[0], 0xff);
  check("erase_one_sector_only", range_is(TEST_OFFSET + 4096, 256, 0x00), XIP(TEST_OFFSET + 4096)[0], 0x00);
  /* the image itself (boot2 and vectors) is untouched */
  check("erase_spares_image", XIP(0x100)[3] == 0x20, XIP(0x100)[3], 0x20);
}

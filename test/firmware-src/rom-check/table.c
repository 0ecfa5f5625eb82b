/* The ROM header and lookup tables, read exactly as pico-sdk reads them. */
#include "check.h"

static const char *const FUNCTIONS[] = {"P3", "R3", "L3", "T3", "MS", "S4", "MC", "C4", "UB", "DT",
                                        "DE", "WV", "IF", "EX", "RE", "RP", "FC", "CX", "EC"};
static const char *const DATA[] = {"CR", "GR", "SF", "SD", "FZ", "FS", "FE", "DS", "DE"};

static char name_buf[32];
static const char *name2(const char *prefix, const char *code) {
  int i = 0;
  while (*prefix) name_buf[i++] = *prefix++;
  name_buf[i++] = code[0];
  name_buf[i++] = code[1];
  name_buf[i] = 0;
  return name_buf;
}

void check_table(void) {
  const volatile uint8_t *rom = (const volatile uint8_t *)0;
  check_u32("header_magic", rom[0x10] | (rom[0x11] << 8) | (rom[0x12] << 16), 'M' | ('u' << 8) | (1 << 16));
  check_u32("header_version", rom[0x13], 3);
  check("header_lookup_is_thumb", (*(const volatile uint16_t *)0x18) & 1, *(const volatile uint16_t *)0x18, 1);

  for (unsigned i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++) {
    uint32_t p = (uint32_t)rom_func(FUNCTIONS[i][0], FUNCTIONS[i][1]);
    /* a function pointer inside the 16 KB ROM with the Thumb bit set */
    check(name2("func_", FUNCTIONS[i]), p != 0 && p < 0x4000 && (p & 1), p, 1);
  }
  for (unsigned i = 0; i < sizeof DATA / sizeof DATA[0]; i++) {
    uint32_t p = (uint32_t)rom_data(DATA[i][0], DATA[i][1]);
    check(name2("data_", DATA[i]), p != 0 && p < 0x4000, p, 1);
  }
  check_u32("func_unknown_is_null", (uint32_t)rom_func('Z', 'Z'), 0);
  check_u32("data_unknown_is_null", (uint32_t)rom_data('Z', 'Z'), 0);

  const uint8_t *sf = rom_data('S', 'F');
  const uint8_t *sd = rom_data('S', 'D');
  check_u32("sf_table_length", sf[-2], 32);
  check_u32("sd_table_length", sd[-2], 32);
  check_u32("sf_table_aligned", (uint32_t)sf & 3, 0);

  /* every SF entry lies in FS..FE, every SD entry in DS..DE, all Thumb */
  uint32_t fs = (uint32_t)rom_data('F', 'S'), fe = (uint32_t)rom_data('F', 'E');
  uint32_t ds = (uint32_t)rom_data('D', 'S'), de = (uint32_t)rom_data('D', 'E');
  int ok = fs < fe;
  for (int i = 0; i < 32; i++) {
    uint32_t p = ((const uint32_t *)sf)[i];
    ok &= (p & 1) && p >= fs && p < fe;
  }
  check("sf_entries_in_fs_fe", ok, fs, fe);
  ok = ds < de;
  for (int i = 0; i < 32; i++) {
    uint32_t p = ((const uint32_t *)sd)[i];
    ok &= (p & 1) && p >= ds && p < de;
  }
  check("sd_entries_in_ds_de", ok, ds, de);

  const char *cr = rom_data('C', 'R');
  int len = 0;
  while (cr[len] >= 0x20 && cr[len] < 0x7f) len++;
  check("copyright_string", len > 10 && cr[len] == 0, len, 0);
  check("git_revision_word", *(const uint32_t *)rom_data('G', 'R') != 0, *(const uint32_t *)rom_data('G', 'R'), 1);
}

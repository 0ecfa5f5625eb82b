/* rom-check: conformance test firmware for the project ROM (src/pico/rom). Looks up every ROM function
   and data item through the ROM's own tables, checks results against values computed independently
   (libgcc's soft float, newlib's libm, plain C, and hand-checked bit patterns), and reports over UART0. */
#include "check.h"

#define UART0_BASE 0x40034000u
#define UARTDR (*(volatile uint32_t *)(UART0_BASE + 0x00))
#define UARTFR (*(volatile uint32_t *)(UART0_BASE + 0x18))
#define UARTIBRD (*(volatile uint32_t *)(UART0_BASE + 0x24))
#define UARTFBRD (*(volatile uint32_t *)(UART0_BASE + 0x28))
#define UARTLCR_H (*(volatile uint32_t *)(UART0_BASE + 0x2c))
#define UARTCR (*(volatile uint32_t *)(UART0_BASE + 0x30))
#define UARTFR_TXFF (1u << 5)

unsigned checks_run, checks_ok;

void uart_init(void) {
  UARTIBRD = 67; /* 115200 baud at 125 MHz */
  UARTFBRD = 52;
  UARTLCR_H = 0x70; /* 8N1, FIFOs on */
  UARTCR = 0x301;   /* UARTEN | TXE | RXE */
}

static void uart_putc(char c) {
  while (UARTFR & UARTFR_TXFF) {
  }
  UARTDR = (uint8_t)c;
}

void uart_puts(const char *s) {
  while (*s) uart_putc(*s++);
}

void uart_hex(uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; i--) uart_putc("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
}

static void uart_dec(unsigned v) {
  char buf[12];
  int i = 0;
  do {
    buf[i++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (i) uart_putc(buf[--i]);
}

static int hex_digits(uint64_t a, uint64_t b) { return ((a | b) >> 32) ? 16 : 8; }

void check(const char *name, int ok, uint64_t got, uint64_t want) {
  checks_run++;
  if (ok) {
    checks_ok++;
    uart_puts("ok ");
    uart_puts(name);
    uart_puts("\n");
    return;
  }
  int n = hex_digits(got, want);
  uart_puts("FAIL ");
  uart_puts(name);
  uart_puts(" got=0x");
  uart_hex(got, n);
  uart_puts(" want=0x");
  uart_hex(want, n);
  uart_puts("\n");
}

void check_u32(const char *name, uint32_t got, uint32_t want) { check(name, got == want, got, want); }
void check_u64(const char *name, uint64_t got, uint64_t want) { check(name, got == want, got, want); }
void check_f32(const char *name, uint32_t got, uint32_t want) {
  check(name, isnan32(want) ? isnan32(got) : got == want, got, want);
}
void check_f64(const char *name, uint64_t got, uint64_t want) {
  check(name, isnan64(want) ? isnan64(got) : got == want, got, want);
}

void sweep_note(sweep_t *s, int ok, uint64_t got, uint64_t want, uint64_t a, uint64_t b) {
  if (ok || s->failed) return;
  s->failed = 1;
  s->got = got;
  s->want = want;
  s->a = a;
  s->b = b;
}

void sweep_end(sweep_t *s) {
  checks_run++;
  if (!s->failed) {
    checks_ok++;
    uart_puts("ok ");
    uart_puts(s->name);
    uart_puts("\n");
    return;
  }
  int n = hex_digits(s->got, s->want);
  uart_puts("FAIL ");
  uart_puts(s->name);
  uart_puts(" got=0x");
  uart_hex(s->got, n);
  uart_puts(" want=0x");
  uart_hex(s->want, n);
  uart_puts(" a=0x");
  uart_hex(s->a, 16);
  uart_puts(" b=0x");
  uart_hex(s->b, 16);
  uart_puts("\n");
}

static uint32_t rnd_state = 0x2545f491u;
uint32_t rnd(void) {
  uint32_t x = rnd_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return rnd_state = x;
}

typedef void *(*rom_lookup_fn)(const uint16_t *table, uint32_t code);

/* Read the ROM's 16-bit pointers through volatile so the compiler does not treat low addresses specially. */
static uint32_t rom_hword(uint32_t address) { return *(const volatile uint16_t *)address; }

void *rom_func(char c1, char c2) {
  rom_lookup_fn lookup = (rom_lookup_fn)rom_hword(0x18);
  return lookup((const uint16_t *)rom_hword(0x14), (uint32_t)c1 | ((uint32_t)c2 << 8));
}

void *rom_data(char c1, char c2) {
  rom_lookup_fn lookup = (rom_lookup_fn)rom_hword(0x18);
  return lookup((const uint16_t *)rom_hword(0x16), (uint32_t)c1 | ((uint32_t)c2 << 8));
}

void report_fault(void) {
  uart_puts("FAIL hardfault\n");
}

/* gcc may emit calls to these for struct copies; keep them local and independent of the ROM. */
void *memcpy(void *d, const void *s, unsigned n) {
  uint8_t *dp = d;
  const uint8_t *sp = s;
  while (n--) *dp++ = *sp++;
  return d;
}
void *memset(void *d, int c, unsigned n) {
  uint8_t *dp = d;
  while (n--) *dp++ = (uint8_t)c;
  return d;
}

int main(void) {
  uart_init();
  uart_puts("rom-check start\n");
  check_table();
  check_bits();
  check_memory();
  check_flash();
  check_float();
  check_double();
  uart_puts("done ");
  uart_dec(checks_ok);
  uart_puts("/");
  uart_dec(checks_run);
  uart_puts("\n");
  return 0;
}

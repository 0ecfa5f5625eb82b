/* Serial console on top of the USB CDC port: blocking reads, formatted writes. */
#ifndef USB_REPL_CONSOLE_H
#define USB_REPL_CONSOLE_H
#include <stddef.h>
#include <stdint.h>

int console_getc(void);                 /* blocks until a byte arrives */
void console_write(const void *data, size_t len);
void console_puts(const char *s);
void console_put_uint(uint32_t value);  /* decimal */
void console_put_hex8(uint32_t value);  /* eight lower-case hex digits */
#endif

#include "console.h"

#include "usb_cdc.h"

int console_getc(void) {
    for (;;) {
        int c = usb_cdc_rx_get();
        if (c >= 0) return c;
        usb_cdc_poll();
        if (usb_cdc_rx_available()) continue;
        usb_cdc_wait();
    }
}

void console_write(const void *data, size_t len) { usb_cdc_write(data, len); }

void console_puts(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    usb_cdc_write(s, n);
}

void console_put_uint(uint32_t value) {
    char buf[10];
    int i = sizeof buf;
    do {
        buf[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    usb_cdc_write(buf + i, sizeof buf - (size_t)i);
}

void console_put_hex8(uint32_t value) {
    char buf[8];
    for (int i = 7; i >= 0; i--) {
        buf[i] = "0123456789abcdef"[value & 0xf];
        value >>= 4;
    }
    usb_cdc_write(buf, 8);
}

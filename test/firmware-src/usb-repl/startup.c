/* Vector table and reset handler of the usb-repl test firmware (no SDK, no C library). */
#include <stdint.h>
#include <string.h>
#include "regs.h"

extern uint32_t __stack_top, __data_start, __data_end, __data_load, __bss_start, __bss_end;
extern int main(void);
void usb_irq_handler(void);
void timer0_irq_handler(void);

static void default_handler(void) {
    for (;;) {
        __asm volatile("bkpt #0");
    }
}

void reset_handler(void) {
    /* Make the image work however we were entered (boot2 from RAM or flash, or a debugger jump). */
    SCB_VTOR = 0x10000100u;
    uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
    main();
    for (;;) __asm volatile("wfi");
}

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) const vector_t vector_table[16 + 32] = {
    (vector_t)(uintptr_t)&__stack_top,
    reset_handler,
    default_handler, /* NMI */
    default_handler, /* HardFault */
    0, 0, 0, 0, 0, 0, 0,
    default_handler, /* SVCall */
    0, 0,
    default_handler, /* PendSV */
    default_handler, /* SysTick */
    [16 + IRQ_TIMER_0] = timer0_irq_handler,
    [16 + 1] = default_handler, [16 + 2] = default_handler, [16 + 3] = default_handler,
    [16 + 4] = default_handler,
    [16 + IRQ_USBCTRL] = usb_irq_handler,
    [16 + 6 ... 16 + 31] = default_handler,
};

/* gcc may emit calls to these even with -ffreestanding. */
void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    uint8_t *d = dst;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        while (n--) d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) return *x - *y;
    }
    return 0;
}

/* Minimal USB CDC-ACM device for the RP2040 USB controller: one serial port, polled from the main loop. */
#ifndef USB_REPL_USB_CDC_H
#define USB_REPL_USB_CDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void usb_cdc_init(void);
/* Handles pending USB events (enumeration, received and sent packets). Cheap; call it often. */
void usb_cdc_poll(void);
/* Sleeps (WFE) until an interrupt may have brought new USB work. */
void usb_cdc_wait(void);

bool usb_cdc_configured(void);
/* Serial bytes from the host. */
size_t usb_cdc_rx_available(void);
int usb_cdc_rx_get(void); /* -1 when empty */
/* Drops every received byte up to and including the first 0x03 (Ctrl-C); true if there was one.
   Mirrors MicroPython, which clears its stdin buffer when the interrupt character arrives. */
bool usb_cdc_rx_take_interrupt(void);
/* Queues bytes for the host; blocks (polling USB) while the transmit buffer is full, never drops. */
void usb_cdc_write(const void *data, size_t len);

#endif

/* USB descriptors of the usb-repl test device (CDC-ACM: interface 0 = control, interface 1 = data). */
#ifndef USB_REPL_USB_DESCRIPTORS_H
#define USB_REPL_USB_DESCRIPTORS_H

#include <stdint.h>

#define USB_EP0_SIZE        64u
#define CDC_NOTIFY_EP       1u   /* 0x81, interrupt IN */
#define CDC_DATA_EP         2u   /* 0x02 bulk OUT, 0x82 bulk IN */
#define CDC_NOTIFY_SIZE     16u
#define CDC_DATA_SIZE       64u

extern const uint8_t usb_device_descriptor[18];
extern const uint8_t usb_config_descriptor[];
extern const uint16_t usb_config_descriptor_length;
/* Returns the string descriptor for index, or 0 when there is none; *len receives its length. */
const uint8_t *usb_string_descriptor(uint8_t index, uint16_t *len);

#endif

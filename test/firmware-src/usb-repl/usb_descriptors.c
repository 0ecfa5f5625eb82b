/* Descriptor bytes of the test device. IDs are the Raspberry Pi vendor ID with a product ID marked
   "test device"; nothing on a real host should bind a vendor driver to it. */
#include "usb_descriptors.h"

#define LO(x) ((uint8_t)((x) & 0xff))
#define HI(x) ((uint8_t)((x) >> 8))

const uint8_t usb_device_descriptor[18] = {
    18, 0x01,             /* bLength, DEVICE */
    0x00, 0x02,           /* USB 2.0 */
    0xef, 0x02, 0x01,     /* misc class / common / IAD: composite with interface association */
    USB_EP0_SIZE,
    LO(0x2e8a), HI(0x2e8a), /* idVendor: Raspberry Pi */
    LO(0x7e57), HI(0x7e57), /* idProduct: "test" */
    0x00, 0x01,           /* bcdDevice 1.00 */
    1, 2, 3,              /* manufacturer, product, serial strings */
    1,                    /* one configuration */
};

#define CONFIG_TOTAL (9 + 8 + 9 + 5 + 5 + 4 + 5 + 7 + 9 + 7 + 7)

const uint8_t usb_config_descriptor[CONFIG_TOTAL] = {
    /* configuration */
    9, 0x02, LO(CONFIG_TOTAL), HI(CONFIG_TOTAL), 2, 1, 0, 0x80, 50,
    /* interface association: interfaces 0-1 form one CDC function */
    8, 0x0b, 0, 2, 0x02, 0x02, 0x00, 0,
    /* interface 0: CDC communications, ACM, one notification endpoint */
    9, 0x04, 0, 0, 1, 0x02, 0x02, 0x00, 0,
    5, 0x24, 0x00, 0x20, 0x01,          /* CDC header, CDC 1.20 */
    5, 0x24, 0x01, 0x00, 1,             /* call management: data interface 1 */
    4, 0x24, 0x02, 0x02,                /* ACM: supports line coding + control line state */
    5, 0x24, 0x06, 0, 1,                /* union: master 0, slave 1 */
    7, 0x05, 0x80 | CDC_NOTIFY_EP, 0x03, CDC_NOTIFY_SIZE, 0, 16,
    /* interface 1: CDC data, bulk OUT + bulk IN */
    9, 0x04, 1, 0, 2, 0x0a, 0x00, 0x00, 0,
    7, 0x05, CDC_DATA_EP, 0x02, CDC_DATA_SIZE, 0, 0,
    7, 0x05, 0x80 | CDC_DATA_EP, 0x02, CDC_DATA_SIZE, 0, 0,
};

const uint16_t usb_config_descriptor_length = CONFIG_TOTAL;

static const uint8_t string_langs[] = {4, 0x03, 0x09, 0x04};

/* UTF-16LE strings built at compile time from ASCII. */
#define U(c) (c), 0
static const uint8_t string_manufacturer[] = {
    2 + 2 * 13, 0x03, U('P'), U('i'), U('c'), U('o'), U(' '), U('H'), U('e'), U('a'), U('p'), U(' '),
    U('L'), U('a'), U('b')};
static const uint8_t string_product[] = {
    2 + 2 * 13, 0x03, U('u'), U('s'), U('b'), U('-'), U('r'), U('e'), U('p'), U('l'), U(' '), U('t'),
    U('e'), U('s'), U('t')};
static const uint8_t string_serial[] = {2 + 2 * 4, 0x03, U('0'), U('0'), U('0'), U('1')};

const uint8_t *usb_string_descriptor(uint8_t index, uint16_t *len) {
    const uint8_t *d = 0;
    switch (index) {
        case 0: d = string_langs; break;
        case 1: d = string_manufacturer; break;
        case 2: d = string_product; break;
        case 3: d = string_serial; break;
        default: return 0;
    }
    *len = d[0];
    return d;
}

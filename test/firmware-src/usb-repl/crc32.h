#ifndef USB_REPL_CRC32_H
#define USB_REPL_CRC32_H
#include <stddef.h>
#include <stdint.h>
/* CRC-32 as used by zlib/PNG (reflected, polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF). */
void crc32_init(void);
uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t len); /* start with crc = 0 */
#endif

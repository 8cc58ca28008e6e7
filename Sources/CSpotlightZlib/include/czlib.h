#ifndef CZLIB_H
#define CZLIB_H
#include <stddef.h>
#include <stdint.h>

/// gzip-compresses `input` into `output` (capacity from spotlight_gzip_bound) in one call.
/// deflateInit2 is a macro Swift cannot call, hence this shim. Returns the compressed size,
/// or 0 on failure. The header carries no name and mtime 0, so output is reproducible.
size_t spotlight_gzip(const uint8_t *input, size_t input_size, uint8_t *output, size_t capacity, int level);
size_t spotlight_gzip_bound(size_t input_size);
/// gunzips into `output`; returns the size, or (size_t)-1 when the input is invalid or too big.
size_t spotlight_gunzip(const uint8_t *input, size_t input_size, uint8_t *output, size_t capacity);
#endif

#include "czlib.h"
#include <string.h>
#include <zlib.h>

size_t spotlight_gzip_bound(size_t input_size) {
    return compressBound((uLong)input_size) + 18; /* + gzip header and trailer */
}

size_t spotlight_gzip(const uint8_t *input, size_t input_size, uint8_t *output, size_t capacity, int level) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    s.next_in = (Bytef *)input;
    s.avail_in = (uInt)input_size;
    s.next_out = output;
    s.avail_out = (uInt)capacity;
    int rc = deflate(&s, Z_FINISH);
    size_t written = s.total_out;
    deflateEnd(&s);
    return rc == Z_STREAM_END ? written : 0;
}

size_t spotlight_gunzip(const uint8_t *input, size_t input_size, uint8_t *output, size_t capacity) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 15 + 16) != Z_OK) return (size_t)-1;
    s.next_in = (Bytef *)input;
    s.avail_in = (uInt)input_size;
    s.next_out = output;
    s.avail_out = (uInt)capacity;
    int rc = inflate(&s, Z_FINISH);
    size_t written = s.total_out;
    inflateEnd(&s);
    return rc == Z_STREAM_END ? written : (size_t)-1;
}

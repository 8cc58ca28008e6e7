#ifndef CBROTLI_H
#define CBROTLI_H
#include <brotli/encode.h>
#include <brotli/decode.h>
#endif

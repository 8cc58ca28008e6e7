#ifndef CZSTD_H
#define CZSTD_H
// libzstd (Debian libzstd-dev): the lake keeps the FEC zips' members as .zst, a compression
// ClickHouse reads natively from a file or a bucket (it cannot open zips), and Spotlight counts
// their lines apart from ClickHouse by streaming them back.
#include <zstd.h>
#endif

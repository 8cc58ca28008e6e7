#ifndef CDEFLATE_H
#define CDEFLATE_H
// libdeflate (Debian libdeflate-dev): one-shot gzip for whole files. For 5–20 KB pages it is
// 2–4× faster than zlib, whose per-stream setup (allocating and clearing its hash tables)
// dominates at that size, for the same output size at the same level.
#include <libdeflate.h>
#endif

// libcurl's curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call:
// one wrapper per argument type, nothing else.
#ifndef SPOTLIGHT_CCURL_H
#define SPOTLIGHT_CCURL_H
#include <curl/curl.h>

CURLcode spotlight_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode spotlight_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode spotlight_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode spotlight_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode spotlight_curl_setopt_write(CURL *handle, curl_write_callback callback);
CURLcode spotlight_curl_setopt_header(CURL *handle, curl_write_callback callback);
CURLcode spotlight_curl_setopt_read(CURL *handle, curl_read_callback callback);
CURLcode spotlight_curl_setopt_xferinfo(CURL *handle, curl_xferinfo_callback callback);
CURLcode spotlight_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode spotlight_curl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode spotlight_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
#endif

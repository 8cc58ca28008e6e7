#include "ccurl.h"

CURLcode spotlight_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
CURLcode spotlight_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
CURLcode spotlight_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
CURLcode spotlight_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
CURLcode spotlight_curl_setopt_write(CURL *h, curl_write_callback c) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, c); }
CURLcode spotlight_curl_setopt_header(CURL *h, curl_write_callback c) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, c); }
CURLcode spotlight_curl_setopt_read(CURL *h, curl_read_callback c) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, c); }
CURLcode spotlight_curl_setopt_xferinfo(CURL *h, curl_xferinfo_callback c) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, c);
    return rc != CURLE_OK ? rc : curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}
CURLcode spotlight_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
CURLcode spotlight_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
CURLcode spotlight_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }

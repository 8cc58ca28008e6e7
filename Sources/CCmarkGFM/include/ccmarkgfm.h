#ifndef CCMARKGFM_H
#define CCMARKGFM_H
#include <stddef.h>

/// Renders GitHub-flavoured Markdown to HTML with the table, strikethrough, autolink,
/// tagfilter and tasklist extensions; raw HTML is omitted (cmark's safe default).
/// Returns a malloc'd NUL-terminated string the caller frees, or NULL.
char *spotlight_markdown_to_html(const char *markdown, size_t length);
#endif

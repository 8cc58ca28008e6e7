#ifndef CHTML_H
#define CHTML_H
#include <stddef.h>

// libxml2's forgiving HTML parser behind plain C types: its own headers pull in ICU, which
// clashes with Foundation's copy when imported into Swift. Nodes are opaque pointers owned
// by their document; strings returned must be released with spotlight_html_free_string.
void *spotlight_html_read(const char *bytes, size_t length);
void spotlight_html_free(void *document);
void *spotlight_html_root(void *document);
void *spotlight_html_first_child(void *node);
void *spotlight_html_next(void *node);
/// 1 for an element, 0 otherwise.
int spotlight_html_is_element(void *node);
/// The element's name (owned by the document; do not free).
const char *spotlight_html_name(void *node);
char *spotlight_html_attribute(void *node, const char *name);
char *spotlight_html_text(void *node);
void spotlight_html_free_string(char *string);
#endif

#include "chtml.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

void *spotlight_html_read(const char *bytes, size_t length) {
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    return htmlReadMemory(bytes, (int)length, NULL, "UTF-8", options);
}
void spotlight_html_free(void *document) { if (document) xmlFreeDoc((xmlDocPtr)document); }
void *spotlight_html_root(void *document) { return xmlDocGetRootElement((xmlDocPtr)document); }
void *spotlight_html_first_child(void *node) { return ((xmlNodePtr)node)->children; }
void *spotlight_html_next(void *node) { return ((xmlNodePtr)node)->next; }
int spotlight_html_is_element(void *node) { return ((xmlNodePtr)node)->type == XML_ELEMENT_NODE; }
const char *spotlight_html_name(void *node) { return (const char *)((xmlNodePtr)node)->name; }
char *spotlight_html_attribute(void *node, const char *name) { return (char *)xmlGetProp((xmlNodePtr)node, (const xmlChar *)name); }
char *spotlight_html_text(void *node) { return (char *)xmlNodeGetContent((xmlNodePtr)node); }
void spotlight_html_free_string(char *string) { if (string) xmlFree(string); }

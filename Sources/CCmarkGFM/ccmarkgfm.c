#include "ccmarkgfm.h"
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>

static pthread_once_t registered = PTHREAD_ONCE_INIT;
static void register_extensions(void) { cmark_gfm_core_extensions_ensure_registered(); }

char *spotlight_markdown_to_html(const char *markdown, size_t length) {
    pthread_once(&registered, register_extensions);
    int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART;  // a fence's language as <code class="language-sql">, not <pre lang="sql"> (not a language tag)
    cmark_parser *parser = cmark_parser_new(options);
    if (!parser) return NULL;
    static const char *names[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(names[i]);
        if (ext) cmark_parser_attach_syntax_extension(parser, ext);
    }
    cmark_parser_feed(parser, markdown, length);
    cmark_node *doc = cmark_parser_finish(parser);
    char *html = doc ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser)) : NULL;
    if (doc) cmark_node_free(doc);
    cmark_parser_free(parser);
    return html;
}

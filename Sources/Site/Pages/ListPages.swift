/// An entity in list pages and the search index.
struct Listing: Sendable {
    var name: String
    var url: String
    var kind: String
    /// Column values after the name, in the list's column order.
    var cells: [String]
    var sortKey: [String]
    var searchDetail: String
    var keywords: String
}

/// Paginated, sortable list pages with stable URLs: `/politicians/`, `/politicians/page/2/`…
enum ListPages {
    static func pages(base: String, title: String, description: String, columns: [(String, Bool)],
                      listings: [Listing], pageSize: Int) -> [Page] {
        let sorted = listings.sorted { a, b in
            a.sortKey != b.sortKey ? a.sortKey.lexicographicallyPrecedes(b.sortKey) : a.url < b.url
        }
        let count = max(1, (sorted.count + pageSize - 1) / pageSize)
        func url(_ n: Int) -> String { n == 1 ? base : "\(base)page/\(n)/" }
        return (1...count).map { n in
            let slice = sorted.dropFirst((n - 1) * pageSize).prefix(pageSize)
            let document: Value = [
                "kind": "list",
                "title": .string(title),
                "description": .string(description),
                "url": .string(url(n)),
                "page": .int(Int64(n)),
                "pages": .int(Int64(count)),
                "total": .int(Int64(sorted.count)),
                "columns": .list(columns.map { ["label": .string($0.0), "numeric": .bool($0.1)] }),
                "items": .list(slice.map { ["name": .string($0.name), "url": .string($0.url), "cells": .list($0.cells.map(Value.string))] }),
                "pagination": pagination(pages: count, current: n, url: url),
            ]
            return Page(path: String(url(n).dropFirst()), template: "list", document: document)
        }
    }

    /// The links of `partials/pagination` for page `current` of `pages` (none for one page).
    static func pagination(pages: Int, current: Int, url: (Int) -> String) -> Value {
        .list(pages == 1 ? [] : (1...pages).map { ["number": .int(Int64($0)), "url": .string(url($0)), "current": .bool($0 == current)] })
    }
}

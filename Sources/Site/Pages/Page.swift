/// One page of the site: where it goes, which template renders it, and its data. The page's
/// `index.json` is `document` serialised; its `index.html` is the template rendered from
/// the same document (render-only keys start with `_`).
public struct Page: Sendable {
    /// Directory path under the site root, e.g. `pacs/c00401224/` ("" for the home page).
    public var path: String
    public var template: String
    public var document: Value
    /// Whether the page also gets an `index.json` (list pages and content pages do too).
    public var hasJSON = true
    /// Entity pages also get `feed.xml`: an Atom feed of what is new for this politician, PAC or
    /// corporation (newest first; links relative to the site).
    var feed: [FeedItem]? = nil

    public init(path: String, template: String, document: Value, hasJSON: Bool = true) {
        self.path = path
        self.template = template
        self.document = document
        self.hasJSON = hasJSON
    }

    public var url: String { "/" + path }
}

/// Stable URLs. Every id is passed through `Slug.make`, so source text can never put `/` or
/// `..` into a path.
public enum URLs {
    public static func committee(_ id: String) -> String { "/pacs/\(Slug.make(id))/" }
    public static func candidate(_ slug: String) -> String { "/politicians/\(slug)/" }
    public static func corporation(_ id: String) -> String { "/corporations/\(Slug.corporation(id))/" }
    public static func bill(_ key: String) -> String { "/bills/\(Slug.make(key))/" }
}

/// One entry of an entity's Atom feed: a dated event with a stable id.
struct FeedItem: Sendable {
    var id: String
    var title: String
    var link: String      // site-relative or absolute (a filing)
    var date: String      // YYYY-MM-DD
    var summary: String
}

// swift-tools-version:6.0
import PackageDescription

// One module per pipeline stage; C shims are thin and hold no logic.
let package = Package(
    name: "Spotlight",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spotlight", targets: ["spotlight"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Streaming unzip of the official FEC zips (chDB has ZIP reading disabled).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // congress-legislators publishes YAML (LibYAML underneath; node marks give line numbers).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Declarations of the ADBC driver vtable and the Arrow C Data Interface, plus dlopen.
        .target(name: "CChDB", linkerSettings: [.linkedLibrary("dl")]),
        // libcurl's variadic curl_easy_setopt wrapped per argument type.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // libdeflate: one-shot gzip of whole pages (faster than zlib at page sizes).
        .target(name: "CDeflate", linkerSettings: [.linkedLibrary("deflate")]),
        .target(name: "CBrotli", linkerSettings: [.linkedLibrary("brotlienc"), .linkedLibrary("brotlidec")]),
        // libzstd: zip members kept in the lake as .zst, which ClickHouse reads by itself.
        .target(name: "CZstd", linkerSettings: [.linkedLibrary("zstd")]),
        // GitHub-flavoured Markdown (Debian libcmark-gfm-dev + extensions).
        .target(name: "CCmarkGFM", linkerSettings: [.linkedLibrary("cmark-gfm"), .linkedLibrary("cmark-gfm-extensions")]),
        // libxml2's forgiving HTML parser (Debian libxml2-dev) for Senate eFD pages.
        .target(name: "CHTML", cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])], linkerSettings: [.linkedLibrary("xml2")]),
        // OpenSSL libcrypto for SHA-256 at hardware speed (Debian libssl-dev).
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        .target(name: "Core", dependencies: [
            "CCrypto", "CZstd", "CDeflate",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "HTTP", dependencies: ["CCurl", "Core"]),
        .target(name: "Warehouse", dependencies: ["CChDB", "HTTP", "Core"]),
        // S3 API client (SigV4) for the lake and publishing.
        .target(name: "ObjectStore", dependencies: ["Core", "HTTP"]),
        // Downloads of the official sources: resumable, conditional, retried, verified.
        .target(name: "Fetch", dependencies: [
            "Core", "HTTP", "ObjectStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "Ingest", dependencies: [
            "Core", "Warehouse", "CHTML",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Demo data in the exact official layouts, deterministic for a seed.
        .target(name: "Sample", dependencies: [
            "Core", "Ingest",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Templates, pages, JSON twins, Markdown, charts, search, sitemaps, feeds, compression.
        // Accountability reports: sql/reports/*.sql computed into report_<name> tables.
        .target(name: "Reports", dependencies: ["Core", "Warehouse", "Ingest", .product(name: "Logging", package: "swift-log"), .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "Export", dependencies: ["Core", "Warehouse", "ObjectStore", .product(name: "Logging", package: "swift-log"), .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "Site", dependencies: [
            "Core", "Warehouse", "Ingest", "Reports", "Export", "CDeflate", "CBrotli", "CCmarkGFM",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The build as a list of named stages with declared inputs, skipped when unchanged:
        // fetch → ingest per source → match members → model and reports → export → render.
        .target(name: "Publish", dependencies: ["Core", "ObjectStore"]),
        .target(name: "Pipeline", dependencies: ["Core", "Fetch", "Ingest", "Sample", "Warehouse", "Export", "Reports", "ObjectStore", "Site", "Publish"]),
        .executableTarget(name: "spotlight", dependencies: [
            "Core", "Warehouse", "Ingest", "Sample", "Site", "Fetch", "Pipeline", "Reports", "Export", "ObjectStore", "Publish",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "spotlight-bench", dependencies: ["Core", "Warehouse", "Ingest", "Sample", "Site", "Fetch", "ObjectStore", "Export", "TestSupport"], path: "Benchmarks/spotlight-bench"),
        // Starts the real services tests need (ClickHouse server) and finds ../shared.
        .target(name: "TestSupport", dependencies: ["Core", "Warehouse", "HTTP", "Sample"], path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "Core", "HTTP", "Sample", "TestSupport"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Sample", "Warehouse", "Core", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Fetch", "Ingest", "Site", "Core", "Warehouse", "TestSupport"]),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "Core", "Warehouse", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ObjectStoreTests", dependencies: ["ObjectStore", "Core", "TestSupport", "Warehouse", "Ingest"]),
        .testTarget(name: "SiteTests", dependencies: ["Site", "Sample", "Core", "Warehouse", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Warehouse", "ObjectStore", "Core", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Ingest", "Sample", "Core", "Warehouse", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["Core", "Ingest", "ObjectStore", "Sample", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "ObjectStore", "Site", "Core", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

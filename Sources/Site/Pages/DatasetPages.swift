import Core
import Export
import Foundation

/// `/datasets/`: the downloads the export stage wrote (Parquet and CSV.gz per dataset), a page
/// per dataset with its data dictionary, sample rows and provenance, and `datapackage.json`
/// (Frictionless Data Package) describing them all. Everything comes from `exports.json`.
struct DatasetPages {
    let manifest: ExportManifest
    /// Where the export files are on this machine.
    let directory: URL
    let site: SiteContext

    static func url(_ name: String) -> String { "/datasets/\(Slug.make(name))/" }

    /// Copies (hard-links when it can) every file into `datasets/`, recorded in the manifest
    /// with the size and hash the export already measured.
    func publishFiles(_ writer: SiteWriter) throws {
        for dataset in manifest.datasets {
            for file in dataset.files {
                try writer.link(directory.appendingPathComponent(file.name), as: "datasets/\(file.name)", size: Int(file.bytes), sha256: file.sha256)
            }
        }
    }

    func pages() -> [Page] {
        var families: [(name: String, datasets: [Value])] = []
        for dataset in manifest.datasets {
            let entry: Value = ["name": .string(dataset.name), "title": .string(dataset.title), "description": .string(dataset.description),
                                "url": .string(Self.url(dataset.name)), "rows": .int(dataset.rows),
                                "files": .list(dataset.files.map(file))]
            if let i = families.firstIndex(where: { $0.name == dataset.family }) { families[i].datasets.append(entry) } else { families.append((dataset.family, [entry])) }
        }
        let totalBytes = manifest.datasets.reduce(Int64(0)) { $0 + $1.files.reduce(0) { $0 + $1.bytes } }
        var pages = [Page(path: "datasets/", template: "datasets", document: [
            "kind": "datasets", "title": "Datasets",
            "description": "Every source table, every entity and flow Spotlight builds and every report, as Parquet and CSV.gz, described in a Frictionless data package.",
            "datapackage_url": "/datasets/datapackage.json",
            "datasets_count": .int(Int64(manifest.datasets.count)),
            "total_size": .string(Self.size(totalBytes)),
            "families": .list(families.map { ["family": .string($0.name), "datasets": .list($0.datasets)] }),
        ])]
        pages += manifest.datasets.map(page)
        return pages
    }

    func file(_ f: ExportedDataset.File) -> Value {
        ["format": .string(f.format == "parquet" ? "Parquet" : "CSV.gz"), "url": .string("/datasets/\(f.name)"),
         "bytes": .int(f.bytes), "size": .string(Self.size(f.bytes)), "sha256": .string(f.sha256)]
    }

    func page(_ d: ExportedDataset) -> Page {
        let parquet = d.files.first { $0.format == "parquet" }?.name ?? "\(d.name).parquet"
        let csv = d.files.first { $0.format == "csv" }?.name ?? "\(d.name).csv.gz"
        let parquetURL = site.absolute("/datasets/\(parquet)"), csvURL = site.absolute("/datasets/\(csv)")
        // An entity's own rows: the files are sorted by the entity column, so these read little.
        var filter = ""
        if let entity = d.entity, let example = d.columns.first(where: { $0.name == entity.column })?.example, !example.isEmpty {
            filter = " WHERE \(entity.column) = '\(example.replacingOccurrences(of: "'", with: "''"))'"
        }
        let loading: [Value] = [
            ["tool": "Python (pandas)", "code": .string("import pandas as pd\ndf = pd.read_parquet(\"\(parquetURL)\")\n# or: pd.read_csv(\"\(csvURL)\")")],
            ["tool": "Python (Polars)", "code": .string("import polars as pl\ndf = pl.read_parquet(\"\(parquetURL)\")")],
            ["tool": "DuckDB", "code": .string("INSTALL httpfs; LOAD httpfs;\nSELECT * FROM '\(parquetURL)'\(filter);")],
            ["tool": "R (arrow)", "code": .string("library(arrow)\ndf <- read_parquet(\"\(parquetURL)\")\n# or: readr::read_csv(\"\(csvURL)\")")],
            ["tool": "Excel, LibreOffice", "code": .string("Download \(csv), decompress it (gzip), open the UTF-8 CSV.")],
        ]
        let links = Dictionary(uniqueKeysWithValues: manifest.datasets.map { ($0.name, $0.title) })
        return Page(path: "datasets/\(Slug.make(d.name))/", template: "dataset", document: [
            "kind": "dataset",
            "name": .string(d.name),
            "title": .string(d.title),
            "description": .string(d.description),
            "family": .string(d.family),
            "caveats": .text(d.caveats.isEmpty ? nil : d.caveats),
            "licence": .text(d.licence),
            "rows": .int(d.rows),
            "coverage": .list(d.coverage.map(Value.string)),
            "files": .list(d.files.map(file)),
            "columns": .list(d.columns.map { c in
                ["name": .string(c.name), "type": .string(c.type), "warehouse_type": .string(c.warehouseType), "meaning": .string(c.meaning),
                 "official_column": .text(c.official.isEmpty ? nil : c.official), "example": .string(c.example)]
            }),
            "primary_key": .list(d.primaryKey.map(Value.string)),
            "foreign_keys": .list(d.foreignKeys.map { fk in
                ["fields": .list(fk.fields.map(Value.string)), "dataset": .string(fk.resource), "dataset_title": .string(links[fk.resource] ?? fk.resource),
                 "dataset_url": .string(Self.url(fk.resource)), "reference_fields": .list(fk.referenceFields.map(Value.string))]
            }),
            "sorted_by": .list(d.sort.map(Value.string)),
            "entity_column": .text(d.entity?.column),
            "sources": .list(d.sources.map { ["title": .string($0.title), "url": .string($0.path)] }),
            "snapshots": .list(d.snapshots.map { ["source": .string($0.source), "fetched": .text($0.fetched.isEmpty ? nil : $0.fetched),
                                                  "files": .list($0.files.map(Value.string))] }),
            "notes": .list(d.notes.map(Value.string)),
            "samples": .list(d.samples.map { row in ["cells": .list(row.map(Value.string))] }),
            "_column_names": .list(d.columns.map { .string($0.name) }),
            "loading": .list(loading),
            "datapackage_url": "/datasets/datapackage.json",
        ])
    }

    /// The Frictionless Data Package: one resource per dataset, with its schema.
    func datapackage() -> [UInt8] {
        var resources: [Value] = []
        for d in manifest.datasets {
            let fields: [Value] = d.columns.map { c in
                var field: Object = ["name": .string(c.name), "type": .string(c.type),
                                     "description": .string(c.official.isEmpty ? c.meaning : "\(c.meaning) Official column: \(c.official).")]
                if c.type == "datetime" { field["format"] = "%Y-%m-%dT%H:%M:%SZ" }
                return .object(field)
            }
            var schema: Object = ["fields": .list(fields)]
            if !d.primaryKey.isEmpty { schema["primaryKey"] = .list(d.primaryKey.map(Value.string)) }
            if !d.foreignKeys.isEmpty {
                schema["foreignKeys"] = .list(d.foreignKeys.map { fk in
                    ["fields": .list(fk.fields.map(Value.string)),
                     "reference": ["resource": .string(fk.resource), "fields": .list(fk.referenceFields.map(Value.string))]]
                })
            }
            let sources: [Value] = d.sources.map { s in
                ["title": .string(s.title), "path": .string(s.path.hasPrefix("/") ? site.absolute(s.path) : s.path)]
            }
            // The resources are the CSV.gz files, which Frictionless reads and checks row by row
            // against the schema and keys; each names its Parquet twin (same rows, typed, the
            // schema embedded) in a "parquet" property, since Frictionless's Parquet reader
            // cannot check bytes or hashes and reads nullable integers as floats.
            guard let csv = d.files.first(where: { $0.format == "csv" }) else { continue }
            var resource: Object = [
                "name": .string(d.name),
                "title": .string(d.title),
                "description": .string(d.caveats.isEmpty ? d.description : "\(d.description) \(d.caveats)"),
                "path": .string(csv.name),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "compression": "gz",
                "bytes": .int(csv.bytes),
                "hash": .string("sha256:\(csv.sha256)"),
                "dialect": ["delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "lineTerminator": "\r\n", "header": true],
                "schema": .object(schema),
                "sources": .list(sources),
            ]
            if let licence = d.licence {
                resource["licenses"] = .list([["name": "other", "title": .string(licence)]])
            }
            if !d.snapshots.isEmpty {
                // Which snapshot of each official source the rows were loaded from.
                resource["snapshots"] = .list(d.snapshots.map { s in
                    ["source": .string(s.source), "fetched": .text(s.fetched.isEmpty ? nil : s.fetched), "files": .list(s.files.map(Value.string))]
                })
            }
            if let parquet = d.files.first(where: { $0.format == "parquet" }) {
                resource["parquet"] = ["path": .string(parquet.name), "mediatype": .string(parquet.mediatype), "bytes": .int(parquet.bytes),
                                       "hash": .string("sha256:\(parquet.sha256)")]
            }
            resources.append(.object(resource))
        }
        let package: Value = [
            "profile": "data-package",
            "name": "spotlight",
            "title": .string("\(site.title): datasets"),
            "description": "Campaign finance, super PAC money, congressional stock trades, lobbying, roll-call votes and insider trades, cleaned and joined by entity. Every row keeps the file and line it came from.",
            "homepage": .string(site.absolute("/datasets/")),
            "licenses": .list([["name": "other-pd", "title": "U.S. Government Works (public domain); Spotlight's own tables are dedicated to the public domain",
                                "path": "https://www.usa.gov/government-copyright"]]),
            "resources": .list(resources),
        ]
        return package.jsonBytes + [UInt8(ascii: "\n")]
    }

    /// The datasets holding an entity kind's rows, for the "download these rows" section of
    /// entity pages.
    func downloads(for kinds: Set<String>) -> [(dataset: ExportedDataset, column: String)] {
        manifest.datasets.compactMap { d in d.entity.flatMap { kinds.contains($0.kind) ? (d, $0.column) : nil } }
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1_000 { return "\(bytes) B" }
        if bytes < 1_000_000 { return String(format: "%.1f kB", Double(bytes) / 1_000) }
        if bytes < 1_000_000_000 { return String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        return String(format: "%.2f GB", Double(bytes) / 1_000_000_000)
    }
}

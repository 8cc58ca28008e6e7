import Core
import Fetch
import Foundation
import Ingest
import Sample

/// Contributed datasets (`content/datasets/<name>/dataset.toml`) as sources like the official
/// ones: fetched into the lake as `dataset-<name>`, ingested by `DatasetIngest` in a stage of
/// their own (skipped when neither the snapshot nor the definition changed), exported and
/// rendered from the catalog.
extension Pipeline {
    /// Where the demo publisher writes the example datasets' files (`{demo}/…` in a definition).
    public var demoDatasets: URL { home.root.appendingPathComponent("demo/datasets", isDirectory: true) }

    /// Every definition under the project's `content/datasets/`.
    public func datasetDefinitions() throws -> [DatasetDefinition] {
        try DatasetDefinition.all(in: try Self.project(config.site.content).appendingPathComponent("datasets"))
    }

    /// The definitions this build fetches and loads: a dataset whose files the demo generates
    /// (`{demo}/…` URLs) only in a demo build.
    public func activeDatasets() throws -> [DatasetDefinition] {
        try datasetDefinitions().filter { definition in
            config.fetch.demo || !definition.sources.contains { if case .url(let url) = $0 { url.hasPrefix("{demo}/") } else { false } }
        }
    }

    /// The lake source of each active dataset: its URLs, with `{demo}` the demo publisher's
    /// folder, and its own files as `file://` URLs inside its folder.
    func datasetSources() throws -> [Source] {
        try activeDatasets().map { definition in
            let names = definition.fileNames
            let files = zip(definition.sources, names).map { location, name -> SourceFile in
                switch location {
                case .url(let url): SourceFile(name: name, url: url.replacingOccurrences(of: "{demo}", with: SampleFamilies.base(demoDatasets)))
                case .file(let path): SourceFile(name: name, url: definition.folder.appendingPathComponent(path).standardizedFileURL.absoluteString)
                }
            }
            return Source(name: definition.source, files: files)
        }
    }

    /// The family that loads a lake source: an official one, or the contributed dataset's.
    public func family(of source: String) throws -> SourceFamily? {
        if let family = SourceFamily.of(source: source) { return family }
        guard let definition = try datasetDefinitions().first(where: { $0.source == source }) else { return nil }
        return SourceFamily.dataset(definition)
    }

    /// Writes the demo's example datasets from the FEC demo (with the other demo families).
    func writeDemoDatasets(fec: FECSample.Report, seed: UInt64) throws {
        try? FileManager.default.removeItem(at: demoDatasets)
        _ = try SponsoredTravelSample(fec: fec, seed: seed).write(to: demoDatasets.appendingPathComponent("sponsored-travel", isDirectory: true))
    }
}

extension SourceFamily {
    /// The family name every contributed dataset's source has.
    public static let datasets = "datasets"

    /// A contributed dataset as a family of one source.
    public static func dataset(_ definition: DatasetDefinition) -> SourceFamily {
        SourceFamily(name: datasets, owns: { $0 == definition.source }, load: { c, _, dir in
            try DatasetIngest(engine: c.engine, sql: c.sql, home: c.home, definition: definition, maxQuarantineRate: c.maxQuarantineRate ?? definition.maxQuarantineRate)
                .run(directory: dir, objects: c.objects)
        }, cadenceDays: definition.cadenceDays)
    }
}

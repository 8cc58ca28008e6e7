import Foundation

/// Where a planted credential turned up: every regular file under the given folders (the
/// published site, the Spotlight home with its state, lake, warehouse and logs), byte for byte.
public struct SecretScan {
    public private(set) var scanned = 0
    public private(set) var holding: [String] = []

    public init(_ secrets: [String], in directories: [URL]) throws {
        let needles = secrets.map { Data($0.utf8) }
        for directory in directories {
            guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let file as URL in files where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                scanned += 1
                let data = try Data(contentsOf: file)
                if needles.contains(where: { data.range(of: $0) != nil }) { holding.append(file.path) }
            }
        }
    }
}

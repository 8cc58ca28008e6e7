import Core
import Fetch
import Foundation
import TestSupport

// Download throughput: 8 × 25 MB files from a local HTTP server, fetched by Spotlight's
// downloader (4 at a time; each file verified by size and sha256, fsynced and renamed into
// place) and by the curl command line (`--parallel --parallel-max 4`), in the same run.

func downloadBenchmark() throws -> String {
    let files = 8, size = 25 * 1_000_000
    let bodies: [[UInt8]] = (0..<files).map { f in
        var state = UInt64(f + 1) &* 0x9E37_79B9_7F4A_7C15
        return (0..<size).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }
    let digests = bodies.map(SHA256.hex)
    let server = FaultServer { request, _ in
        let index = Int(request.path.split(separator: "-").last.flatMap { Int($0.split(separator: ".")[0]) } ?? 0)
        return FaultServer.file(bodies[index], etag: "\"\(index)\"", for: request)
    }
    try server.start()
    defer { server.stop() }
    let urls = (0..<files).map { "\(server.url)/file-\($0).bin" }
    let scratchRoot = scratch("download", memory: true)
    defer { try? FileManager.default.removeItem(atPath: scratchRoot) }

    var ours: [Double] = [], peer: [Double] = []
    for round in 0..<3 {
        let dir = URL(fileURLWithPath: "\(scratchRoot)/ours-\(round)")
        var options = Downloader.Options()
        options.maxAttempts = 1
        let fetcher = Fetcher(lake: FileLake(root: dir), downloader: Downloader(options: options), concurrency: 4, perHost: 4)
        let start = Date()
        let results = fetcher.run(urls.enumerated().map { Download(url: $1, destination: dir.appendingPathComponent("file-\($0).bin")) })
        ours.append(Date().timeIntervalSince(start))
        for (i, result) in results.enumerated() {
            guard case .success(let r) = result, r.sha256 == digests[i] else { throw CocoaError(.fileReadCorruptFile) }
        }

        let curlDir = "\(scratchRoot)/curl-\(round)"
        try FileManager.default.createDirectory(atPath: curlDir, withIntermediateDirectories: true)
        let args = ["-s", "--fail", "--parallel", "--parallel-max", "4"] + urls.enumerated().flatMap { ["-o", "\(curlDir)/file-\($0).bin", $1] }
        let curlStart = Date()
        guard let result = Subprocess.run("/usr/bin/curl", args), result.status == 0 else { throw CocoaError(.executableLoad) }
        peer.append(Date().timeIntervalSince(curlStart))
        for i in 0..<files where try SHA256.hex(file: "\(curlDir)/file-\(i).bin") != digests[i] { throw CocoaError(.fileReadCorruptFile) }
        try? FileManager.default.removeItem(at: dir)
        try? FileManager.default.removeItem(atPath: curlDir)
    }
    ours.sort()
    peer.sort()
    let megabytes = Double(files * size) / 1_000_000
    let line = String(format: "| Spotlight downloader (4 at a time, verified, renamed) | %.2f | %.0f | curl --parallel-max 4 | %.2f | %.0f | %.2f× |",
                      ours[1], megabytes / ours[1], peer[1], megabytes / peer[1], peer[1] / ours[1])
    print(line)
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return """
        ## Fetch: downloading from a local HTTP server

        Command: `make bench` (`.build/release/spotlight-bench download` for this section alone) · machine: \(machine()) · date: \(formatter.string(from: Date()))

        8 files × 25 MB served by the tests' HTTP server (`Tests/TestSupport/FaultServer.swift`) on
        127.0.0.1, written to tmpfs. Spotlight's downloader writes each to a `.part` file, checks its size
        and sha256 (OpenSSL), fsyncs and renames it into place; curl only writes. Median of 3 rounds;
        ratio = curl time ÷ ours (goal ≥ 0.9×). Runs: ours \(ours.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s;
        curl \(peer.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s.

        | downloader | seconds | MB/s | peer | peer s | peer MB/s | ratio |
        |---|---:|---:|---|---:|---:|---:|
        \(line)

        """
}

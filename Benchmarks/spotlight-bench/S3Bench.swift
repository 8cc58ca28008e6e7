import Core
import Foundation
import ObjectStore
import TestSupport

// S3 throughput against moto's S3 server on 127.0.0.1: a 100 MiB file uploaded (multipart,
// 16 MiB parts) and downloaded (streamed to disk) by Spotlight's client and by boto3, the AWS
// SDK for Python, in the same run. moto is a Python server, so it bounds both.

func s3Benchmark() throws -> String {
    let moto = try MotoServer.shared()
    var options = S3Client.Options(endpoint: moto.endpoint)
    options.partSize = 16 * 1024 * 1024
    options.multipartThreshold = 16 * 1024 * 1024
    let client = S3Client(options: options, credentials: AWSCredentials(accessKeyID: MotoServer.accessKey, secretAccessKey: MotoServer.secretKey))
    let bucket = "bench-\(getpid())"
    try client.createBucket(bucket)
    let size = 100 * 1024 * 1024
    let dir = scratch("s3", memory: true)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let source = "\(dir)/source.bin"
    var state: UInt64 = 7
    try Data((0..<size).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(truncatingIfNeeded: state >> 33)
    }).write(to: URL(fileURLWithPath: source))
    let digest = try SHA256.hex(file: source)

    var up: [Double] = [], down: [Double] = [], peerUp: [Double] = [], peerDown: [Double] = []
    for round in 0..<3 {
        var t = Date()
        try client.putFile(bucket: bucket, key: "ours-\(round).bin", path: source)
        up.append(Date().timeIntervalSince(t))
        t = Date()
        try client.download(bucket: bucket, key: "ours-\(round).bin", to: "\(dir)/back-\(round).bin")
        down.append(Date().timeIntervalSince(t))
        guard try SHA256.hex(file: "\(dir)/back-\(round).bin") == digest else { throw CocoaError(.fileReadCorruptFile) }
        try? FileManager.default.removeItem(atPath: "\(dir)/back-\(round).bin")

        let script = """
            import boto3, time
            from boto3.s3.transfer import TransferConfig
            s3 = boto3.client("s3", endpoint_url="\(moto.endpoint)", region_name="us-east-1",
                              aws_access_key_id="\(MotoServer.accessKey)", aws_secret_access_key="\(MotoServer.secretKey)")
            config = TransferConfig(multipart_threshold=16 * 1024 * 1024, multipart_chunksize=16 * 1024 * 1024)
            t = time.time(); s3.upload_file("\(source)", "\(bucket)", "peer-\(round).bin", Config=config); a = time.time() - t
            t = time.time(); s3.download_file("\(bucket)", "peer-\(round).bin", "\(dir)/peer-\(round).bin", Config=config); b = time.time() - t
            print(a, b)
            """
        guard let result = Subprocess.run(".venv/bin/python3", ["-c", script]), result.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "boto3 peer failed (make setup-test installs it)"])
        }
        let parts = result.output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        peerUp.append(parts[0])
        peerDown.append(parts[1])
        try? FileManager.default.removeItem(atPath: "\(dir)/peer-\(round).bin")
    }
    for list in [up, down, peerUp, peerDown] { _ = list }
    up.sort(); down.sort(); peerUp.sort(); peerDown.sort()
    let mib = Double(size) / 1_048_576
    let rows = [
        String(format: "| upload (multipart, 16 MiB parts) | %.2f | %.0f | %.2f | %.0f | %.2f× |", up[1], mib / up[1], peerUp[1], mib / peerUp[1], peerUp[1] / up[1]),
        String(format: "| download (streamed to disk) | %.2f | %.0f | %.2f | %.0f | %.2f× |", down[1], mib / down[1], peerDown[1], mib / peerDown[1], peerDown[1] / down[1]),
    ]
    rows.forEach { print($0) }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return """
        ## Lake: S3 upload and download against moto

        Command: `make bench` (`.build/release/spotlight-bench s3` for this section alone) · machine: \(machine()) · date: \(formatter.string(from: Date()))

        One 100 MiB file, uploaded and downloaded by Spotlight's S3 client and by boto3 with the same part
        size, against moto's S3 server (a Python process, which bounds both) on 127.0.0.1; files on tmpfs.
        Median of 3 rounds; ratio = boto3 time ÷ ours.

        | operation | Spotlight s | MiB/s | boto3 s | boto3 MiB/s | ratio |
        |---|---:|---:|---:|---:|---:|
        \(rows.joined(separator: "\n"))

        """
}

import Core
import Foundation
import Ingest
import TestSupport

// The nightly job's goals: a night with no source change ends in seconds and uploads
// nothing; a night where one source file changed uploads only what changed. The FEC's real
// 2020 files served at fec.gov's paths by a local mirror (the replayed night of the tests),
// `spotlight build` then `spotlight publish` to moto, each timed as a whole process.

func nightlyBenchmark() throws -> String {
    guard let realdata = TestEnvironment.realdata else { throw BenchError("../shared/realdata is missing") }
    let root = jobBenchDirectory("nightly")
    try? FileManager.default.removeItem(at: root)
    let moto = try MotoServer.shared()
    let bucket = "nightly-\(getpid())"
    _ = Subprocess.run("/usr/bin/env", [".venv/bin/python3", "-c", "import boto3; boto3.client('s3', endpoint_url='\(moto.endpoint)', region_name='us-east-1', aws_access_key_id='\(MotoServer.accessKey)', aws_secret_access_key='\(MotoServer.secretKey)').create_bucket(Bucket='\(bucket)')"])
    let replay = try ReplayedNight(root: root, realdata: realdata, ieHeader: FECBulkFile.independentExpenditureHeader, bucket: bucket, endpoint: moto.endpoint)
    let binary = ".build/release/spotlight"

    struct Night { let label: String; let build: TimedRun; let publish: TimedRun; let ran: [String]; let uploaded: Int; let bytes: Int }
    func night(_ label: String) throws -> Night {
        let build = try timed(binary, ["build", "--config", replay.config.path, "--quiet"], environment: replay.environment)
        let publish = try timed(binary, ["publish", "--config", replay.config.path, "--quiet"], environment: replay.environment)
        let stages = try buildReport(replay.home)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: replay.home.appendingPathComponent("state/publish-report.json"))) as! [String: Any]
        return Night(label: label, build: build, publish: publish,
                     ran: stages.filter { $0["status"] as? String == "ran" }.compactMap { $0["name"] as? String },
                     uploaded: report["files_uploaded"] as? Int ?? -1, bytes: report["bytes_uploaded"] as? Int ?? -1)
    }
    let first = try night("first night: everything new")
    let unchanged = try night("no source changed")
    try replay.renameFirstCommittee()
    let changed = try night("cm20.zip republished, one committee renamed")

    let (commit, date) = benchStamp()
    let rows = [first, unchanged, changed].map { n in
        String(format: "| %@ | %.2f | %.2f | %.2f | %.0f | %@ | %d | %.1f |", n.label, n.build.seconds, n.publish.seconds, n.build.seconds + n.publish.seconds,
               max(n.build.peakMiB, n.publish.peakMiB), n.ran.joined(separator: ", "), n.uploaded, Double(n.bytes) / 1_048_576)
    }.joined(separator: "\n")
    let text = """
        ## The nightly job: build and publish, replayed

        Command: `make bench` (`spotlight-bench nightly`) · commit \(commit) · machine: \(machine()) · date: \(date) · output in `\(root.path)`

        Every family the samples hold, served unmodified from `../shared/realdata` at its official
        URLs by a mirror on 127.0.0.1 (`[fetch] mirror`): the FEC's 2020 files (zipped as fec.gov
        ships them), congress-legislators, Voteview's Senate files of the 117th and 118th Congresses,
        the House's and Senate's 2021 roll calls, the House's 2022 FD index and the SEC's tickers and
        2024q3 insider data set (`ReplayedNight`). `spotlight build` (fetch →
        ingest → model → export → render) then `spotlight publish` to moto's S3 server, each a
        whole process (wall seconds, peak RSS from GNU time). Moto accepts about 300 objects a
        second, so the first night's upload measures moto; the other nights are the goals:
        nothing changed → 0 uploads; one file changed → only the files whose bytes changed.

        | night | build s | publish s | total s | peak RSS MiB | stages run | files uploaded | MiB uploaded |
        |---|---:|---:|---:|---:|---|---:|---:|
        \(rows)

        """
    print(text)
    return text
}

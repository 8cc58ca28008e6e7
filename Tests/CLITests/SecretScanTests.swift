import Core
import Foundation
import Testing
import TestSupport

/// Planted credentials (issue 17, secrets): with the ClickHouse server's password in the
/// environment, no console line, error, lake or state file Spotlight writes contains it — on
/// the paths that work and on those that fail (a wrong password, a failing statement, a build
/// the 18.16 server cannot run past its first ingest, so it writes no site yet: issue 18).
@Suite struct SecretScanTests {
    @Test func theWarehousePasswordIsInNoOutput() throws {
        let server = try ClickHouseTestServer.shared()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-secret-scan-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let home = root.appendingPathComponent("home"), site = root.appendingPathComponent("public")
        let password = ClickHouseTestServer.password
        let env = ["SPOTLIGHT_HOME": home.path, "SPOTLIGHT_CLICKHOUSE_URL": server.url,
                   "SPOTLIGHT_CLICKHOUSE_USER": ClickHouseTestServer.user, "SPOTLIGHT_CLICKHOUSE_PASSWORD": password]

        // The password is the right one (a wrong one is refused, below).
        let who = try spotlight(["sql", "--format", "tsv", "SELECT user FROM system.processes WHERE query LIKE '%who-am-i%'"], environment: env)
        #expect(who.status == 0 && who.output == "user\n\(ClickHouseTestServer.user)\n", "\(who.output)")
        var outputs = [who.output]
        for arguments in [["doctor"], ["sql", "--verbose", "SELECT nonsense FROM nowhere"], ["build", "--verbose", "--output", site.path]] {
            let run = try spotlight(arguments, environment: env)
            outputs.append(run.output)
            if arguments[0] == "sql" { #expect(run.status == 1 && run.output.contains("nowhere"), "\(run.output)") }
            // The build fetches, then the server's old SQL stops the first ingest (issue 18).
            if arguments[0] == "build" { #expect(run.status == 1 && run.output.contains("spotlight: stage ingest fec-2024: "), "\(run.output)") }
        }
        // A wrong one is an authentication error that names neither.
        let wrong = password + "-wrong"
        let refused = try spotlight(["sql", "SELECT 1"], environment: env.merging(["SPOTLIGHT_CLICKHOUSE_PASSWORD": wrong]) { $1 })
        #expect(refused.status == 1 && refused.output.contains("refused the credentials for user spotlight"), "\(refused.output)")
        outputs.append(refused.output)

        let leaking = outputs.filter { $0.contains(password) || $0.contains(wrong) }
        #expect(leaking.isEmpty, "\(leaking.map { $0.suffix(300) })")
        let scan = try SecretScan([password, wrong], in: [home, site])
        #expect(scan.scanned > 0 && scan.holding.isEmpty, "\(scan.scanned) files scanned; the password is in \(scan.holding.prefix(5))")
    }
}

import Core
import Foundation
import Testing
import TestSupport

/// The nightly workflow: actionlint (with shellcheck for its scripts) finds nothing, it would
/// find a mistake, every secret it reads is documented in the README, and the configuration it
/// builds with loads and names real sources.
@Suite struct WorkflowTests {
    let workflow = TestEnvironment.projectRoot.appendingPathComponent(".github/workflows/nightly.yml")
    let actionlint = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/actionlint").path

    @Test func theNightlyWorkflowLintsClean() throws {
        let result = try #require(Subprocess.run(actionlint, ["-shellcheck", "/usr/bin/shellcheck", workflow.path], mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
        // A workflow with a mistake in it does not.
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("nightly-broken-\(getpid()).yml")
        defer { try? FileManager.default.removeItem(at: broken) }
        try String(contentsOf: workflow, encoding: .utf8).replacingOccurrences(of: "steps.build.outputs.stale", with: "steps.biuld.outputs.stale")
            .write(to: broken, atomically: true, encoding: .utf8)
        let lint = try #require(Subprocess.run(actionlint, [broken.path], mergeStandardError: true))
        #expect(lint.status != 0 && lint.output.contains("biuld"), "\(lint.output)")
    }

    @Test func runsOnAScheduleAndOnDemandWithEverySecretDocumented() throws {
        let text = try String(contentsOf: workflow, encoding: .utf8)
        #expect(text.contains("\n  schedule:\n    ") && text.contains("\n  workflow_dispatch:"))
        let readme = try String(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let secrets = Set(text.matches(of: /secrets\.([A-Z0-9_]+)/).map { String($0.1) })
        #expect(secrets == ["SPOTLIGHT_PUBLISH_TARGET", "SPOTLIGHT_PUBLISH_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SPOTLIGHT_LDA_API_KEY"])
        for secret in secrets { #expect(readme.contains("`\(secret)`"), "README.md does not document \(secret)") }
        // Set-up goes through the Makefile, and the state is restored before and saved after.
        #expect(text.contains("run: make spotlight"))
        #expect(text.contains("actions/cache/restore@") && text.contains("actions/cache/save@") && text.contains("            .spotlight\n            public\n"))
    }

    @Test func itsConfigurationLoadsAndNamesTheRealSources() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("nightly-config-\(getpid())")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try spotlight(["fetch", "--dry-run", "--config", TestEnvironment.projectRoot.appendingPathComponent(".github/nightly.toml").path],
                                   environment: ["SPOTLIGHT_HOME": home.path])
        #expect(result.status == 0, "\(result.output)")
        for url in ["https://www.fec.gov/files/bulk-downloads/", "https://unitedstates.github.io/congress-legislators/", "https://voteview.com/static/data/out/",
                    "https://clerk.house.gov/evs/", "https://disclosures-clerk.house.gov/", "https://www.sec.gov/files/", "https://lda.senate.gov/api/v1/"] {
            #expect(result.output.contains(url), "\(url) not planned")
        }
    }
}

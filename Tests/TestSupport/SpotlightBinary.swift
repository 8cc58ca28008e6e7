import Core
import Foundation

/// Runs the built `spotlight` binary as a user would, from the project folder.
public func spotlight(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Subprocess.Result {
    let binary = TestEnvironment.projectRoot.appendingPathComponent(".build/debug/spotlight").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw ClickHouseTestServer.Unavailable(description: "\(binary) is not built (make test builds it)")
    }
    let env = extra.map { "\($0.key)=\($0.value)" }
    guard let result = Subprocess.run("/usr/bin/env", env + [binary] + arguments, mergeStandardError: true) else {
        throw ClickHouseTestServer.Unavailable(description: "cannot run \(binary)")
    }
    return result
}

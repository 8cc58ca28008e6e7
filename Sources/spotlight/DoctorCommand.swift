import ArgumentParser
import Core
import Foundation
import Warehouse

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check every dependency and the configured engines; print the fix for anything missing."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let report = Doctor.run(configPath: global.config, configRequired: global.config != "spotlight.toml")
        print(report.text, terminator: "")
        if !report.healthy { throw ExitCode.failure }
    }
}

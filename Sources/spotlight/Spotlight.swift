import ArgumentParser
import Core
import Foundation

@main
struct Spotlight: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotlight",
        abstract: "Build an open-data accountability site from official public sources.",
        subcommands: [BuildCommand.self, FetchCommand.self, PublishCommand.self, ServeCommand.self, SampleCommand.self, IngestCommand.self, SQLCommand.self, DDLCommand.self, DoctorCommand.self]
    )
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file.")
    var config: String = "spotlight.toml"

    @Flag(name: .long, help: "Show debug output.")
    var verbose = false

    @Flag(name: .long, help: "Show errors only.")
    var quiet = false

    /// Sets up logging and reads the configuration (a missing default file means defaults).
    func load() throws -> SpotlightConfig {
        SpotlightLogging.bootstrap(verbose: verbose, quiet: quiet)
        return try SpotlightConfig.load(path: config, required: config != "spotlight.toml")
    }
}

/// Prints an error for a person and exits non-zero, instead of a Swift error dump.
func fail(_ error: Error) -> ExitCode {
    StandardError.write("spotlight: \(ErrorText.describe(error))\n")
    return ExitCode.failure
}

import Core
import Foundation

/// The checks behind `spotlight doctor`: each names what it looked at and, when something is
/// missing, the exact command that fixes it.
public enum Doctor {
    public struct Check: Sendable {
        public let name: String
        public let ok: Bool
        public let detail: String
        public let fix: String?
        /// Optional checks (e.g. the test-only ClickHouse server) do not fail the doctor.
        public let required: Bool
    }

    public struct Report: Sendable {
        public let checks: [Check]
        public var healthy: Bool { checks.allSatisfy { $0.ok || !$0.required } }
        public var text: String {
            var out = ""
            for check in checks {
                let mark = check.ok ? "ok     " : (check.required ? "MISSING" : "absent ")
                out += "\(mark) \(check.name): \(check.detail)\n"
                if !check.ok, let fix = check.fix { out += "        fix: \(fix)\n" }
            }
            out += healthy ? "All required dependencies are present.\n" : "Some required dependencies are missing; run the fixes above.\n"
            return out
        }
    }

    /// Debian packages the build needs (headers for the C shims).
    public static let debianPackages = ["libcurl4-openssl-dev", "libssl-dev", "libxml2-dev", "libcmark-gfm-dev", "libcmark-gfm-extensions-dev", "libdeflate-dev", "libbrotli-dev", "libzstd-dev"]

    public static func run(configPath: String, configRequired: Bool,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Report {
        var checks: [Check] = []
        let missing = debianPackages.filter { !isInstalled($0) }
        checks.append(Check(name: "Debian packages", ok: missing.isEmpty,
                            detail: missing.isEmpty ? debianPackages.joined(separator: ", ") : "missing \(missing.joined(separator: ", "))",
                            fix: "apt-get install -y \(missing.joined(separator: " ")) (or make setup)", required: true))

        var config = SpotlightConfig()
        do {
            config = try SpotlightConfig.load(path: configPath, required: configRequired, environment: environment)
            checks.append(Check(name: "configuration", ok: true,
                                detail: FileManager.default.fileExists(atPath: configPath) ? configPath : "\(configPath) absent, using defaults",
                                fix: nil, required: true))
        } catch {
            checks.append(Check(name: "configuration", ok: false, detail: "\(error)", fix: "correct \(configPath) as the message says", required: true))
        }

        var library: ChDBLibrary?
        do {
            library = try ChDBLibrary.locate(environment: environment)
            checks.append(Check(name: "chDB library", ok: true, detail: library!.chdb, fix: nil, required: config.warehouse.engine == .embedded))
        } catch let error as WarehouseError {
            checks.append(Check(name: "chDB library", ok: false, detail: error.message, fix: error.fix ?? ChDBLibrary.fix,
                                required: config.warehouse.engine == .embedded))
        } catch {
            checks.append(Check(name: "chDB library", ok: false, detail: "\(error)", fix: ChDBLibrary.fix, required: true))
        }

        switch config.warehouse.engine {
        case .embedded:
            if let library {
                let home = SpotlightHome.resolve(environment: environment)
                do {
                    let engine = try EmbeddedEngine.shared(path: config.warehousePath(home: home), library: library)
                    checks.append(Check(name: "embedded warehouse", ok: true,
                                        detail: "ClickHouse \(try engine.version()) at \(engine.path.path)", fix: nil, required: true))
                } catch {
                    checks.append(Check(name: "embedded warehouse", ok: false, detail: "\(error)", fix: ChDBLibrary.fix, required: true))
                }
            }
        case .clickhouse:
            do {
                let engine = ServerEngine(options: try ServerEngine.Options(config: config.warehouse))
                checks.append(Check(name: "ClickHouse server", ok: true, detail: "ClickHouse \(try engine.version()) at \(engine.description)",
                                    fix: nil, required: true))
            } catch let error as WarehouseError {
                checks.append(Check(name: "ClickHouse server", ok: false, detail: error.message,
                                    fix: error.fix ?? (error.kind == .authentication
                                        ? "set SPOTLIGHT_CLICKHOUSE_USER and SPOTLIGHT_CLICKHOUSE_PASSWORD"
                                        : "check [warehouse] url or SPOTLIGHT_CLICKHOUSE_URL, and that the server is running"),
                                    required: true))
            } catch {
                checks.append(Check(name: "ClickHouse server", ok: false, detail: "\(error)", fix: nil, required: true))
            }
        }

        let server = which("clickhouse-server")
        checks.append(Check(name: "clickhouse-server (tests only)", ok: server != nil, detail: server ?? "not installed",
                            fix: "apt-get install -y clickhouse-server (or make setup)", required: false))
        return Report(checks: checks)
    }

    static func isInstalled(_ package: String) -> Bool {
        let out = capture("/usr/bin/dpkg-query", ["-W", "-f=${Status}", package])
        return out?.contains("install ok installed") ?? false
    }

    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/sbin", "/usr/bin"] {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func capture(_ executable: String, _ arguments: [String]) -> String? {
        Subprocess.run(executable, arguments)?.output
    }
}

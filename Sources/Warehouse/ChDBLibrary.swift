import Core
import Foundation

/// Where chDB's shared library and the libpython it needs are on this machine.
///
/// Search order: `SPOTLIGHT_CHDB_LIBRARY` (a path to `_chdb.abi3.so`), the project virtualenv
/// (`.venv` in the current directory, or `SPOTLIGHT_VENV`), then `python3`'s site-packages.
public struct ChDBLibrary: Sendable, Equatable {
    public let chdb: String
    public let libpython: String

    public static let fix = "run `make setup` (installs chdb-core==26.9.0 into .venv)"

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> ChDBLibrary {
        let fm = FileManager.default
        let venv = environment["SPOTLIGHT_VENV"].flatMap { $0.isEmpty ? nil : $0 } ?? projectVenv(currentDirectory: currentDirectory)
        let venvPython = venv + "/bin/python3"
        let python = fm.isExecutableFile(atPath: venvPython) ? venvPython : "python3"

        if let override = environment["SPOTLIGHT_CHDB_LIBRARY"], !override.isEmpty {
            guard fm.fileExists(atPath: override) else {
                throw WarehouseError(.unavailable, "chDB library not found at \(override) (from SPOTLIGHT_CHDB_LIBRARY)",
                                     fix: "unset SPOTLIGHT_CHDB_LIBRARY, or \(fix)")
            }
            let libpython = try environment["SPOTLIGHT_LIBPYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? findLibpython(python)
            return ChDBLibrary(chdb: override, libpython: libpython)
        }
        // One interpreter call answers both questions without importing chdb (which would load 500 MB).
        let script = """
        import importlib.util, os, sysconfig
        spec = importlib.util.find_spec('chdb')
        d = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else ''
        print(os.path.join(d, '_chdb.abi3.so') if d else '')
        print(os.path.join(sysconfig.get_config_var('LIBDIR') or '', sysconfig.get_config_var('LDLIBRARY') or ''))
        """
        guard let output = run(python, ["-c", script]) else {
            throw WarehouseError(.unavailable, "no Python interpreter found (looked for \(venvPython) and python3)", fix: fix)
        }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let chdb = lines.first ?? ""
        guard !chdb.isEmpty, fm.fileExists(atPath: chdb) else {
            throw WarehouseError(.unavailable, "chDB (PyPI chdb-core) is not installed for \(python)", fix: fix)
        }
        let libpython = environment["SPOTLIGHT_LIBPYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? (lines.count > 1 ? lines[1] : "")
        guard fm.fileExists(atPath: libpython) else {
            throw WarehouseError(.unavailable, "the shared libpython chDB needs was not found (\(libpython))",
                                 fix: "install a Python built with --enable-shared, or set SPOTLIGHT_LIBPYTHON")
        }
        return ChDBLibrary(chdb: chdb, libpython: libpython)
    }

    /// The project's `.venv` (see `ProjectFiles`), or `./.venv` when there is none yet.
    static func projectVenv(currentDirectory: String) -> String {
        ProjectFiles.find(".venv/bin/python3", currentDirectory: currentDirectory)
            .map { $0.deletingLastPathComponent().deletingLastPathComponent().path } ?? currentDirectory + "/.venv"
    }

    private static func findLibpython(_ python: String) throws -> String {
        let script = "import os, sysconfig; print(os.path.join(sysconfig.get_config_var('LIBDIR') or '', sysconfig.get_config_var('LDLIBRARY') or ''))"
        guard let path = run(python, ["-c", script])?.trimmingCharacters(in: .whitespacesAndNewlines),
              FileManager.default.fileExists(atPath: path) else {
            throw WarehouseError(.unavailable, "the shared libpython chDB needs was not found",
                                 fix: "set SPOTLIGHT_LIBPYTHON to libpython3.X.so")
        }
        return path
    }

    private static func run(_ executable: String, _ arguments: [String]) -> String? {
        guard let result = Subprocess.run(executable, arguments), result.status == 0 else { return nil }
        return result.output
    }
}

import Foundation

/// Runs a short helper program and captures its standard output.
///
/// posix_spawn + waitpid rather than Foundation's Process: Process.waitUntilExit spins a run
/// loop and was seen to hang forever when several threads spawn processes at once.
public enum Subprocess {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    /// `executable` is a path, or a name looked up on PATH. Returns nil if it cannot be started.
    public static func run(_ executable: String, _ arguments: [String], mergeStandardError: Bool = false) -> Result? {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        if mergeStandardError {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])

        let pid = start(executable, arguments, actions: &actions, environment: nil)
        close(pipe[1])
        guard let pid else { close(pipe[0]); return nil }

        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(pipe[0], &buffer, buffer.count)
            if n > 0 { output.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        close(pipe[0])
        return Result(status: Spawned(pid: pid).wait(), output: String(decoding: output, as: UTF8.self))
    }

    /// A program started in the background, its output discarded: a test that must kill one
    /// midway holds this.
    public struct Spawned: Sendable {
        public let pid: pid_t

        /// The exit status (128 + the signal's number when a signal ended it); reaps the child.
        public func wait() -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }

        public func kill(_ signal: Int32 = SIGKILL) { _ = Glibc.kill(pid, signal) }

        /// Whether it is still running (false once it has exited; `wait()` then reaps it).
        public var isRunning: Bool {
            var info = siginfo_t()
            return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
        }
    }

    /// Starts `executable` with its output discarded; `environment` replaces the inherited one.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) -> Spawned? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        return start(executable, arguments, actions: &actions, environment: environment).map(Spawned.init)
    }

    private static func start(_ executable: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t, environment: [String: String]?) -> pid_t? {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = envp.withUnsafeEnvironment { env in
            executable.contains("/") ? posix_spawn(&pid, executable, &actions, nil, argv, env) : posix_spawnp(&pid, executable, &actions, nil, argv, env)
        }
        return spawned == 0 ? pid : nil
    }
}

private extension Optional where Wrapped == [UnsafeMutablePointer<CChar>?] {
    /// The given environment block, or this process's own when there is none.
    func withUnsafeEnvironment<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        guard let self else { return body(environ) }
        return self.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

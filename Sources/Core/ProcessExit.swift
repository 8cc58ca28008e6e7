import Foundation

/// Orderly process exit when an embedded library cannot be torn down.
///
/// chDB's static destructors (and its connection release after heavy use) were seen to crash
/// or hang at exit when the exit comes from a non-main thread, as Swift Testing's does. Its
/// data is durable once a statement returns, so the clean way out is to run our own exit hooks,
/// flush standard streams and leave with `_exit`, skipping the library's destructors.
public enum ProcessExit {
    private static let lock = NSLock()
    private nonisolated(unsafe) static var hooks: [@Sendable () -> Void] = []
    private nonisolated(unsafe) static var installed = false
    private nonisolated(unsafe) static var skipDestructors = false

    /// Runs `hook` at exit (hooks run in the order they were added).
    public static func add(_ hook: @escaping @Sendable () -> Void) {
        lock.lock(); defer { lock.unlock() }
        hooks.append(hook)
        install()
    }

    /// After the hooks, end the process with `_exit(status)` so that no C++ static destructor
    /// of a loaded library runs.
    public static func skipLibraryDestructors() {
        lock.lock(); defer { lock.unlock() }
        skipDestructors = true
        install()
    }

    private static func install() {
        guard !installed else { return }
        installed = true
        on_exit(handler, nil)
    }

    /// Exit handlers run last-registered first, and a C++ library registers destructors of its
    /// function-local statics lazily, on first use. Calling this after using such a library puts
    /// our handler in front of whatever it registered meanwhile (the handler runs only once).
    public static func rearm() {
        lock.lock(); defer { lock.unlock() }
        guard skipDestructors else { return }
        on_exit(handler, nil)
    }

    private static let handler: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { status, _ in
        ProcessExit.run(status: status)
    }

    private nonisolated(unsafe) static var ran = false

    private static func run(status: Int32) {
        lock.lock()
        if ran { lock.unlock(); return }
        ran = true
        let pending = hooks
        hooks = []
        let skip = skipDestructors
        lock.unlock()
        for hook in pending { hook() }
        if skip {
            fflush(nil)
            _exit(status)
        }
    }
}

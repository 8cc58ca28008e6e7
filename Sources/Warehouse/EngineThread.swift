import Foundation

/// One long-lived thread that runs every call into chDB.
///
/// ClickHouse keeps per-thread state (thread status, query contexts) for every thread that
/// runs a query. Callers here come from arbitrary threads (Swift concurrency, test runners);
/// funnelling all calls through one thread keeps that state in one place, which chDB needs to
/// shut down cleanly at exit.
final class EngineThread: @unchecked Sendable {
    /// A call waiting for, or running on, the engine thread.
    private final class Job {
        var work: (() -> Void)?
        var finished = false
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var thread: Thread?

    init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Runs `body` on the engine thread and returns its result; calls made from the engine
    /// thread itself (a callback issuing a query) run inline.
    func run<T>(_ body: () throws -> T) throws -> T {
        if Thread.current == thread { return try body() }
        var result: Result<T, Error>?
        try withoutActuallyEscaping(body) { body in
            let job = Job { result = Result { try body() } }
            condition.lock()
            queue.append(job)
            condition.broadcast()
            while !job.finished { condition.wait() }
            condition.unlock()
        }
        return try result!.get()
    }

    private func loop() {
        condition.lock()
        while true {
            while queue.isEmpty { condition.wait() }
            let job = queue.removeFirst()
            condition.unlock()
            job.work?()
            condition.lock()
            // Drop the closure before the caller resumes: it must not outlive the call.
            job.work = nil
            job.finished = true
            condition.broadcast()
        }
    }
}

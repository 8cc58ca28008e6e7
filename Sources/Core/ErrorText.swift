import Foundation

/// Foundation's file errors print as `Error Domain=NSCocoaErrorDomain Code=640 "…" UserInfo={…}`:
/// what a person needs is the file and the system's reason ("No space left on device"). Other
/// errors (decoding, JSON, Spotlight's own) keep their own description, which says more.
public enum ErrorText {
    public static func describe(_ error: Error) -> String {
        let ns = error as NSError
        // Cocoa's file errors are codes 0 … 1023 (NSFileErrorMinimum … NSFileErrorMaximum).
        guard ns.domain == NSCocoaErrorDomain, (0...1023).contains(ns.code) else { return "\(error)" }
        let path = ns.userInfo[NSFilePathErrorKey] as? String ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let reason: String
        if let errno = posixCode(ns.userInfo[NSUnderlyingErrorKey]) ?? posix[ns.code] {
            reason = String(cString: strerror(errno))
        } else {
            reason = ns.localizedDescription
        }
        return path.map { "\($0): \(reason)" } ?? reason
    }

    /// The errno of an underlying error: Foundation on Linux keeps a `POSIXError` there, which
    /// does not bridge to an NSError of the POSIX domain.
    private static func posixCode(_ underlying: Any?) -> Int32? {
        if let posix = underlying as? POSIXError { return posix.code.rawValue }
        if let ns = underlying as? NSError, ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        return nil
    }

    /// The system's words for the Cocoa file errors that have one, when no errno came with it.
    static let posix: [Int: Int32] = [
        CocoaError.fileNoSuchFile.rawValue: ENOENT, CocoaError.fileReadNoSuchFile.rawValue: ENOENT,
        CocoaError.fileReadNoPermission.rawValue: EACCES, CocoaError.fileWriteNoPermission.rawValue: EACCES,
        CocoaError.fileWriteFileExists.rawValue: EEXIST, CocoaError.fileWriteOutOfSpace.rawValue: ENOSPC,
        CocoaError.fileWriteVolumeReadOnly.rawValue: EROFS,
    ]
}

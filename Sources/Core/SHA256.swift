import CCrypto
import Foundation

/// SHA-256, streaming: site manifests, asset fingerprints, download checks. Backed by
/// OpenSSL's libcrypto, which uses the CPU's SHA extensions (multi-GB downloads are hashed).
public struct SHA256 {
    /// Owns the OpenSSL digest context; freed with the hasher.
    private final class Context {
        let pointer: OpaquePointer
        init() {
            guard let ctx = EVP_MD_CTX_new(), EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
                preconditionFailure("OpenSSL could not start a SHA-256 digest")
            }
            pointer = ctx
        }
        deinit { EVP_MD_CTX_free(pointer) }
    }

    private let context = Context()

    public init() {}

    /// Hashes a file by streaming it in 1 MiB reads.
    public static func hex(file path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalizeHex()
    }

    public static func hex(_ data: [UInt8]) -> String {
        var hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }

    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        EVP_DigestUpdate(context.pointer, bytes.baseAddress, bytes.count)
    }

    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context.pointer, &digest, &length)
        return digest
    }

    public mutating func finalizeHex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in finalize() { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// HMAC-SHA256 (RFC 2104), for SigV4 request signing.
public enum HMACSHA256 {
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
            }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

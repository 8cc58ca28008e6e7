import Core
import Foundation

/// AWS credentials, from the environment only (never files, never logs).
public struct AWSCredentials: Sendable {
    public let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        Secrets.hold(secretAccessKey)
        if let sessionToken { Secrets.hold(sessionToken) }
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AWSCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The key id, secret and session token, in the order ClickHouse's `s3()` table function
    /// takes them, for a statement that is never logged (see `redacting`).
    public var tableFunctionArguments: [String] { [accessKeyID, secretAccessKey] + (sessionToken.map { [$0] } ?? []) }

    /// The keys as the warehouse's `s3()` reads take them.
    public var access: S3Access { .keys(id: accessKeyID, secret: secretAccessKey, token: sessionToken) }

    /// `text` with the secret and session token replaced, for errors that may quote a statement.
    public func redacting(_ text: String) -> String {
        var out = text.replacingOccurrences(of: secretAccessKey, with: "[secret]")
        if let sessionToken { out = out.replacingOccurrences(of: sessionToken, with: "[session token]") }
        return out
    }
}

/// Signature Version 4 (the AWS "Signing AWS API requests" algorithm): canonical request →
/// string to sign → HMAC chain of date, region, service → signature.
public struct SigV4: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Headers to add to a request: `x-amz-date`, `x-amz-content-sha256` (S3), the session
    /// token when present, and `Authorization`. `headers` must include `host`.
    public func sign(method: String, path: String, query: [(String, String)], headers: [(String, String)],
                     payloadSHA256: String, date: Date = Date(), includeContentHash: Bool = true) -> [(String, String)] {
        let amzDate = Self.amzDate(date)
        var all = headers.map { ($0.0.lowercased(), $0.1.trimmingCharacters(in: .whitespaces)) }
        all.append(("x-amz-date", amzDate))
        if includeContentHash { all.append(("x-amz-content-sha256", payloadSHA256)) }
        if let token = credentials.sessionToken { all.append(("x-amz-security-token", token)) }
        all.sort { $0.0 < $1.0 }
        let signedHeaders = all.map(\.0).joined(separator: ";")
        let canonical = [
            method,
            Self.encodePath(path),
            query.map { (Self.encode($0.0), Self.encode($0.1)) }.sorted { $0 < $1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&"),
            all.map { "\($0.0):\($0.1)\n" }.joined(),
            signedHeaders,
            payloadSHA256,
        ].joined(separator: "\n")
        let day = String(amzDate.prefix(8))
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SHA256.hex(Array(canonical.utf8)))"
        var key = HMACSHA256.mac(key: Array("AWS4\(credentials.secretAccessKey)".utf8), message: Array(day.utf8))
        for part in [region, service, "aws4_request"] { key = HMACSHA256.mac(key: key, message: Array(part.utf8)) }
        let signature = HMACSHA256.mac(key: key, message: Array(stringToSign.utf8)).hex
        var out = all.filter { $0.0.hasPrefix("x-amz-") }
        out.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        return out
    }

    static func amzDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - _ . ~).
    public static func encode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPad2
            }
        }
        return out
    }

    /// S3 object paths: each segment encoded, slashes kept.
    public static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
    }
}

extension String {
    fileprivate var leftPad2: String { count == 1 ? "0" + self : self }
}

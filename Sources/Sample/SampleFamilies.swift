import Foundation

/// Every family but FEC written from one FEC sample, so members, trades, lobbying clients and
/// listings agree with its candidates and corporations: the demo publisher and
/// `spotlight sample --families all` both write them here.
public struct SampleFamilies {
    public let legislators: URL
    public let voteview: URL
    public let lobbying: URL
    public let sec: URL
    public let trades: URL

    public init(legislators: URL, voteview: URL, lobbying: URL, sec: URL, trades: URL) {
        self.legislators = legislators
        self.voteview = voteview
        self.lobbying = lobbying
        self.sec = sec
        self.trades = trades
    }

    /// The folders side by side under `root` (legislators, voteview, lda, sec, trades).
    public init(root: URL) {
        self.init(legislators: root.appendingPathComponent("legislators", isDirectory: true),
                  voteview: root.appendingPathComponent("voteview", isDirectory: true),
                  lobbying: root.appendingPathComponent("lda", isDirectory: true),
                  sec: root.appendingPathComponent("sec", isDirectory: true),
                  trades: root.appendingPathComponent("trades", isDirectory: true))
    }

    public var folders: [URL] { [legislators, voteview, lobbying, sec, trades] }

    /// The URL a folder is published at, without a trailing slash (the LDA pages' `next` links).
    public static func base(_ url: URL) -> String {
        url.absoluteString.hasSuffix("/") ? String(url.absoluteString.dropLast()) : url.absoluteString
    }

    /// Rewrites every folder from `fec` (each emptied first).
    public func write(fec: FECSample.Report, seed: UInt64) throws {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        _ = try LegislatorsSample(fec: fec, seed: seed).write(to: legislators)
        _ = try VotesSample(fec: fec, seed: seed).write(to: voteview)
        _ = try LobbyingSample(fec: fec, seed: seed).write(to: lobbying, base: Self.base(lobbying))
        _ = try SECSample(cycle: fec.cycle, seed: seed, corporations: fec.corporations).write(to: sec)
        _ = try TradesSample(fec: fec, seed: seed).write(to: trades)
    }
}

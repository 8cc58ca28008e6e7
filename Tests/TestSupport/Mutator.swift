import Foundation
import Sample

/// A seeded mutation harness: from real input, byte strings a hostile or broken source might
/// send (bytes flipped, cut, repeated, spliced with the delimiters and markers parsers look
/// for). The same seed gives the same inputs, so a failure names its seed and iteration and
/// reproduces; a parser under it may throw, but must not trap, hang or crash.
public struct Mutator {
    private var random: SeededRandom
    /// Tokens parsers give meaning to: delimiters, quotes, markup, template tags, front matter,
    /// invalid UTF-8, NUL, a lone surrogate's bytes, an RTL override.
    static let tokens: [[UInt8]] = ["\"", "\"\"", "|", ",", "\t", "\n", "\r\n", "<", ">", "</", "<!--", "&amp;", "&#x",
                                    "{{", "}}", "{{#", "{{/", "{{>", "{{=", "---\n", ":", "[", "]", "=", "'", "\\", "\u{202E}"]
        .map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF0, 0x9F]]

    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(random.next() % UInt64(n)) }

    /// One to four mutations of `seed`.
    public mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(7) {
            case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
            case 1: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(64)))
            case 3 where at < bytes.count:
                let piece = Array(bytes[at..<min(bytes.count, at + 1 + below(256))])
                bytes.insert(contentsOf: piece, at: below(bytes.count + 1))
            case 4: bytes = Array(bytes.prefix(at))
            case 5: bytes.insert(contentsOf: [UInt8](repeating: UInt8(below(256)), count: 1 + below(4096)), at: at)
            default: bytes.insert(UInt8(below(256)), at: at)
            }
        }
        return bytes
    }

    /// How many mutated inputs each parser gets in `make test`: `SPOTLIGHT_FUZZ_RUNS` raises
    /// it for a longer run.
    public static var runs: Int { Int(ProcessInfo.processInfo.environment["SPOTLIGHT_FUZZ_RUNS"] ?? "") ?? 300 }

    /// Feeds `runs` mutations of each seed to `body`, which may throw; returns how many inputs it saw.
    @discardableResult
    public static func fuzz(seeds: [[UInt8]], seed: UInt64, _ body: ([UInt8]) throws -> Void) -> Int {
        var mutator = Mutator(seed: seed)
        var count = 0
        // SPOTLIGHT_FUZZ_KEEP=DIR writes each input there before the parser sees it, so the
        // input of a crash is on disk (DIR/fuzz-SEED.bin) to reproduce and keep as a test.
        let keep = ProcessInfo.processInfo.environment["SPOTLIGHT_FUZZ_KEEP"].map { URL(fileURLWithPath: $0).appendingPathComponent("fuzz-\(seed).bin") }
        func run(_ bytes: [UInt8]) {
            if let keep { try? Data(bytes).write(to: keep) }
            try? body(bytes)
        }
        for input in seeds {
            run(input)
            for _ in 0..<runs {
                run(mutator.mutate(input))
                count += 1
            }
        }
        return count
    }
}

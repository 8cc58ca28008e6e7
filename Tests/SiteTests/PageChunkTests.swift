import Testing
@testable import Site

/// Pages are queried in chunks bounded by entity count and by the contributions behind them.
@Suite struct PageChunkTests {
    @Test func chunksStopAtTheEntityCountOrTheWeight() {
        let weights = ["a": 5, "b": 1, "c": 1, "d": 9, "e": 2, "f": 2, "g": 2]
        let ids = ["a", "b", "c", "d", "e", "f", "g"]
        // At most 3 entities and a weight of 6: "d" (9) is heavier than that and stands alone.
        #expect(ids.chunked(3, weight: { weights[$0]! }, maxWeight: 6) == [["a", "b"], ["c"], ["d"], ["e", "f", "g"]])
        #expect(ids.chunked(3, weight: { _ in 0 }, maxWeight: 6) == ids.chunked(3))
        #expect([String]().chunked(3, weight: { _ in 1 }, maxWeight: 6).isEmpty)
    }
}

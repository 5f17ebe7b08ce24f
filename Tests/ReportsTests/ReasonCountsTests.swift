import Testing

@testable import Reports

/// Reasons counted by kind: numbers become `#`, and a counted noun in either number is one kind.
@Suite struct ReasonCountsTests {
  /// "(1 unit)" beside "(2 units)" would otherwise list one reason twice.
  @Test func aCountedNounIsOneKindInEitherNumber() {
    var counts = ReasonCounts()
    counts.add("NDP memory: 57.98 GB of experts per unit exceed 32.00 GB (2 units)")
    counts.add("NDP memory: 115.96 GB of experts per unit exceed 32.00 GB (1 unit)")
    counts.add("NDP memory: 30.1 GB of experts per unit exceed 16.00 GB (4 units)")
    #expect(counts.reasons.count == 1)
    #expect(counts.reasons[0].kind == "NDP memory: # GB of experts per unit exceed # GB (# units)")
    #expect(counts.reasons[0].count == 3)
  }

  @Test func differentReasonsStayApartAndTheRestCountAsOther() {
    var counts = ReasonCounts(limit: 2)
    for text in ["host memory: experts 61 GB exceed 64 GB", "GPU memory: 3 GB over", "link: 2 bytes", "x 1"] {
      counts.add(text)
    }
    #expect(
      counts.reasons.map(\.kind) == [
        "host memory: experts # GB exceed # GB", "GPU memory: # GB over", "other reasons",
      ])
    #expect(counts.reasons.map(\.count) == [1, 1, 2] && counts.total == 4)
  }
}

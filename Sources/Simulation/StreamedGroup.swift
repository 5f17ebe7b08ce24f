/// One streamed NDP group's running sums over the experts counted so far (`FarSide.Streaming`):
/// its units' slice reads, transfers over the unit links and computation, and the experts'
/// overheads. The group pairs its experts so that the three overlap: its time is the largest sum
/// plus the overheads.
struct StreamedGroup {
  var memorySeconds = 0.0
  var transferSeconds = 0.0
  var computeSeconds = 0.0
  var overheadSeconds = 0.0
  /// The group's time for the experts counted.
  private(set) var seconds = 0.0

  /// Counts one more expert, with `tokens` tokens.
  @inline(__always)
  mutating func add(tokens: Int32, _ streaming: FarSide.Streaming, _ rates: PhaseRates) {
    memorySeconds += rates.farMemorySeconds
    transferSeconds += streaming.transferSeconds
    computeSeconds += Double(streaming.tokensPerUnit(tokens)) * rates.farSecondsPerToken
    overheadSeconds += rates.farOverheadSeconds
    seconds = max(memorySeconds, transferSeconds, computeSeconds) + overheadSeconds
  }
}

/// What a streamed phase spent on its unit links (`ExpertPlacement.streamedUse`).
struct StreamedUse {
  var bytes: Double
  var busySeconds: Double
  /// How long the busiest group waited on its links beyond its own reads and computation.
  var waitSeconds: Double
}

import NDPModel

/// A point small enough that a debug build evaluates hundreds of its variants quickly:
/// OLMoE-1B-7B, batch 1, 16 prompt and 8 output tokens.
enum SmallPoint {
  static func make() throws -> DesignPoint {
    var selection = PresetSelection()
    selection.model = "olmoe-1b-7b"
    var point = try DesignPoint.from(selection)
    point.workload = Workload(batchSize: 1, promptTokens: 16, outputTokens: 8, seed: 5)
    return point
  }
}

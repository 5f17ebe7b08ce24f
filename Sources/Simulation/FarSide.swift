/// Where the routed experts that the GPU does not compute run, and what moving their data costs:
/// NDP units in groups, or the host CPU.
///
/// NDP: expert e lives on group `e mod groups`, split across the group's `degree` units (tensor
/// parallel; degree 1 is expert parallel). A token's activation goes to a group once per layer
/// (one broadcast to its units); each unit sums its experts' slices for the token locally
/// (gate-weighted) and returns one partial-sum vector per token. The group's partial sums either
/// all cross the link and the GPU adds them, or, when cheaper, are first reduced over the
/// unit-to-unit links (a ring reduce-scatter and gather: each unit sends 2 (T - 1) / T vectors'
/// bytes per token) so that one vector per token and group crosses the link.
///
/// Streamed NDP (`tp-stream`, FSE-DP): each unit of a group holds 1/T of each of the group's
/// experts, as with `tp`, but computes whole experts for its own tokens: the other units' slices
/// come to it over the unit-to-unit links (`Streaming`). A token goes to one unit of the group and
/// one finished vector comes back; nothing is reduced.
///
/// Host: one "group" of one unit, the CPU, reading experts from host memory.
public struct FarSide: Sendable {
  public enum Kind: Sendable { case ndp, host }

  public let kind: Kind
  public let groups: Int
  public let degree: Int
  /// Per expert (or slice): fixed memory time and time per token, plus a fixed overhead.
  public let memorySeconds: Double
  public let secondsPerToken: Double
  public let overheadSeconds: Double
  /// Vectors that cross the link back per (token, group) vector sent out: `degree`, or 1 when
  /// partial sums are reduced over the unit links first.
  public let returnVectorsPerVector: Double
  /// Unit-link time and bytes (over all units) per (token, group) vector, when reducing there.
  public let unitLinkSecondsPerVector: Double
  public let unitLinkBytesPerVector: Double
  /// Set when experts are streamed across the group's units.
  public let streaming: Streaming?

  /// How a streamed group runs an expert with n tokens on its T units: each unit reads its slice
  /// (`memorySeconds`), receives the other T - 1 slices over its unit link (`transferSeconds`),
  /// and computes ceil(n / T) of the tokens with the whole expert (`secondsPerToken` each). The
  /// group pairs heavy and light experts so that the three overlap across its experts: its time is
  /// the largest of the three sums, plus each expert's overhead.
  public struct Streaming: Sendable {
    public let transferSeconds: Double
    public let units: Int32
    /// Unit-link bytes per expert: each of its T slices goes to the T - 1 other units.
    public let unitLinkBytesPerExpert: Double

    /// Tokens of an expert with `tokens` on the busiest unit.
    @inline(__always) func tokensPerUnit(_ tokens: Int32) -> Int32 { (tokens + units - 1) / units }
  }

  /// NDP units in `groups` groups of `degree`.
  public static func ndp(cost: CostModel, groups: Int, degree: Int) -> FarSide {
    let share = 1 / Double(degree)
    let t = Double(degree)
    // Per vector byte: all T partial sums over the link and into the GPU's reduction, or a ring
    // reduction on the unit links followed by one vector over the link.
    let whole = t * (cost.linkSecondsPerByte + cost.gpuSecondsPerByte)
    let ringBytesPerUnit = 2 * (t - 1) / t
    let ring =
      ringBytesPerUnit * cost.unitLinkSecondsPerByte + cost.linkSecondsPerByte + cost.gpuSecondsPerByte
    let reduceOnUnits = degree > 1 && ring < whole
    return FarSide(
      kind: .ndp, groups: max(1, groups), degree: degree,
      memorySeconds: cost.expertWeightBytes * share * cost.ndpSecondsPerByte,
      secondsPerToken: cost.expertFlopsPerToken * share * cost.ndpSecondsPerFlop,
      overheadSeconds: cost.ndpOverheadSeconds,
      returnVectorsPerVector: reduceOnUnits ? 1 : t,
      unitLinkSecondsPerVector: reduceOnUnits
        ? ringBytesPerUnit * cost.vectorBytes * cost.unitLinkSecondsPerByte : 0,
      unitLinkBytesPerVector: reduceOnUnits ? 2 * (t - 1) * cost.vectorBytes : 0, streaming: nil)
  }

  /// NDP units in `groups` groups of `degree` that stream each expert's slices to the unit
  /// computing its tokens.
  public static func streamedNDP(cost: CostModel, groups: Int, degree: Int) -> FarSide {
    let t = Double(degree)
    let weight = cost.expertWeightBytes
    return FarSide(
      kind: .ndp, groups: max(1, groups), degree: degree, memorySeconds: weight / t * cost.ndpSecondsPerByte,
      secondsPerToken: cost.expertFlopsPerToken * cost.ndpSecondsPerFlop,
      overheadSeconds: cost.ndpOverheadSeconds,
      returnVectorsPerVector: 1, unitLinkSecondsPerVector: 0, unitLinkBytesPerVector: 0,
      streaming: Streaming(
        transferSeconds: (t - 1) / t * weight * cost.unitLinkSecondsPerByte, units: Int32(degree),
        unitLinkBytesPerExpert: (t - 1) * weight))
  }

  /// The host CPU computing whole experts from host memory.
  public static func host(cost: CostModel) -> FarSide {
    FarSide(
      kind: .host, groups: 1, degree: 1, memorySeconds: cost.expertWeightBytes * cost.hostSecondsPerByte,
      secondsPerToken: cost.expertFlopsPerToken * cost.hostSecondsPerFlop, overheadSeconds: 0,
      returnVectorsPerVector: 1, unitLinkSecondsPerVector: 0, unitLinkBytesPerVector: 0, streaming: nil)
  }

  /// One expert (or one unit's slice of it) with `tokens` tokens. A streamed group's experts
  /// overlap one another instead (`StreamedGroup`).
  @inline(__always) public func expertSeconds(tokens: Int32, weightShare: Double = 1) -> Double {
    max(memorySeconds * weightShare, Double(tokens) * secondsPerToken) + overheadSeconds
  }
}

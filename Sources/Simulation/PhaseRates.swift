/// The per-point constants a phase's passes use, copied into a local value once per phase: the
/// placement lives in raw memory, so the compiler would otherwise reload each of them after every
/// store through a scratch pointer (which it cannot prove does not alias them).
struct PhaseRates {
  var gpuMemorySeconds: Double
  var gpuSecondsPerToken: Double
  var gpuLaunchSeconds: Double
  var fetchSeconds: Double
  var farMemorySeconds: Double
  var farSecondsPerToken: Double
  var farOverheadSeconds: Double
  var linkLatencySeconds: Double
  /// Per far-side (token, group) vector: out over the link, over the unit links, back over the
  /// link, and into the GPU's reduction.
  var dispatchSecondsPerVector: Double
  var unitLinkSecondsPerVector: Double
  var returnSecondsPerVector: Double
  var reduceSecondsPerVector: Double
  var returnBytesPerVector: Double

  init(cost: CostModel, far: FarSide) {
    gpuMemorySeconds = cost.expertWeightBytes * cost.gpuSecondsPerByte
    gpuSecondsPerToken = cost.expertFlopsPerToken * cost.gpuSecondsPerFlop
    gpuLaunchSeconds = cost.gpuLaunchSeconds
    fetchSeconds = cost.expertFetchSeconds
    farMemorySeconds = far.memorySeconds
    farSecondsPerToken = far.secondsPerToken
    farOverheadSeconds = far.overheadSeconds
    linkLatencySeconds = cost.linkLatencySeconds
    returnBytesPerVector = far.returnVectorsPerVector * cost.vectorBytes
    dispatchSecondsPerVector = cost.vectorBytes * cost.linkSecondsPerByte
    unitLinkSecondsPerVector = far.unitLinkSecondsPerVector
    returnSecondsPerVector = returnBytesPerVector * cost.linkSecondsPerByte
    reduceSecondsPerVector = returnBytesPerVector * cost.gpuSecondsPerByte
  }

  /// One routed expert with `tokens` tokens on the GPU (`CostModel.gpuExpertSeconds`).
  @inline(__always) func gpuSeconds(_ tokens: Int32) -> Double {
    max(gpuMemorySeconds, Double(tokens) * gpuSecondsPerToken) + gpuLaunchSeconds
  }

  /// One expert (or slice) on the far side (`FarSide.expertSeconds`), whose far-side unit reads
  /// `weightShare` of its weights.
  @inline(__always) func farSeconds(_ tokens: Int32, weightShare: Double = 1) -> Double {
    max(farMemorySeconds * weightShare, Double(tokens) * farSecondsPerToken) + farOverheadSeconds
  }
}

/// The working records of one expert phase in `ExpertPlacement`: what its candidates share, the
/// schedule of one candidate, the GPU's and the far side's running totals along the placement
/// order, how its vectors are counted, and what policies may ask of the last phase placed.

/// What a phase's candidates share: its start, where the links stand, and its experts.
struct PhaseBase {
  var startSeconds = 0.0
  var readySeconds = 0.0
  var sharedSeconds = 0.0
  var fetchStart = 0.0
  var linkToGPUFree = 0.0
  var dispatchStart = 0.0
  var count = 0
  var residents = 0
  var activations = 0
  var residentActivations = 0
  /// The step processes one token (decode at batch 1): every (token, group) is a group.
  var singleToken = false
  /// The order is the table's own (nothing resident).
  var tableOrder = false
  /// The split is searched over k (every prefix and suffix is a candidate).
  var searching = false
  /// The (step, layer) index, and for a fixed split the flags of experts kept on the GPU.
  var phase = 0
  var residency: UnsafePointer<Bool>?
}

/// The schedule of a phase for one choice of k (absolute times).
struct PhaseTimes {
  var k = 0
  var gpuDone = 0.0
  var fetchEnd = 0.0
  var vectors = 0.0
  var dispatchEnd = 0.0
  var farDone = 0.0
  var reduced = 0.0
  var returnStart = 0.0
  var returnBytes = 0.0
  var returnEnd = 0.0
  var reduceSeconds = 0.0
  var endSeconds = 0.0
}

/// The GPU's state after the first positions of the order: when it is done, its compute time,
/// and the tokens it served.
struct GPUPrefix {
  var endSeconds: Double
  var computeSeconds: Double
  var tokens: Int
}

/// The far side's load from a position to the end: busiest group, sum over groups, and the
/// distinct (token, group) vectors to send.
struct FarSuffix {
  var busiestSeconds: Double
  var totalSeconds: Double
  var vectors: Double
}

/// How the far side's distinct (token, group) vectors are counted for a phase.
enum VectorCount {
  /// One token: one vector per group touched.
  case singleToken
  /// The table's own order and one group: the table's per-suffix token counts.
  case tableSuffix
  /// A step of at most 64 tokens: marks per (token, group), in any order.
  case marks
  /// A larger step: token sets per group (`ActivationTable.tokenSets`), in any order.
  case tokenSets
  /// A fixed split: a bit per group per token, from the token-major lists (at most 64 groups).
  case tokenMasks
}

/// What policies may ask of the last phase placed.
struct LastSplit {
  var k = 0
  var residents = 0
  var count = 0
  var residentActivations = 0
}

import Routing

/// Importance-driven expert substitution (Zhu et al., arXiv 2508.18983), for one token.
///
/// With S the (k+1)-th highest gate score of the token (its best non-activated expert), an
/// activated expert scoring below (1 + alpha) * S is low-score. A low-score expert that is not on
/// the GPU is replaced by a non-activated expert scoring in ((1 - alpha) * S, S] that is on the GPU,
/// or is another token's activated expert in the same step (so it is loaded anyway), if one exists;
/// the best-scoring such candidate is taken, each at most once. alpha = 0 never substitutes:
/// activated scores are at least S.
public enum SubstitutionRule {
  public struct Outcome: Equatable, Sendable {
    /// The experts the token uses, activated order kept, substitutes in place of the replaced.
    public var experts: [Int]
    public var substituted: Int
    /// Gate-score mass moved: the replaced experts' scores.
    public var substitutedMass: Double
    public var mass: Double
  }

  /// The rule on copies of a token's ranked experts and scores (see `substitute`).
  /// - Parameters:
  ///   - experts, scores: the token's ranked experts, the `topK` activated first, then the
  ///     non-activated candidates, best first.
  ///   - available: whether an expert may serve as a substitute (on the GPU, or another token's).
  ///   - needsReplacing: whether an activated expert would cost a miss (not on the GPU).
  public static func apply(
    experts: ArraySlice<UInt16>, scores: ArraySlice<Float>, topK: Int, alpha: Double,
    available: (Int) -> Bool, needsReplacing: (Int) -> Bool
  ) -> Outcome {
    precondition(
      topK <= experts.count && scores.count >= experts.count, "a score for each of at least topK experts")
    var ids = Array(experts)
    let tally = ids.withUnsafeMutableBufferPointer { ids in
      Array(scores).withUnsafeBufferPointer { scores in
        substitute(
          experts: ids.baseAddress!, scores: scores.baseAddress!, width: ids.count, topK: topK, alpha: alpha,
          available: available, needsReplacing: needsReplacing)
      }
    }
    return Outcome(
      experts: ids.prefix(topK).map(Int.init), substituted: tally.substituted,
      substitutedMass: tally.substitutedMass, mass: tally.activatedMass)
  }

  /// The rule on a token's slots in place: the first `topK` of `experts` (of `width`) become the
  /// experts the token uses. No allocation: it runs for every token of every step.
  @inline(__always)
  static func substitute(
    experts: UnsafeMutablePointer<UInt16>, scores: UnsafePointer<Float>, width: Int, topK: Int, alpha: Double,
    available: (Int) -> Bool, needsReplacing: (Int) -> Bool
  ) -> SubstitutionTally {
    var tally = SubstitutionTally()
    for slot in 0..<topK { tally.activatedMass += Double(scores[slot]) }
    guard alpha > 0, width > topK else { return tally }
    let threshold = Double(scores[topK])
    for slot in 0..<topK
    where Double(scores[slot]) < (1 + alpha) * threshold && needsReplacing(Int(experts[slot])) {
      for candidate in topK..<width {
        let id = experts[candidate]
        let score = Double(scores[candidate])
        // A substitute serves one slot: an earlier slot may hold it already.
        guard score > (1 - alpha) * threshold && score <= threshold,
          !(0..<slot).contains(where: { experts[$0] == id }), available(Int(id))
        else { continue }
        tally.substitutedMass += Double(scores[slot])
        experts[slot] = id
        tally.substituted += 1
        break
      }
    }
    return tally
  }
}

/// Substitutions counted over the tokens of one phase.
struct SubstitutionTally: Sendable {
  var substituted = 0
  var substitutedMass = 0.0
  var activatedMass = 0.0

  mutating func add(_ outcome: SubstitutionRule.Outcome) {
    substituted += outcome.substituted
    substitutedMass += outcome.substitutedMass
    activatedMass += outcome.mass
  }

  mutating func add(_ other: SubstitutionTally) {
    substituted += other.substituted
    substitutedMass += other.substitutedMass
    activatedMass += other.activatedMass
  }
}

extension SubstitutionRule {
  /// The rule on one token's slots of `block` at `layer`, rewritten in place.
  static func substitute(
    in block: inout RouteBlock, token: Int, layer: Int, alpha: Double, available: (Int) -> Bool,
    needsReplacing: (Int) -> Bool
  ) -> SubstitutionTally {
    let base = block.base(token: token, layer: layer)
    let (width, topK) = (block.width, block.topK)
    return block.experts.withUnsafeMutableBufferPointer { ids in
      block.scores.withUnsafeBufferPointer { scores in
        substitute(
          experts: ids.baseAddress! + base, scores: scores.baseAddress! + base, width: width, topK: topK,
          alpha: alpha, available: available, needsReplacing: needsReplacing)
      }
    }
  }
}

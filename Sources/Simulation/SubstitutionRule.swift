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

  /// - Parameters:
  ///   - experts, scores: the token's ranked experts, the `topK` activated first, then the
  ///     non-activated candidates, best first.
  ///   - available: whether an expert may serve as a substitute (on the GPU, or another token's).
  ///   - needsReplacing: whether an activated expert would cost a miss (not on the GPU).
  public static func apply(
    experts: ArraySlice<UInt16>, scores: ArraySlice<Float>, topK: Int, alpha: Double,
    available: (Int) -> Bool, needsReplacing: (Int) -> Bool
  ) -> Outcome {
    let e = Array(experts)
    let s = scores.map(Double.init)
    var chosen = Array(e.prefix(topK).map(Int.init))
    let mass = s.prefix(topK).reduce(0, +)
    guard alpha > 0, e.count > topK else {
      return Outcome(experts: chosen, substituted: 0, substitutedMass: 0, mass: mass)
    }
    let threshold = s[topK]
    var used = Set<Int>()
    var substituted = 0
    var movedMass = 0.0
    for slot in 0..<topK where s[slot] < (1 + alpha) * threshold && needsReplacing(chosen[slot]) {
      var candidate = topK
      while candidate < e.count {
        let id = Int(e[candidate])
        let score = s[candidate]
        if score > (1 - alpha) * threshold && score <= threshold && !used.contains(id) && available(id) {
          used.insert(id)
          movedMass += s[slot]
          chosen[slot] = id
          substituted += 1
          break
        }
        candidate += 1
      }
    }
    return Outcome(experts: chosen, substituted: substituted, substitutedMass: movedMass, mass: mass)
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

import Basics
import Foundation
import NDPModel

/// The scheduling policies, named as on the command line.
public enum PolicyName: String, Sendable, CaseIterable, Codable, Comparable {
  /// GPU + host memory, no NDP: experts fetched on demand into a per-layer LRU cache.
  case gpuOffload = "gpu-offload"
  /// Expert parallelism: each expert whole on one NDP unit (round-robin); wait for the busiest.
  case ep
  /// MoNDE (DAC'24): profile-hot experts pinned on the GPU, the rest on NDP with ep.
  case monde
  /// Expert tensor parallelism: every expert split across the units of its group.
  case tp
  /// tp + load-balancing GPU/NDP assignment that minimises the layer's makespan.
  case tpLB = "tp-lb"
  /// tp-lb + dataset-free prefetch of each layer's most frequent prefill experts (seed paper).
  case tpLBPF = "tp-lb-pf"
  /// tp-lb-pf + substitution of low-score experts that are not resident on the GPU.
  case tpLBPFSub = "tp-lb-pf-sub"
  /// tp-lb + prefetch of a learned predictor's guesses for a later layer (MoE-Beyond, ExpertFlow).
  case tpLBPP = "tp-lb-pp"
  /// Duplex (MICRO'24): all experts start on the GPU; the fewest-token ones move to NDP while the
  /// layer's makespan falls.
  case duplex
  /// Context-aware placement (Fan et al., arXiv 2512.04476): the prefill's most important experts
  /// on the GPU for the decode, the rest on NDP, optionally at reduced precision.
  case ctxPlace = "ctx-place"
  /// Expert streaming (FSE-DP, Ma et al., arXiv 2603.27624): each unit computes whole experts for
  /// its own tokens, the slices it lacks streamed to it from the other units of its group.
  case tpStream = "tp-stream"
  /// gpu-offload + prefetch of a learned predictor's guesses for a later layer (MoE-Beyond,
  /// ExpertFlow).
  case offloadPP = "offload-pp"
  /// GPU + host offloading with a cache that evicts the lowest mean gate score (smoe ablation).
  case smoeEvict = "smoe-evict"
  /// smoe-evict + importance-driven substitution of low-score misses.
  case smoeSub = "smoe-sub"
  /// smoe-sub + next-layer prefetch with a prediction accuracy.
  case smoePF = "smoe-pf"
  /// smoe-pf + misses split between loading and host-CPU compute (Zhu et al., arXiv 2508.18983).
  case smoe
  /// Lower bound: perfect balance, every expert resident at the best bandwidth, no transfers.
  case oracle

  public static func < (lhs: PolicyName, rhs: PolicyName) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }

  /// Whether the policy uses the NDP units (their capacity and static power count).
  public var usesNDP: Bool { !offloads }

  /// GPU + host policies: experts live in host memory.
  public var offloads: Bool {
    [.gpuOffload, .offloadPP, .smoeEvict, .smoeSub, .smoePF, .smoe].contains(self)
  }

  /// Policies that may replace activated experts, changing the work itself: the oracle, which
  /// computes the routed experts, does not bound them.
  public var substitutes: Bool { [.tpLBPFSub, .smoeSub, .smoePF, .smoe].contains(self) }

  /// Policies that may compute experts below the model's precision (`policy.ndp_avg_bits`).
  public var reducesPrecision: Bool { self == .ctxPlace }

  /// The metrics that say how much of the model's work the policy changes (its accuracy risk),
  /// the mass first: what reports show beside its speed.
  public var riskMetrics: [String] {
    (substitutes ? ["substituted_score_mass", "substitution_rate"] : [])
      + (reducesPrecision ? ["reduced_precision_score_mass"] : [])
  }

  /// The GPU-NDP policies of the seed paper's comparison plus the offloading baseline and oracle.
  public static let core: [PolicyName] = [.gpuOffload, .ep, .monde, .tp, .tpLB, .tpLBPF, .oracle]

  /// Parses `all` or a comma-separated list; unknown names get a suggestion.
  public static func parseList(_ text: String) throws(InputError) -> [PolicyName] {
    if text == "all" { return allCases }
    var names: [PolicyName] = []
    for part in text.split(separator: ",") {
      let name = part.trimmingCharacters(in: .whitespaces)
      guard let policy = PolicyName(rawValue: name) else {
        throw InputError.unknownName(
          kind: "policy", name: name, known: allCases.map(\.rawValue) + ["all"])
      }
      if !names.contains(policy) { names.append(policy) }
    }
    if names.isEmpty { throw InputError("--policy needs at least one policy name or 'all'") }
    return names
  }

  public static func parse(_ text: String) throws(InputError) -> PolicyName {
    guard let policy = PolicyName(rawValue: text) else {
      throw InputError.unknownName(kind: "policy", name: text, known: allCases.map(\.rawValue))
    }
    return policy
  }
}

import Basics
import Foundation
import NDPModel
import Routing

/// What a policy decides from the routing and its own knobs alone (substitutions, cache contents,
/// predictions), never from the hardware: made once per workload and knobs by the first worker
/// that needs it, and shared by every point, worker and run that needs it; the cost of the
/// decisions is then paid per point. Keeps the most recently used within 64 MB per workload.
public final class DecisionCache: Sendable {
  /// What the decisions depend on.
  enum Key: Hashable {
    /// The smoe family's mechanisms and knobs (`SMoEDecisions`).
    case smoe(substitutes: Bool, predicts: Bool, alpha: Double, window: Int, accuracy: Double, capacity: Int)
    /// `tp-lb-pf-sub`'s rewritten routing (`SubstitutedPrefetch`).
    case substitutedPrefetch(alpha: Double, gpuExperts: Int)
    /// The learned predictor's cache of `tp-lb-pp` and `offload-pp` (`PredictorDecisions`).
    case predictor(guessLimit: Int, accuracy: Double, horizon: Int, admitsUsed: Bool)
    /// `ctx-place`'s GPU set and NDP bits (`ContextDecisions`).
    case contextPlacement(gpuExperts: Int, averageBits: Double, modelBits: Double, scaleBits: Double)
  }

  private let cache = SharedCache<Key, any Decisions>(budgetBytes: 64 << 20) { $0.approximateBytes }

  public init() {}

  /// The memory the kept decisions hold, about.
  public var approximateBytes: Int { cache.approximateBytes }

  /// The decisions for `key`, made by `make` the first time.
  func value<Value: Decisions>(_ key: Key, make: () -> Value) -> Value {
    // Each key is made by one kind of decisions, so the cast cannot fail.
    cache.value(key) { make() } as! Value
  }
}

/// Decisions a policy keeps per workload, with the memory they hold.
protocol Decisions: AnyObject, Sendable {
  var approximateBytes: Int { get }
}

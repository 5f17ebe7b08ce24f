import Basics
import Foundation
import NDPModel
import Routing

/// What a policy decides from the routing and its own knobs alone (substitutions, cache contents,
/// predictions), never from the hardware: made once per workload and knobs by the first worker
/// that needs it, and shared by every point, worker and run that needs it; the cost of the
/// decisions is then paid per point.
///
/// Keeps the most recently used within 64 MB or `tablesKept` times the workload's table,
/// whichever is more. Four policies rewrite the routing into a table of their own (smoe-sub,
/// smoe-pf, smoe, tp-lb-pf-sub), so one point's decisions are about five tables: under a fixed
/// budget a large workload's (batch 16, 512 + 512) evicted each other at every point, and each was
/// made again, half a second each.
public final class DecisionCache: Sendable {
  /// Tables' worth of decisions kept: every policy's at two settings of their knobs.
  static let tablesKept = 12
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

  private let cache: SharedCache<Key, any Decisions>

  /// - Parameters:
  ///   - tableBytes: the workload's table, as `ActivationTable.approximateBytes` measures it.
  ///   - floorBytes: the budget of a small workload's decisions.
  init(tableBytes: Int, floorBytes: Int = 64 << 20) {
    cache = SharedCache(budgetBytes: max(floorBytes, Self.tablesKept * tableBytes)) { $0.approximateBytes }
  }

  /// How many decisions were made (each once while it stays kept).
  public var made: Int { cache.made }

  /// The time spent making decisions so far (seconds; `ndpscope bench` shows it apart from the
  /// time per point, as it does the routing's).
  public var makingSeconds: Double { cache.makingSeconds }

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

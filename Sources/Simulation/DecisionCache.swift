import Foundation
import NDPModel
import Routing

/// What a policy decides from the routing and its own knobs alone (substitutions, cache contents,
/// predictions), never from the hardware: made once per workload and knobs, and shared by every
/// point, worker and run that needs it; the cost of the decisions is then paid per point. Keeps
/// the `capacity` most recently used decisions of its workload.
public final class DecisionCache: @unchecked Sendable {
  /// What the decisions depend on.
  enum Key: Hashable {
    /// The smoe family's mechanisms and knobs (`SMoEDecisions`).
    case smoe(substitutes: Bool, predicts: Bool, alpha: Double, window: Int, accuracy: Double, capacity: Int)
    /// `tp-lb-pf-sub`'s rewritten routing (`SubstitutedPrefetch`).
    case substitutedPrefetch(alpha: Double, gpuExperts: Int)
  }

  private let lock = NSLock()
  private var entries: [Key: AnyObject] = [:]
  private var order: [Key] = []
  private let capacity = 16

  public init() {}

  /// The decisions for `key`, made by `make` the first time. Two workers asking at once may both
  /// make them (the same result); the first stored is kept.
  func value<Value: AnyObject>(_ key: Key, make: () -> Value) -> Value {
    lock.lock()
    if let found = entries[key] as? Value {
      order.removeAll { $0 == key }
      order.append(key)
      lock.unlock()
      return found
    }
    lock.unlock()
    let made = make()
    lock.lock()
    defer { lock.unlock() }
    if let found = entries[key] as? Value { return found }
    entries[key] = made
    order.append(key)
    if order.count > capacity { entries[order.removeFirst()] = nil }
    return made
  }
}

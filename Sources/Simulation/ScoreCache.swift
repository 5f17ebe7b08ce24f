import Basics

/// The smoe expert cache: per layer, at most `capacity` experts; eviction removes the resident
/// expert with the lowest mean gate score over the last `window` steps (the scores of experts
/// that were not activated count too, as far as the routing records them; others count 0), never
/// one used in the current layer.
public final class ScoreCache {
  public let layers: Int
  public let experts: Int
  public let capacity: Int
  public let window: Int
  // Raw storage owned by the instance: class `var` arrays cost a dynamic exclusivity check on
  // every access, and this is touched for every expert of every token.
  private let resident: UnsafeMutablePointer<Bool>
  private let count: UnsafeMutablePointer<Int>
  /// Per layer: `window` rows of per-expert step scores (a ring), their running sum, rows filled.
  private let history: UnsafeMutablePointer<Double>
  private let sums: UnsafeMutablePointer<Double>
  private let position: UnsafeMutablePointer<Int>
  private let filled: UnsafeMutablePointer<Int>
  /// Per layer, the residents in `capacity` slots (the first `count[layer]` used): eviction scans
  /// the residents only, not every expert.
  private let slots: UnsafeMutablePointer<Int32>
  /// Per slot, its resident's mean score (`meanScore`), valid for a layer unless `stale`: kept
  /// between `record`s so that an eviction compares the scores without dividing for each.
  private let slotScores: UnsafeMutablePointer<Double>
  private let stale: UnsafeMutablePointer<Bool>
  /// The owners of the memory above.
  private let storage: [AnyObject]

  public init(layers: Int, experts: Int, capacity: Int, window: Int) {
    self.layers = layers
    self.experts = experts
    self.capacity = max(0, min(capacity, experts))
    self.window = max(1, window)
    let resident = RawStorage(repeating: false, count: layers * experts)
    let count = RawStorage(repeating: 0, count: layers)
    let history = RawStorage(repeating: 0.0, count: layers * self.window * experts)
    let sums = RawStorage(repeating: 0.0, count: layers * experts)
    let position = RawStorage(repeating: 0, count: layers)
    let filled = RawStorage(repeating: 0, count: layers)
    let slots = RawStorage<Int32>(repeating: -1, count: layers * self.capacity)
    let slotScores = RawStorage(repeating: 0.0, count: layers * self.capacity)
    let stale = RawStorage(repeating: false, count: layers)
    storage = [resident, count, history, sums, position, filled, slots, slotScores, stale]
    (self.slots, self.slotScores, self.stale) = (slots.pointer, slotScores.pointer, stale.pointer)
    (self.resident, self.count, self.history) = (resident.pointer, count.pointer, history.pointer)
    (self.sums, self.position, self.filled) = (sums.pointer, position.pointer, filled.pointer)
  }

  @inline(__always)
  public func contains(layer: Int, expert: Int) -> Bool { resident[layer &* experts &+ expert] }

  public func residents(layer: Int) -> [Int] { (0..<experts).filter { resident[layer * experts + $0] } }

  /// Mean gate score of `expert` at `layer` over the recorded window.
  public func meanScore(layer: Int, expert: Int) -> Double {
    filled[layer] > 0 ? sums[layer * experts + expert] / Double(filled[layer]) : 0
  }

  /// Records one step's per-expert scores (summed over the step's tokens) for `layer`.
  public func record(layer: Int, scores: [Double]) {
    let row = history + (layer * window + position[layer]) * experts
    let sum = sums + layer * experts
    scores.withUnsafeBufferPointer { new in
      for e in 0..<experts {
        sum[e] += new[e] - row[e]
        row[e] = new[e]
      }
    }
    position[layer] = (position[layer] + 1) % window
    filled[layer] = min(window, filled[layer] + 1)
    stale[layer] = true
  }

  /// The outcome of an insertion: whether the expert is now resident, and whom it evicted.
  public struct Admission: Equatable, Sendable {
    public var admitted: Bool
    public var evicted: Int?
  }

  /// Inserts `expert`, evicting the lowest-mean-score resident not in `protected` when full
  /// (ties: the lowest id). Not admitted when the cache is full of protected experts (or holds none).
  /// - Complexity: O(capacity).
  @discardableResult @inline(__always)
  public func insert(layer: Int, expert: Int, protected: (Int) -> Bool) -> Admission {
    let base = layer * experts
    guard capacity > 0, !resident[base + expert] else {
      return Admission(admitted: capacity > 0, evicted: nil)
    }
    let layerSlots = slots + layer * capacity
    let scores = slotScores + layer * capacity
    guard count[layer] >= capacity else {
      layerSlots[count[layer]] = Int32(expert)
      scores[count[layer]] = meanScore(layer: layer, expert: expert)
      count[layer] += 1
      resident[base + expert] = true
      return Admission(admitted: true, evicted: nil)
    }
    if stale[layer] { refreshSlotScores(layer: layer) }
    var victimSlot = -1
    var victim = Int.max
    var lowest = Double.infinity
    for slot in 0..<capacity {
      let e = Int(layerSlots[slot])
      guard !protected(e) else { continue }
      let score = scores[slot]
      if score < lowest || (score == lowest && e < victim) {
        (lowest, victim, victimSlot) = (score, e, slot)
      }
    }
    guard victimSlot >= 0 else { return Admission(admitted: false, evicted: nil) }
    resident[base + victim] = false
    resident[base + expert] = true
    layerSlots[victimSlot] = Int32(expert)
    scores[victimSlot] = meanScore(layer: layer, expert: expert)
    return Admission(admitted: true, evicted: victim)
  }

  /// Each slot's mean score after the layer's latest `record`.
  private func refreshSlotScores(layer: Int) {
    let layerSlots = slots + layer * capacity
    let scores = slotScores + layer * capacity
    for slot in 0..<count[layer] { scores[slot] = meanScore(layer: layer, expert: Int(layerSlots[slot])) }
    stale[layer] = false
  }
}

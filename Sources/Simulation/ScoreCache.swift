/// The smoe expert cache: per layer, at most `capacity` experts; eviction removes the resident
/// expert with the lowest mean gate score over the last `window` steps (the scores of experts
/// that were not activated count too, as far as the routing records them; others count 0), never
/// one used in the current layer.
public final class ScoreCache {
  public let layers: Int
  public let experts: Int
  public let capacity: Int
  public let window: Int
  private var resident: [Bool]
  private var count: [Int]
  /// Per layer: `window` rows of per-expert step scores (a ring), their running sum, rows filled.
  private var history: [Double]
  private var sums: [Double]
  private var position: [Int]
  private var filled: [Int]

  public init(layers: Int, experts: Int, capacity: Int, window: Int) {
    self.layers = layers
    self.experts = experts
    self.capacity = max(0, min(capacity, experts))
    self.window = max(1, window)
    resident = [Bool](repeating: false, count: layers * experts)
    count = [Int](repeating: 0, count: layers)
    history = [Double](repeating: 0, count: layers * self.window * experts)
    sums = [Double](repeating: 0, count: layers * experts)
    position = [Int](repeating: 0, count: layers)
    filled = [Int](repeating: 0, count: layers)
  }

  public func contains(layer: Int, expert: Int) -> Bool { resident[layer * experts + expert] }

  public func residents(layer: Int) -> [Int] { (0..<experts).filter { resident[layer * experts + $0] } }

  /// Mean gate score of `expert` at `layer` over the recorded window.
  public func meanScore(layer: Int, expert: Int) -> Double {
    filled[layer] > 0 ? sums[layer * experts + expert] / Double(filled[layer]) : 0
  }

  /// Records one step's per-expert scores (summed over the step's tokens) for `layer`.
  public func record(layer: Int, scores: [Double]) {
    let row = (layer * window + position[layer]) * experts
    for e in 0..<experts {
      sums[layer * experts + e] += scores[e] - history[row + e]
      history[row + e] = scores[e]
    }
    position[layer] = (position[layer] + 1) % window
    filled[layer] = min(window, filled[layer] + 1)
  }

  /// Inserts `expert`, evicting the lowest-mean-score resident not in `protected` when full.
  /// Returns false when the cache is full of protected experts (the expert is then not kept).
  @discardableResult
  public func insert(layer: Int, expert: Int, protected: (Int) -> Bool) -> Bool {
    let base = layer * experts
    guard capacity > 0, !resident[base + expert] else { return capacity > 0 }
    if count[layer] >= capacity {
      var victim = -1
      var lowest = Double.infinity
      for e in 0..<experts where resident[base + e] && !protected(e) {
        let score = meanScore(layer: layer, expert: e)
        if score < lowest {
          lowest = score
          victim = e
        }
      }
      guard victim >= 0 else { return false }
      resident[base + victim] = false
      count[layer] -= 1
    }
    resident[base + expert] = true
    count[layer] += 1
    return true
  }
}

/// A least-recently-used set of experts per layer, with O(1) lookup, touch and eviction
/// (an intrusive doubly linked list over expert ids, one per layer).
public struct LRUExpertCache: Sendable {
  public let experts: Int
  public let capacity: Int
  /// Residency flags, `layer * experts + expert`, readable as a slice per layer.
  public private(set) var resident: [Bool]
  private var previous: [Int32]
  private var next: [Int32]
  private var head: [Int32]
  private var tail: [Int32]
  private var size: [Int]

  public init(layers: Int, experts: Int, capacity: Int) {
    self.experts = experts
    self.capacity = max(0, capacity)
    resident = [Bool](repeating: false, count: layers * experts)
    previous = [Int32](repeating: -1, count: layers * experts)
    next = [Int32](repeating: -1, count: layers * experts)
    head = [Int32](repeating: -1, count: layers)
    tail = [Int32](repeating: -1, count: layers)
    size = [Int](repeating: 0, count: layers)
  }

  public func flags(layer: Int) -> ArraySlice<Bool> {
    resident[layer * experts..<(layer + 1) * experts]
  }

  public func contains(layer: Int, expert: Int) -> Bool { resident[layer * experts + expert] }

  /// Marks `expert` most recently used, inserting it (and evicting the least recently used
  /// expert of the layer) if it was not resident.
  public mutating func touch(layer: Int, expert: Int) {
    guard capacity > 0 else { return }
    let index = layer * experts + expert
    if resident[index] {
      unlink(layer: layer, index: index)
    } else {
      if size[layer] == capacity {
        let victim = Int(tail[layer])
        unlink(layer: layer, index: victim)
        resident[victim] = false
        size[layer] -= 1
      }
      resident[index] = true
      size[layer] += 1
    }
    // Link at the head.
    previous[index] = -1
    next[index] = head[layer]
    if head[layer] >= 0 { previous[Int(head[layer])] = Int32(index) }
    head[layer] = Int32(index)
    if tail[layer] < 0 { tail[layer] = Int32(index) }
  }

  /// Experts of `layer` from most to least recently used.
  public func order(layer: Int) -> [Int] {
    var result: [Int] = []
    var cursor = head[layer]
    while cursor >= 0 {
      result.append(Int(cursor) - layer * experts)
      cursor = next[Int(cursor)]
    }
    return result
  }

  private mutating func unlink(layer: Int, index: Int) {
    let before = previous[index]
    let after = next[index]
    if before >= 0 { next[Int(before)] = after } else { head[layer] = after }
    if after >= 0 { previous[Int(after)] = before } else { tail[layer] = before }
    previous[index] = -1
    next[index] = -1
  }
}

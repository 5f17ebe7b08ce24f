import Basics

/// A least-recently-used set of experts per layer, with O(1) lookup, touch and eviction
/// (an intrusive doubly linked list over expert ids, one list per layer). Storage is raw memory
/// owned by the instance: the cache is touched for every activated expert of every step.
public final class LRUExpertCache {
  public let layers: Int
  public let experts: Int
  public let capacity: Int
  /// Residency flags, `layer * experts + expert`.
  private let resident: UnsafeMutablePointer<Bool>
  private let previous: UnsafeMutablePointer<Int32>
  private let next: UnsafeMutablePointer<Int32>
  private let head: UnsafeMutablePointer<Int32>
  private let tail: UnsafeMutablePointer<Int32>
  private let size: UnsafeMutablePointer<Int>
  /// The owners of the memory above.
  private let storage: [AnyObject]

  public init(layers: Int, experts: Int, capacity: Int) {
    self.layers = layers
    self.experts = experts
    self.capacity = max(0, capacity)
    let slots = layers * experts
    let resident = RawStorage(repeating: false, count: slots)
    let previous = RawStorage<Int32>(repeating: -1, count: slots)
    let next = RawStorage<Int32>(repeating: -1, count: slots)
    let head = RawStorage<Int32>(repeating: -1, count: layers)
    let tail = RawStorage<Int32>(repeating: -1, count: layers)
    let size = RawStorage(repeating: 0, count: layers)
    storage = [resident, previous, next, head, tail, size]
    (self.resident, self.previous, self.next) = (resident.pointer, previous.pointer, next.pointer)
    (self.head, self.tail, self.size) = (head.pointer, tail.pointer, size.pointer)
  }

  /// The residency flags of `layer`, `experts` of them; valid while the cache lives.
  public func flags(layer: Int) -> UnsafePointer<Bool> { UnsafePointer(resident + layer * experts) }

  public func contains(layer: Int, expert: Int) -> Bool { resident[layer * experts + expert] }

  public func count(layer: Int) -> Int { size[layer] }

  /// Marks `expert` most recently used, inserting it (and evicting the least recently used
  /// expert of the layer when full) if it was not resident; returns the evicted expert.
  @inline(__always) @discardableResult
  public func touch(layer: Int, expert: Int) -> Int? {
    guard capacity > 0 else { return nil }
    let index = layer &* experts &+ expert
    let head = self.head
    let first = head[layer]
    if Int(first) == index { return nil }
    let previous = self.previous
    let next = self.next
    var evicted: Int?
    if resident[index] {
      unlink(layer: layer, index: index)
    } else {
      if size[layer] == capacity {
        let victim = Int(tail[layer])
        unlink(layer: layer, index: victim)
        resident[victim] = false
        size[layer] &-= 1
        evicted = victim &- layer &* experts
      }
      resident[index] = true
      size[layer] &+= 1
    }
    let current = head[layer]
    previous[index] = -1
    next[index] = current
    if current >= 0 { previous[Int(current)] = Int32(truncatingIfNeeded: index) }
    head[layer] = Int32(truncatingIfNeeded: index)
    if tail[layer] < 0 { tail[layer] = Int32(truncatingIfNeeded: index) }
    return evicted
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

  @inline(__always)
  private func unlink(layer: Int, index: Int) {
    let before = previous[index]
    let after = next[index]
    if before >= 0 { next[Int(before)] = after } else { head[layer] = after }
    if after >= 0 { previous[Int(after)] = before } else { tail[layer] = before }
    previous[index] = -1
    next[index] = -1
  }
}

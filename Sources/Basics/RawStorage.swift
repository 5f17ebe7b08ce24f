/// A fixed number of plain values in memory owned by this object: allocated and filled once,
/// freed when the last reference goes. The one place the engine allocates raw memory, for the hot
/// loops that must read and write without bounds checks, copy-on-write or exclusivity checks
/// (class `var` arrays pay one on every access).
///
/// `Element` is bitwise-copyable, so nothing needs deinitialising. `pointer` stays valid while the
/// object lives: whoever keeps a pointer keeps the object too. Subscripts check the index in debug
/// builds only.
public final class RawStorage<Element: BitwiseCopyable>: @unchecked Sendable {
  public let pointer: UnsafeMutablePointer<Element>
  public let count: Int

  /// `count` copies of `value` (room for at least one element, so `pointer` is never dangling).
  public init(repeating value: Element, count: Int) {
    precondition(count >= 0, "a negative element count")
    self.count = count
    pointer = .allocate(capacity: Swift.max(1, count))
    pointer.initialize(repeating: value, count: Swift.max(1, count))
  }

  /// A copy of `elements`.
  public init(copying elements: [Element]) {
    count = elements.count
    pointer = .allocate(capacity: Swift.max(1, elements.count))
    elements.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { pointer.initialize(from: base, count: source.count) }
    }
  }

  deinit { pointer.deallocate() }

  /// The elements as a read-only buffer (valid while this object lives).
  public var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: pointer, count: count) }

  @inlinable @inline(__always)
  public subscript(index: Int) -> Element {
    get {
      assert(index >= 0 && index < count, "index \(index) out of 0..<\(count)")
      return pointer[index]
    }
    set {
      assert(index >= 0 && index < count, "index \(index) out of 0..<\(count)")
      pointer[index] = newValue
    }
  }

  /// A copy with room for `count` elements (at least this one's): this one's elements first, then
  /// copies of `value`. How a growing buffer grows.
  public func resized(to count: Int, filling value: Element) -> RawStorage {
    precondition(count >= self.count, "a resize that would drop elements")
    let larger = RawStorage(repeating: value, count: count)
    larger.pointer.update(from: pointer, count: self.count)
    return larger
  }

  /// Sets every element to `value`.
  public func fill(with value: Element) { pointer.update(repeating: value, count: count) }
}

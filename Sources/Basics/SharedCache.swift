import Foundation

/// Values made once per key and shared by every thread that asks: the first to ask makes the
/// value, the others wait for that one instead of making it again. Keeps the most recently used
/// values within `budgetBytes` and `maximumCount` (bytes as `footprint` measures them whenever a
/// value is added, so a value that grows is measured again then), always at least one.
/// `footprint` runs under the cache's lock: it must not use this cache.
public final class SharedCache<Key: Hashable, Value>: @unchecked Sendable {
  private struct Entry {
    let value: Value
    var lastUse: UInt64
  }

  private let condition = NSCondition()
  private var entries: [Key: Entry] = [:]
  private var inFlight: Set<Key> = []
  private var clock: UInt64 = 0
  private var madeCount = 0
  private var makingNanoseconds: UInt64 = 0
  private let budgetBytes: Int
  private let maximumCount: Int
  private let footprint: (Value) -> Int

  public init(budgetBytes: Int, maximumCount: Int = 1024, footprint: @escaping (Value) -> Int) {
    self.budgetBytes = budgetBytes
    self.maximumCount = max(1, maximumCount)
    self.footprint = footprint
  }

  /// How many values were made (each key once while it stays cached).
  public var made: Int {
    condition.lock()
    defer { condition.unlock() }
    return madeCount
  }

  /// The time spent making values so far, in all threads (seconds).
  public var makingSeconds: Double {
    condition.lock()
    defer { condition.unlock() }
    return Double(makingNanoseconds) / 1e9
  }

  /// The memory the kept values hold, as `footprint` measures them now.
  public var approximateBytes: Int {
    condition.lock()
    defer { condition.unlock() }
    return entries.values.reduce(0) { $0 + footprint($1.value) }
  }

  /// The value for `key`, made by `make` (outside the lock) by the first thread that asks.
  public func value(_ key: Key, make: () -> Value) -> Value {
    condition.lock()
    while true {
      if let found = entries[key] {
        clock += 1
        entries[key]!.lastUse = clock
        condition.unlock()
        return found.value
      }
      guard inFlight.contains(key) else { break }
      condition.wait()
    }
    inFlight.insert(key)
    condition.unlock()
    let start = DispatchTime.now().uptimeNanoseconds
    let made = make()
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    condition.lock()
    makingNanoseconds += elapsed
    inFlight.remove(key)
    clock += 1
    entries[key] = Entry(value: made, lastUse: clock)
    madeCount += 1
    evictOverBudget()
    condition.broadcast()
    condition.unlock()
    return made
  }

  /// Drops the least recently used values while the rest exceed the budget (the lock is held).
  private func evictOverBudget() {
    var total = entries.values.reduce(0) { $0 + footprint($1.value) }
    while (total > budgetBytes && entries.count > 1) || entries.count > maximumCount {
      guard let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return }
      total -= footprint(oldest.value.value)
      entries[oldest.key] = nil
    }
  }
}

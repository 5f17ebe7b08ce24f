import Dispatch
import Foundation
import Testing

@testable import Basics

/// The shared cache: one making per key however many threads ask, least recently used out first.
@Suite struct SharedCacheTests {
  @Test func theLeastRecentlyUsedGoesFirstWhenOverBudget() {
    let cache = SharedCache<String, Int>(budgetBytes: 2) { _ in 1 }
    for key in ["a", "b", "a", "c"] { _ = cache.value(key) { key.count } }
    #expect(cache.made == 3)
    _ = cache.value("a") { 0 }
    #expect(cache.made == 3, "a was used recently, so b went")
    _ = cache.value("b") { 0 }
    #expect(cache.made == 4)
  }

  @Test func aCountLimitHoldsWhateverTheBytes() {
    let cache = SharedCache<Int, Int>(budgetBytes: .max, maximumCount: 3) { _ in 0 }
    for key in 0..<5 { _ = cache.value(key) { key } }
    _ = cache.value(4) { 0 }
    _ = cache.value(0) { 0 }
    #expect(cache.made == 6)
  }

  @Test func concurrentAskersShareOneMaking() {
    let cache = SharedCache<Int, [Int]>(budgetBytes: .max) { $0.count }
    DispatchQueue.concurrentPerform(iterations: 32) { i in
      _ = cache.value(i % 4) { (0..<200_000).map { $0 &* 3 } }
    }
    #expect(cache.made == 4)
  }

  @Test func onlyMakingAddsToTheMakingTime() {
    let cache = SharedCache<Int, Int>(budgetBytes: .max) { _ in 0 }
    #expect(cache.makingSeconds == 0)
    _ = cache.value(1) {
      usleep(20_000)
      return 1
    }
    let made = cache.makingSeconds
    #expect(made >= 0.02, "the making slept 20 ms")
    _ = cache.value(1) {
      usleep(20_000)
      return 2
    }
    #expect(cache.makingSeconds == made, "a value found is not made again")
  }
}

import Routing
import Testing

@testable import DesignSpace

@Suite struct ParetoTests {
  /// Ranks by definition: peel the non-dominated set, O(n^2) per front.
  static func bruteForceRanks(_ points: [[Double]], maxRank: Int) -> [Int] {
    var rank = [Int](repeating: 0, count: points.count)
    var remaining = Array(points.indices)
    for current in 1...maxRank {
      let front = remaining.filter { i in !remaining.contains { j in Pareto.dominates(points[j], points[i]) }
      }
      for i in front { rank[i] = current }
      remaining.removeAll { front.contains($0) }
    }
    return rank
  }

  /// Random points on a coarse grid, so ties and exact duplicates are common.
  static func randomPoints(_ rng: inout SplitMix64, count: Int, dimensions: Int) -> [[Double]] {
    (0..<count).map { _ in (0..<dimensions).map { _ in Double(rng.next() % 7) } }
  }

  @Test func ranksMatchBruteForceWithTiesAndDuplicates() {
    var rng = SplitMix64(seed: 3)
    for dimensions in 2...4 {
      for _ in 0..<30 {
        let points = Self.randomPoints(&rng, count: 60, dimensions: dimensions)
        #expect(Pareto.ranks(points, maxRank: 3) == Self.bruteForceRanks(points, maxRank: 3))
      }
    }
  }

  /// Values the sort must order exactly: signed zeros, infinities, negatives, and neighbours
  /// that differ only in their last bits (they share the radix sort's high half).
  static func extremePoints(_ rng: inout SplitMix64, count: Int, dimensions: Int) -> [[Double]] {
    let specials: [Double] = [
      0, -0.0, .infinity, -.infinity, -1.5, 1, 1.0.nextUp, 1.0.nextDown, 1e-300, 1e300,
    ]
    return (0..<count).map { _ in
      (0..<dimensions).map { _ in
        rng.next() % 3 == 0 ? specials[Int(rng.next() % UInt64(specials.count))] : rng.nextUnit() * 4 - 2
      }
    }
  }

  @Test func ranksMatchBruteForceOnContinuousAndExtremeValues() {
    var rng = SplitMix64(seed: 5)
    for dimensions in 2...5 {
      for size in [1, 2, 40, 300] {
        let points = Self.extremePoints(&rng, count: size, dimensions: dimensions)
        #expect(
          Pareto.ranks(points, maxRank: 4) == Self.bruteForceRanks(points, maxRank: 4),
          "\(dimensions)D, \(size): \(points)")
      }
    }
  }

  @Test func infiniteObjectivesStillRank() {
    for dimensions in 2...4 {
      let inf = [Double](repeating: .infinity, count: dimensions)
      #expect(Pareto.ranks([inf], maxRank: 2) == [1])
      #expect(Pareto.ranks([inf, [Double](repeating: 0, count: dimensions)], maxRank: 2) == [2, 1])
    }
  }

  @Test func aPointWithANaNObjectiveIsNotRanked() {
    #expect(Pareto.ranks([[0, 0], [1, .nan], [2, 5]], maxRank: 3) == [1, 0, 2])
    #expect(Pareto.ranks([[0, 0, 0], [1, 1, .nan], [2, 5, 5]], maxRank: 3) == [1, 0, 2])
  }

  @Test func incrementalArchiveHoldsTheSameFrontsInAnyInsertionOrder() {
    var rng = SplitMix64(seed: 4)
    for dimensions in 2...3 {
      for _ in 0..<30 {
        // Repeated vectors included: the archive keeps each distinct vector once.
        var points = Self.randomPoints(&rng, count: 50, dimensions: dimensions)
        points += points.prefix(10)
        let expected = Self.bruteForceRanks(points, maxRank: 3)
        var order = Array(points.indices)
        order.shuffle(using: &rng)
        var archive = ParetoArchive<Int>(maxRank: 3)
        for i in order { archive.insert(points[i], i) }
        for rank in 1...3 {
          let vectors = archive.fronts[rank - 1].map(\.values)
          #expect(Set(vectors).count == vectors.count, "a vector kept twice")
          #expect(Set(vectors) == Set(points.indices.filter { expected[$0] == rank }.map { points[$0] }))
        }
      }
    }
  }

  @Test func aRepeatedVectorIsKeptOnceAndTheFirstStandsForIt() {
    var archive = ParetoArchive<String>(maxRank: 2)
    for _ in 0..<1000 { archive.insert([1, 2], "later") }
    archive.insert([2, 1], "other")
    var first = ParetoArchive<String>(maxRank: 2)
    first.insert([1, 2], "first")
    first.insert([1, 2], "second")
    #expect(archive.fronts[0].count == 2 && archive.fronts[1].isEmpty)
    #expect(first.fronts[0].map(\.payload) == ["first"])
  }

  @Test func dominanceNeedsOneStrictImprovement() {
    #expect(Pareto.dominates([1, 2], [1, 3]))
    #expect(!Pareto.dominates([1, 2], [1, 2]))
    #expect(!Pareto.dominates([0, 3], [1, 2]))
  }
}

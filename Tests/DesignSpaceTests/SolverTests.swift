import Foundation
import NDPModel
import Simulation
import Testing

@testable import DesignSpace

/// `Solver` against brute force: every value of a fine grid evaluated, the least that meets the
/// target taken, for several parameters and policies.
@Suite struct SolverTests {
  static func point() throws -> DesignPoint {
    var point = try SmallPoint.make()
    point.hardware.ndpUnits = 4
    return point
  }

  /// The metric at `value`, or nil where the policy is infeasible.
  static func metric(_ metric: String, _ key: String, _ value: Double, _ policy: PolicyName) throws -> Double?
  {
    var point = try point()
    try ParameterRegistry.parameter(named: key).apply(value, to: &point)
    let result = try Evaluator.evaluate(
      point: point, workload: PreparedWorkload(generatingFor: point), policies: [policy], baseline: policy
    ).results[0]
    return ResultsTable.metric(metric, result: result, point: point, cost: 0)
  }

  static func logGrid(_ range: ClosedRange<Double>, count: Int) -> [Double] {
    (0..<count).map { i in
      range.lowerBound * pow(range.upperBound / range.lowerBound, Double(i) / Double(count - 1))
    }
  }

  /// A target between the metric's values at the two ends, so the answer lies inside the range.
  static func interiorTarget(
    _ metric: String, _ key: String, _ range: ClosedRange<Double>, _ policy: PolicyName
  ) throws -> Double {
    let low = try #require(try Self.metric(metric, key, range.lowerBound, policy))
    let high = try #require(try Self.metric(metric, key, range.upperBound, policy))
    #expect(low != high, "\(key) changes nothing for \(policy)")
    return (low * high).squareRoot()
  }

  func solver(
    _ key: String, _ target: String, _ range: ClosedRange<Double>, goal: Solver.Goal = .least
  ) throws
    -> Solver
  {
    Solver(
      point: try Self.point(), parameter: try ParameterRegistry.parameter(named: key),
      target: try #require(Constraint(text: target)), range: range, goal: goal)
  }

  /// Monotone by the laws: the answer lies between the grid's last failing value and its first
  /// meeting one (within the bisection's tolerance), and meets while the value below fails.
  @Test(arguments: [
    ("ndp.bw_gb_per_s", "tpot_ms", PolicyName.tp), ("ndp.bw_gb_per_s", "decode_tokens_per_s", .tpLBPF),
    ("gpu.mem_bw_gb_per_s", "tpot_ms", .smoeSub), ("link.bw_gb_per_s", "e2e_ms", .tpLB),
  ])
  func bisectionAgreesWithAFineGrid(key: String, metric: String, policy: PolicyName) throws {
    let range = 4.0...400.0
    let bound = try Self.interiorTarget(metric, key, range, policy)
    let op = MetricSense.higherIsBetter.contains(metric) ? ">=" : "<="
    let target = "\(metric) \(op) \(bound)"
    let answer = try solver(key, target, range).solve(policy)
    #expect(answer.monotone)
    let found = try #require(answer.answer)
    #expect(found.meets && answer.beyond?.meets == false)
    let grid = Self.logGrid(range, count: 120)
    let holds = try #require(Constraint(text: target))
    let meeting = try grid.map { value in
      try Self.metric(metric, key, value, policy).map(holds.holds) ?? false
    }
    let first = try #require(meeting.firstIndex(of: true))
    try #require(first > 0)
    // The grid itself is monotone here: everything from the first meeting value on meets.
    #expect(meeting[first...].allSatisfy { $0 })
    #expect(grid[first - 1] < found.value && found.value <= grid[first] * 1.002, "\(found.value)")
  }

  /// A whole-number parameter the laws say nothing about: every value is tried, so the answer is
  /// exactly the least meeting one.
  @Test(arguments: [PolicyName.ep, .tp, .tpLBPF])
  func wholeValuesAreSearchedExactly(policy: PolicyName) throws {
    let range = 1.0...16.0
    let bound = try Self.interiorTarget("decode_tokens_per_s", "ndp.units", range, policy)
    let answer = try solver("ndp.units", "decode_tokens_per_s >= \(bound)", range).solve(policy)
    #expect(!answer.monotone && answer.exhaustive)
    var least: Double?
    for units in 1...16 {
      let value = try Self.metric("decode_tokens_per_s", "ndp.units", Double(units), policy)
      if let value, value >= bound {
        least = Double(units)
        break
      }
    }
    #expect(answer.answer?.value == least)
    #expect(answer.beyond?.value == least.map { $0 - 1 })
  }

  @Test func aTargetNoValueMeetsHasNoAnswerAndTheNearestValue() throws {
    let answer = try solver("ndp.bw_gb_per_s", "tpot_ms <= 0.001", 4...400).solve(.tp)
    #expect(answer.answer == nil)
    let closest = try #require(answer.closest)
    // More bandwidth is never slower: the nearest is at the top of the range.
    #expect(closest.value == 400)
    #expect(answer.evaluations == 2)
  }

  @Test func theMostValueIsTheOtherEndOfTheSameBoundary() throws {
    // The time per token falls as the link gets faster: the most bandwidth at which it stays
    // above a bound (tpot in link bandwidth is not one of the laws: a scan).
    let range = 4.0...400.0
    let bound = try Self.interiorTarget("tpot_ms", "link.bw_gb_per_s", range, .tp)
    let answer = try solver("link.bw_gb_per_s", "tpot_ms >= \(bound)", range, goal: .most).solve(.tp)
    let found = try #require(answer.answer)
    #expect(!answer.monotone && found.meets)
    let beyond = try #require(answer.beyond)
    #expect(beyond.value > found.value && !beyond.meets)
    #expect(beyond.value <= found.value * 1.002)
  }

  @Test func aValueThatCannotBeBuiltDoesNotMeet() throws {
    var point = try Self.point()
    point.options.tpDegree = 4
    // ndp.units must be a multiple of the tensor-parallel degree: 1-3 cannot be built.
    let solver = Solver(
      point: point, parameter: try ParameterRegistry.parameter(named: "ndp.units"),
      target: try #require(Constraint(text: "tpot_ms <= 1000")), range: 1...8, goal: .least)
    let answer = solver.solve(.tp)
    #expect(answer.answer?.value == 4)
    #expect(answer.beyond?.note != nil)
  }
}

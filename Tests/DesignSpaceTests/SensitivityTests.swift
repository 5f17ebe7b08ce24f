import NDPModel
import Simulation
import Testing

@testable import DesignSpace

/// Elasticities: their signs obey the model's laws, a linear term gives its share exactly, and
/// steps stay inside each parameter's domain.
@Suite struct SensitivityTests {
  static func point() throws -> DesignPoint { try SmallPoint.make() }

  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

  /// More bandwidth is never slower: no bandwidth elasticity of tpot or ttft is positive where
  /// the laws hold for the policy.
  @Test(arguments: [PolicyName.ep, .tp, .tpLBPF, .tpStream, .gpuOffload, .smoeSub])
  func bandwidthNeverRaisesTheTimes(policy: PolicyName) throws {
    let analysis = Sensitivity(
      point: try Self.point(), policy: policy, metrics: ["tpot_ms", "ttft_ms"],
      groups: ["gpu", "ndp", "host"])
    let entries = try analysis.compute().entries
    for key in ["ndp.bw_gb_per_s", "ndp.unit_link_gb_per_s", "host.bw_gb_per_s", "gpu.mem_bw_gb_per_s"]
    where MonotoneLaws.holds(metric: "tpot_ms", key: key, policy: policy) {
      let entry = try #require(entries.first { $0.key == key })
      for e in entry.elasticities {
        #expect((try #require(e)) <= 1e-12, "\(policy) \(key): \(entry.elasticities)")
      }
    }
  }

  /// Static power enters the energy linearly and nothing else: its elasticity is exactly its
  /// share of the energy.
  @Test func aLinearTermsElasticityIsItsShare() throws {
    let point = try Self.point()
    let analysis = Sensitivity(
      point: point, policy: .tp, metrics: ["energy_mj_per_token", "tpot_ms"], groups: ["gpu"])
    let (base, entries) = try analysis.compute()
    let entry = try #require(entries.first { $0.key == "gpu.static_w" })
    let share = point.hardware.gpu.staticPowerWatts * base.e2eSeconds / base.energy.total
    #expect(close(try #require(entry.elasticities[0]), share))
    #expect(entry.elasticities[1] == 0)
  }

  /// One unit cannot hold the experts here: the step down is infeasible, so the difference is
  /// taken between the point and the step up, and the note says so.
  @Test func aStepThatFailsLeavesAOneSidedDifference() throws {
    var point = try Self.point()
    point.hardware.ndpUnits = 2
    point.hardware.ndp.capacityBytes = 8e9
    let analysis = Sensitivity(point: point, policy: .tp, metrics: ["tpot_ms"], groups: ["ndp"])
    let entry = try #require(try analysis.compute().entries.first { $0.key == "ndp.units" })
    #expect(entry.low == 2 && entry.high == 3)
    #expect(entry.note?.hasPrefix("one-sided: infeasible at 1") == true, "\(entry.note ?? "")")
    #expect((try #require(entry.elasticities[0])) < 0)
  }

  @Test func stepsStayInTheDomain() throws {
    let analysis = Sensitivity(point: try Self.point(), policy: .tp, metrics: ["tpot_ms"])
    func steps(_ key: String, _ value: Double) throws -> (Double, Double)? {
      analysis.steps(try ParameterRegistry.parameter(named: key), value)
    }
    // Whole numbers step by at least 1; the least value is the floor.
    #expect(try steps("ndp.units", 4)! == (3, 5))
    #expect(try steps("ndp.units", 1)! == (1, 2))
    #expect(try steps("ndp.units", 40)! == (36, 44))
    // Shares stop at 1: one-sided there.
    #expect(try steps("ndp.mem_efficiency", 1)! == (0.9, 1))
    #expect(try steps("routing.request_drift", 0.3)!.0 == 0.3 * 0.9)
    let bandwidth = try #require(try steps("ndp.bw_gb_per_s", 100))
    #expect(close(bandwidth.0, 90) && close(bandwidth.1, 110))
  }

  @Test func theFirstMetricRanksTheParameters() throws {
    let analysis = Sensitivity(
      point: try Self.point(), policy: .tp, metrics: ["tpot_ms"], groups: ["ndp", "link"])
    let sizes = try analysis.compute().entries.map { abs($0.elasticities[0] ?? -1) }
    #expect(sizes == sizes.sorted(by: >))
  }
}

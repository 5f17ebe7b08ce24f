import Testing

/// `ndpscope bench` end to end: every policy on its own line beside the reference policy, and the
/// Pareto timing with its front sizes. (The times themselves are measured, never asserted.)
@Suite struct BenchCommandTests {
  @Test func eachPolicyIsTimedBesideTheReference() throws {
    let run = try CLI.run([
      "bench", "--model", "olmoe-1b-7b", "--prompt", "4", "--output", "2", "--points", "2",
      "--policy", "tp,tp-lb-pf,smoe",
    ])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.contains { $0.contains("2 points x 3 policies") })
    for policy in ["tp ", "tp-lb-pf ", "smoe "] {
      #expect(
        lines.contains {
          $0.hasPrefix("  \(policy)") && $0.contains("ms per point") && $0.contains("x tp-lb-pf")
        })
    }
    #expect(lines.contains { $0.hasPrefix("  tp-lb-pf ") && $0.contains(" 1.00x tp-lb-pf") })
    // smoe decides its cache contents once for the workload; tp and tp-lb-pf decide nothing.
    #expect(lines.contains { $0.hasPrefix("  smoe ") && $0.contains("ms deciding once") })
    #expect(!lines.contains { $0.hasPrefix("  tp ") && $0.contains("deciding") })
    #expect(lines.first?.contains("decisions made once per workload and knobs in") == true)
  }

  @Test func paretoTimingReportsRanksAndFrontSizes() throws {
    let run = try CLI.run(["bench", "--pareto", "500", "--objectives", "3"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("pareto: 500 points x 3 objectives, ranks 1-3 in "))
    #expect(run.stdout.contains("median of 5") && run.stdout.contains("front sizes"))
  }
}

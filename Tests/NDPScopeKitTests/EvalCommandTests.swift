import DesignSpace
import Foundation
import Testing

/// End-to-end runs of `ndpscope eval` and `ndpscope presets`.
@Suite struct EvalCommandTests {
  /// Small enough to be quick in a debug build, large enough to exercise every phase.
  static let small = ["--model", "olmoe-1b-7b", "--prompt", "16", "--output", "8", "--ndp-units", "4"]
  static let policies = [
    "gpu-offload", "ep", "monde", "tp", "tp-lb", "tp-lb-pf", "tp-lb-pf-sub", "tp-lb-pp", "duplex",
    "ctx-place", "tp-stream", "offload-pp", "smoe-evict", "smoe-sub", "smoe-pf", "smoe", "oracle",
  ]
  static let resultKeys = [
    "policy", "feasible", "infeasible_reason", "ttft_ms", "tpot_ms", "e2e_ms", "tokens_per_s",
    "decode_tokens_per_s", "energy_mj_per_token", "power_w", "peak_power_w", "gpu_expert_util", "link_util",
    "ndp_imbalance", "prefetch_hit_rate",
    "link_bytes_per_token", "speedup", "cache_hit_rate", "substitution_rate", "substituted_score_mass",
    "reduced_precision_score_mass", "breakdown", "energy_breakdown",
  ]
  static let breakdownKeys = [
    "attention", "router", "dispatch", "experts_gpu", "experts_ndp", "experts_host", "weight_fetch",
    "reduce", "other",
  ]
  static let energyKeys = [
    "gpu_dram", "gpu_compute", "ndp_dram", "ndp_compute", "host_dram", "host_compute", "link",
    "unit_link", "static",
  ]

  @Test func tableShowsEveryPolicyAndWhereTheTimeWent() throws {
    let run = try CLI.run(["eval"] + Self.small + ["--policy", "all"])
    #expect(run.status == 0, "\(run.stderr)")
    for policy in Self.policies { #expect(run.stdout.contains("\n" + policy + " ")) }
    #expect(run.stdout.contains("where the time went"))
    #expect(run.stdout.contains("speedup is over monde"))
  }

  @Test func theTableNamesWhatChangesTheModelsWork() throws {
    let budget = ["--set", "policy.gpu_expert_budget_gb=0.5", "--set", "policy.ndp_avg_bits=3"]
    let run = try CLI.run(["eval"] + Self.small + budget + ["--policy", "tp-lb,tp-lb-pf-sub,ctx-place"])
    #expect(run.status == 0)
    let risks = run.stdout.split(separator: "\n").filter { $0.hasPrefix("accuracy risk: ") }
    #expect(risks.count == 2, "\(risks)")
    #expect(
      risks.contains {
        $0.hasPrefix("accuracy risk: tp-lb-pf-sub substitutes ") && $0.contains("gate-score mass")
      })
    #expect(
      risks.contains {
        $0.hasPrefix("accuracy risk: ctx-place computes ") && $0.hasSuffix("below the model's precision")
      })
    let exact = try CLI.run(["eval"] + Self.small + ["--policy", "tp-lb,ctx-place"])
    #expect(!exact.stdout.contains("accuracy risk"))
  }

  @Test func jsonHasExactlyTheDocumentedKeysInOrder() throws {
    let run = try CLI.run(["eval"] + Self.small + ["--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let results = try #require(object["results"] as? [[String: Any]])
    #expect(results.map { $0["policy"] as? String } == Self.policies)
    for result in results {
      #expect(Set(result.keys) == Set(Self.resultKeys))
      let breakdown = try #require(result["breakdown"] as? [String: Any])
      #expect(Set(breakdown.keys) == Set(Self.breakdownKeys))
      let energy = try #require(result["energy_breakdown"] as? [String: Double])
      #expect(Set(energy.keys) == Set(Self.energyKeys))
      let total = try #require(result["energy_mj_per_token"] as? Double)
      #expect(abs(energy.values.reduce(0, +) - total) <= 1e-9 * total)
      #expect(result["feasible"] as? Bool == true)
      #expect(result["infeasible_reason"] is NSNull)
    }
    // Key order in the text follows the documentation.
    let firstResult = run.stdout.components(separatedBy: "\"results\"")[1]
    var cursor = firstResult.startIndex
    for key in Self.resultKeys {
      let range = try #require(firstResult.range(of: "\"\(key)\"", range: cursor..<firstResult.endIndex))
      cursor = range.upperBound
    }
    let monde = try #require(results.first { $0["policy"] as? String == "monde" })
    #expect(monde["speedup"] as? Double == 1)
  }

  /// The same columns as a sweep's results.csv, so one reader takes both.
  @Test func csvHasTheColumnsOfResultsCSVAndOneRowPerPolicy() throws {
    let run = try CLI.run(["eval"] + Self.small + ["--format", "csv", "--policy", "tp,tp-lb-pf"])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    let header = lines[0].split(separator: ",").map(String.init)
    #expect(header == ResultsTable.header)
    let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let column = { (name: String) in row[header.firstIndex(of: name)!] }
    #expect(column("model") == "olmoe-1b-7b" && column("ndp.units") == "4" && column("policy") == "tp")
    #expect(column("feasible") == "true" && column("meets_constraints") == "true")
    #expect(Double(column("decode_tokens_per_s"))! > Double(column("tokens_per_s"))!)
    #expect(
      lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == header.count })
  }

  @Test func infeasiblePoliciesAreReportedNotCrashed() throws {
    let run = try CLI.run([
      "eval", "--model", "mixtral-8x7b", "--ndp-units", "2", "--prompt", "8", "--output", "2",
      "--format", "json", "--policy", "ep,oracle",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let results = try #require(object["results"] as? [[String: Any]])
    #expect(results[0]["feasible"] as? Bool == false)
    #expect((results[0]["infeasible_reason"] as? String)?.hasPrefix("NDP memory") == true)
    #expect(results[0]["e2e_ms"] is NSNull)
    #expect(results[1]["feasible"] as? Bool == true)
  }

  @Test func jsonMatchesTheGoldenFile() throws {
    let run = try CLI.run(["eval"] + Self.small + ["--format", "json"])
    #expect(run.status == 0)
    let golden = CLI.goldenDirectory.appendingPathComponent("eval-olmoe-small.json")
    if ProcessInfo.processInfo.environment["NDPSCOPE_UPDATE_GOLDEN"] == "1" {
      try run.stdout.write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(run.stdout == expected, "regenerate with NDPSCOPE_UPDATE_GOLDEN=1 swift test --disable-xctest")
  }

  @Test func presetsListEveryKindInAllThreeFormats() throws {
    let table = try CLI.run(["presets"])
    #expect(table.status == 0)
    for name in ["qwen3-30b-a3b", "rtx5080", "ndp-dimm", "pcie5-x16", "ddr5-host"] {
      #expect(table.stdout.contains(name))
    }
    #expect(
      table.stdout.contains("spec") && table.stdout.contains("paper") && table.stdout.contains("assumed"))
    let json = try CLI.run(["presets", "--format", "json", "--kind", "gpu"])
    let items = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(items.allSatisfy { $0["kind"] as? String == "gpu" })
    #expect(items.count == 6)
    let csv = try CLI.run(["presets", "--format", "csv"])
    #expect(csv.stdout.hasPrefix("kind,name,key,value,unit,provenance,source,plausible,origin\n"))
    #expect(csv.stdout.contains("gpu,rtx5080,gpu.mem_bw_gb_per_s,960,GB/s,spec,"))
  }

  @Test func helpDescribesTheCommand() throws {
    let run = try CLI.run(["eval", "--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("--tp-degree") && run.stdout.contains("--baseline"))
  }
}

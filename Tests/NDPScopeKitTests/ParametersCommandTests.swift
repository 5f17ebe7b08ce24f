import Foundation
import NDPModel
import Testing

/// `ndpscope parameters` in each format: every key, its value at the described point, its source
/// and what it may take.
@Suite struct ParametersCommandTests {
  @Test func everyKeyIsListedWithItsValueSourceAndValidValues() throws {
    let run = try CLI.run(["parameters"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    for parameter in ParameterRegistry.all {
      #expect(lines.contains { $0.hasPrefix(parameter.key + " ") }, "\(parameter.key)")
    }
    let bandwidth = try #require(lines.first { $0.hasPrefix("gpu.mem_bw_gb_per_s ") })
    #expect(bandwidth.contains(" 960 ") && bandwidth.contains(" spec ") && bandwidth.contains(" > 0 "))
    #expect(lines.contains { $0.hasPrefix("policy.alpha ") && $0.contains("[0, 1]") })
  }

  @Test func theValuesAreThoseOfThePointTheOptionsDescribe() throws {
    let csv = try CLI.run([
      "parameters", "--gpu", "jetson-agx-orin", "--set", "ndp.bw_gb_per_s=200", "--format", "csv",
    ])
    #expect(csv.status == 0)
    let lines = csv.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0] == "key,unit,value,source,valid,meaning")
    #expect(lines.contains { $0.hasPrefix("gpu.mem_bw_gb_per_s,GB/s,204.8,spec,") })
    #expect(lines.contains { $0.hasPrefix("ndp.bw_gb_per_s,GB/s,200,user,") })
    let json = try CLI.run(["parameters", "--format", "json"])
    let items = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(items.count == ParameterRegistry.all.count)
    let units = try #require(items.first { $0["key"] as? String == "ndp.units" })
    #expect(units["valid"] as? String == "whole, >= 1" && units["value"] as? Int == 4)
  }
}

import DesignSpace
import NDPModel
import Simulation

/// Names a row's design in words, from the axes that vary and what its policy uses:
/// "jetson-agx-thor, 4 x cxl-pim, bw_gb_per_s 200, pcie5-x16, tp-lb-pf". Scenario axes are left
/// out (the page says which scenario) unless asked for; a policy that uses no NDP units is not
/// named with them.
public struct DesignLabel {
  let data: SweepData

  public init(_ data: SweepData) { self.data = data }

  /// The value of every axis at `point`, by key.
  func settings(_ point: Int) -> [(key: String, value: SettingValue)] { data.expansion.settings(point) }

  public func name(_ row: ReportRow, withScenario: Bool = false) -> String {
    let space = data.space
    let settings = settings(row.point)
    func value(_ key: String) -> SettingValue? { settings.last { $0.key == key }?.value }
    let swept = Set(space.axes.filter { $0.values.count > 1 }.map(\.key))
    var parts: [String] = []
    for axis in space.axes where swept.contains(axis.key) {
      if space.scenarioKeys.contains(axis.key) && !withScenario { continue }
      let key = axis.key
      if key == "ndp.units" || key == "ndp" || key == "ndp.bw_gb_per_s" {
        // One part for the NDP side, where the first of its axes stands.
        let first = ["ndp", "ndp.units", "ndp.bw_gb_per_s"].first(where: swept.contains)
        if row.policy.usesNDP && key == first { parts.append(ndpText(value, swept: swept)) }
      } else if key.hasPrefix("ndp.") && !row.policy.usesNDP {
        continue
      } else if PresetKind(rawValue: key) != nil {
        parts.append(value(key)!.description)
      } else {
        parts.append(Self.parameterText(key, value(key)!))
      }
    }
    parts.append(row.policy.rawValue)
    return parts.joined(separator: ", ")
  }

  /// "8 x ndp-dimm at 400 GB/s": what of the NDP side varies, in one phrase.
  func ndpText(_ value: (String) -> SettingValue?, swept: Set<String>) -> String {
    let name = value("ndp")?.description ?? PresetSelection()[.ndp]
    var text = swept.contains("ndp.units") ? "\(value("ndp.units")!) x \(name)" : name
    if swept.contains("ndp.bw_gb_per_s"), let bandwidth = value("ndp.bw_gb_per_s") {
      text += " at \(NumberFormat.setting(bandwidth)) GB/s"
    }
    return text
  }

  /// "alpha 0.3", "GPU expert budget 6 GB": a swept parameter's value in words.
  static func parameterText(_ key: String, _ value: SettingValue) -> String {
    let unit = NumberFormat.unit(key)
    return "\(NumberFormat.title(key, withUnit: false)) \(NumberFormat.setting(value))"
      + (unit.isEmpty ? "" : " \(unit)")
  }

  /// A mark's tooltip: the design, its scenario, and its figures with units.
  public func tooltip(_ row: ReportRow) -> String {
    let space = data.space
    var lines = [name(row, withScenario: true), "point \(row.point)"]
    var metrics = space.objectives.map(\.metric)
    let extras = ["e2e_ms", "tokens_per_s", "speedup"] + (space.prices.isEmpty ? [] : ["cost_usd"])
    for extra in extras where !metrics.contains(extra) {
      metrics.append(extra)
    }
    metrics += row.policy.riskMetrics.filter { !metrics.contains($0) }
    for metric in metrics {
      guard let value = data.columns.value(row, metric) else { continue }
      lines.append("\(NumberFormat.title(metric, withUnit: false)): \(NumberFormat.metric(metric, value))")
    }
    return lines.joined(separator: "\n")
  }
}

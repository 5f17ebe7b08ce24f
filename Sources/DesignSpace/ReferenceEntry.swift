import Basics
import Foundation
import NDPModel
import Simulation
import Yams

/// A published or measured figure and the configuration that should reproduce it
/// (format: spaces/validation/README.md).
///
/// A plain entry is one metric of one policy at one point. With `relativeTo` it is a ratio at
/// the same point: the metric of `policy` over that of the best of those policies (for
/// `speedup`, the speedup over the best of them). With `over` it is evaluated at every value of
/// one setting and the values are aggregated (mean, max or min).
public struct ReferenceEntry: Sendable {
  public enum Aggregate: String, Sendable, CaseIterable {
    case mean, max, min
  }

  public var id: String
  public var source: String
  public var url: String
  /// `measured` (real hardware) or `simulated` (by the authors of a paper).
  public var kind: String
  public var policy: PolicyName
  public var metric: String
  public var value: Double
  public var relativeTo: [PolicyName]
  public var over: (key: String, values: [SettingValue])?
  public var aggregate: Aggregate
  public var settings: [(key: String, value: SettingValue)]
  public var file: String
  public var line: Int

  /// What the entry states, in words: "speedup of tp-lb-pf over monde (mean over ndp.units 2, 3)".
  public var statement: String {
    var text = metric
    if !relativeTo.isEmpty {
      let others = relativeTo.map(\.rawValue).joined(separator: " or ")
      text = metric == "speedup" ? "speedup over \(others)" : "\(metric) / best of \(others)"
    }
    if let over {
      text +=
        " (\(aggregate.rawValue) over \(over.key) \(over.values.map(\.description).joined(separator: ", ")))"
    }
    return text
  }
}

extension ReferenceEntry {
  static let keys = [
    "id", "source", "url", "kind", "policy", "metric", "value", "point", "relative_to", "over", "aggregate",
  ]

  /// One entry of a reference file.
  static func parse(_ node: Node, _ context: Context) throws(InputError) -> ReferenceEntry {
    let pairs = try context.mapping(node, what: "an entry")
    try context.checkKeys(pairs, allowed: keys, in: "an entry")
    func field(_ key: String) -> Node? { pairs.first { $0.key.string == key }?.value }
    func required(_ key: String) throws(InputError) -> Node {
      guard let value = field(key) else { throw context.error(node, "the entry needs '\(key)'") }
      return value
    }
    let metricNode = try required("metric")
    let metric = try context.string(metricNode, key: "metric")
    guard Validation.metrics.contains(metric) else {
      throw context.unknown(metricNode, kind: "metric", name: metric, known: Validation.metrics)
    }
    if metric == "speedup" && field("relative_to") == nil {
      throw context.error(metricNode, "'speedup' needs 'relative_to': the policy (or policies) it is over")
    }
    let kindNode = try required("kind")
    let kind = try context.string(kindNode, key: "kind")
    guard kind == "measured" || kind == "simulated" else {
      throw context.error(kindNode, "'kind' must be 'measured' or 'simulated', got '\(kind)'")
    }
    let valueNode = try required("value")
    let value = try context.number(valueNode, key: "value")
    guard value > 0 else { throw context.error(valueNode, "'value' must be greater than 0") }
    var settings: [(key: String, value: SettingValue)] = []
    for (keyNode, valueNode) in try context.mapping(try required("point"), what: "'point'") {
      let key = try context.settingKey(keyNode)
      settings.append((key, try context.setting(valueNode, key: key)))
    }
    return ReferenceEntry(
      id: try context.string(try required("id"), key: "id"),
      source: try context.string(try required("source"), key: "source"),
      url: try context.string(try required("url"), key: "url"), kind: kind,
      policy: try context.policy(try required("policy"), key: "policy"), metric: metric, value: value,
      relativeTo: try field("relative_to").map { node throws(InputError) in try context.policies(node) }
        ?? [],
      over: try field("over").map { node throws(InputError) in try over(node, settings, context) },
      aggregate: try field("aggregate").map { node throws(InputError) in try aggregate(node, context) }
        ?? .mean,
      settings: settings, file: context.file, line: node.mark?.line ?? 0)
  }

  /// `over: {KEY: [values]}`: one setting the entry is evaluated at, each value in turn.
  static func over(
    _ node: Node, _ settings: [(key: String, value: SettingValue)], _ context: Context
  ) throws(InputError) -> (key: String, values: [SettingValue]) {
    let pairs = try context.mapping(node, what: "'over'")
    guard pairs.count == 1, let (keyNode, valuesNode) = pairs.first else {
      throw context.error(node, "'over' must name one setting and its values, e.g. {ndp.units: [2, 3, 4]}")
    }
    let key = try context.settingKey(keyNode)
    if settings.contains(where: { $0.key == key }) {
      throw context.error(keyNode, "'\(key)' is both in 'point' and in 'over'; keep one")
    }
    var values: [SettingValue] = []
    for item in try context.sequence(valuesNode, key: key) {
      values.append(try context.setting(item, key: key))
    }
    guard !values.isEmpty else { throw context.error(valuesNode, "'over' needs at least one value") }
    return (key, values)
  }

  static func aggregate(_ node: Node, _ context: Context) throws(InputError) -> Aggregate {
    let text = try context.string(node, key: "aggregate")
    guard let aggregate = Aggregate(rawValue: text) else {
      throw context.unknown(node, kind: "aggregate", name: text, known: Aggregate.allCases.map(\.rawValue))
    }
    return aggregate
  }
}

import NDPModel

/// The workload combinations a space's rows fall into: one per combination of its scenario axes'
/// values (`Space.scenarioAxes`), numbered in axis order (the first axis varies slowest). Designs
/// are only compared within a scenario: a smaller model or batch is not a better design.
public struct Scenarios: Sendable {
  public let axes: [Axis]
  /// For each scenario axis, its position in `space.axes`.
  let positions: [Int]
  let expansion: SpaceExpansion

  public init(space: Space) {
    axes = space.scenarioAxes
    positions = axes.map { axis in space.axes.firstIndex { $0.key == axis.key }! }
    expansion = SpaceExpansion(space: space)
  }

  public var count: Int { axes.reduce(1) { $0 * $1.values.count } }

  /// The scenario of point `index`.
  public func index(ofPoint point: Int) -> Int {
    axes.isEmpty ? 0 : index(choices: expansion.choices(point))
  }

  /// The scenario of a point with these axis value indices (`SpaceExpansion.choices`).
  public func index(choices: [Int]) -> Int {
    var result = 0
    for (axis, position) in zip(axes, positions) { result = result * axis.values.count + choices[position] }
    return result
  }

  /// The value of each scenario axis in scenario `index`.
  public func values(_ index: Int) -> [SettingValue] {
    var remainder = index
    var result: [SettingValue] = []
    for axis in axes.reversed() {
      result.append(axis.values[remainder % axis.values.count])
      remainder /= axis.values.count
    }
    return result.reversed()
  }

  /// `model=qwen3-30b-a3b workload.batch=4`, or `all` when the space has no scenario axes (the
  /// `scenario` column of pareto.csv).
  public func key(_ index: Int) -> String {
    guard !axes.isEmpty else { return "all" }
    return zip(axes, values(index)).map { "\($0.key)=\($1)" }.joined(separator: " ")
  }

  /// A short name for pages: `qwen3-30b-a3b, batch 4`.
  public func label(_ index: Int) -> String {
    guard !axes.isEmpty else { return "all rows" }
    return zip(axes, values(index)).map { axis, value in
      if PresetKind(rawValue: axis.key) != nil { return value.description }
      let name = axis.key.split(separator: ".").last.map(String.init) ?? axis.key
      guard case .number(let number) = value else { return "\(name) \(value)" }
      return "\(name) " + Parameter.format(Double(String(format: "%.4g", number)) ?? number)
    }.joined(separator: ", ")
  }
}

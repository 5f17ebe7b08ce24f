import Basics
import Foundation
import NDPModel
import Simulation
import Yams

/// Reads space files (format: spaces/README.md). Every error names the file, line and column,
/// the key, and what was expected; unknown keys get a "did you mean".
public enum SpaceParser {
  public static let topLevelKeys = [
    "name", "description", "seed", "strategy", "samples", "policies", "baseline", "presets", "calibration",
    "trace", "fixed", "axes", "scenario", "constraints", "objectives", "prices", "heatmap",
  ]
  /// Metrics a constraint or objective may name.
  public static let metrics = PolicyResult.metricKeys + ["cost_usd", ResultsTable.costPerThroughput]
  /// What a constraint, objective or query may name: a metric or any parameter.
  public static let nameableMetrics = metrics + ParameterRegistry.all.map(\.key)
  static let presetKinds = PresetKind.allCases.map(\.rawValue)
  /// Largest number of points a space may expand to, and of values one range axis may have.
  public static let maximumPoints = 100_000_000
  public static let maximumAxisValues = 1_000_000

  public static func parse(file path: String) throws(InputError) -> (Space, text: String) {
    let text = try InputFile.text(path, what: "the space file")
    return (try parse(text, file: path), text)
  }

  /// Parses a space; `calibration:` and `presets:` files are read relative to the space file,
  /// unless their text is given (as a manifest keeps it).
  public static func parse(
    _ text: String, file: String, calibrationText: String? = nil, presetsText: String? = nil
  ) throws(InputError) -> Space {
    let plain = Context(file: file)
    let root = try compose(
      text, file: file, what: "the space file",
      expected: "expected a mapping with at least 'name' and 'axes'")
    let top = try plain.mapping(root, what: "the space")
    try plain.checkKeys(top, allowed: topLevelKeys, in: "the space")
    // The presets come first: every preset name after them may be one of theirs.
    var catalog = PresetCatalog.shipped
    var catalogText: String?
    if let node = top.first(where: { $0.key.string == "presets" })?.value {
      (catalog, catalogText) = try presets(node, spaceFile: file, text: presetsText, plain)
    }
    let context = Context(file: file, catalog: catalog)
    let sections = Sections(pairs: top, root: root, context: context)
    guard let nameNode = sections["name"] else {
      throw context.error(root, "missing 'name': give the space a name")
    }
    var space = Space(name: try context.string(nameNode, key: "name"))
    (space.catalog, space.presetsText) = (catalog, catalogText)
    try readSampling(sections, into: &space)
    try readPolicies(sections, into: &space)
    try readSettings(sections, into: &space)
    try readGoals(sections, into: &space)
    try readPrices(sections, into: &space)
    try readScenario(sections, into: &space)
    try readHeatmap(sections, into: &space)
    if let node = sections["calibration"] {
      (space.calibration, space.calibrationText) = try calibration(
        node, spaceFile: file, text: calibrationText, context)
    }
    if let node = sections["trace"] {
      // Read when the sweep starts, not here: a report or resume from the folder needs no trace.
      let path = try context.string(node, key: "trace")
      space.trace = TraceReference(path: path, resolved: Context.resolve(path, of: file))
    }
    try checkCosts(space, sections)
    try checkSize(space, file: file)
    return space
  }

  /// A cost in the constraints, objectives or heatmap needs prices: without them it is 0 for every
  /// design, and a "cheapest" design would be chosen by nothing.
  static func checkCosts(_ space: Space, _ sections: Sections) throws(InputError) {
    guard space.prices.isEmpty else { return }
    let costs = ["cost_usd", ResultsTable.costPerThroughput]
    let named =
      space.constraints.compactMap(\.metric) + space.objectives.map(\.metric)
      + [space.heatmap.metric].compactMap { $0 }
    guard let metric = named.first(where: costs.contains) else { return }
    // Point at the section that names it.
    let places = ["objectives", "constraints", "heatmap"].compactMap { sections[$0] }
    let node = places.first { names(metric, in: $0) } ?? sections.root
    throw sections.context.error(
      node, "'\(metric)' needs 'prices:' (per preset); without them every design's cost is 0")
  }

  /// Whether some scalar under `node` names `metric` (`minimize: cost_usd`, `cost_usd <= 2500`).
  static func names(_ metric: String, in node: Node) -> Bool {
    switch node {
    case .scalar(let scalar): return scalar.string.split(separator: " ").contains { $0 == metric }
    case .mapping(let mapping): return mapping.contains { names(metric, in: $0.value) }
    case .sequence(let sequence): return sequence.contains { names(metric, in: $0) }
    default: return false
    }
  }

  /// The space file's top-level keys, by name.
  struct Sections {
    let pairs: [(key: Node, value: Node)]
    let root: Node
    let context: Context

    subscript(key: String) -> Node? { pairs.first { $0.key.string == key }?.value }
  }

  /// `description`, `seed`, `strategy` and `samples`.
  static func readSampling(_ sections: Sections, into space: inout Space) throws(InputError) {
    let context = sections.context
    if let node = sections["description"] { space.description = try context.string(node, key: "description") }
    if let node = sections["seed"] { space.seed = UInt64(try context.integer(node, key: "seed", minimum: 0)) }
    if let node = sections["strategy"] {
      let text = try context.string(node, key: "strategy")
      guard let parsed = Strategy(rawValue: text) else {
        throw context.unknown(node, kind: "strategy", name: text, known: Strategy.allCases.map(\.rawValue))
      }
      space.strategy = parsed
    }
    if let node = sections["samples"] {
      guard space.strategy != .grid else {
        throw context.error(
          node,
          "'samples' applies to strategy random or latin-hypercube, not grid (which takes every combination)")
      }
      space.samples = try context.integer(node, key: "samples", minimum: 1)
      guard space.samples <= maximumPoints else {
        throw context.error(
          node, "'samples' is \(space.samples); at most \(maximumPoints) points are allowed")
      }
    } else if space.strategy != .grid {
      throw context.error(
        sections.root, "strategy '\(space.strategy.rawValue)' needs 'samples': the number of points to draw")
    }
  }

  /// `policies` and `baseline`.
  static func readPolicies(_ sections: Sections, into space: inout Space) throws(InputError) {
    if let node = sections["policies"] { space.policies = try sections.context.policies(node) }
    if let node = sections["baseline"] { space.baseline = try sections.context.policy(node, key: "baseline") }
  }

  /// `fixed` and `axes`; a key may be one or the other.
  static func readSettings(_ sections: Sections, into space: inout Space) throws(InputError) {
    let context = sections.context
    if let node = sections["fixed"] {
      for (keyNode, valueNode) in try context.mapping(node, what: "'fixed'") {
        let key = try context.settingKey(keyNode)
        space.fixed.append((key, try context.setting(valueNode, key: key)))
      }
    }
    if let node = sections["axes"] {
      for (keyNode, valueNode) in try context.mapping(node, what: "'axes'") {
        let key = try context.settingKey(keyNode)
        if space.fixed.contains(where: { $0.key == key }) {
          throw context.error(keyNode, "'\(key)' is both fixed and an axis; keep one")
        }
        space.axes.append(Axis(key: key, values: try context.axisValues(valueNode, key: key)))
      }
    }
  }

  /// `constraints` and `objectives` (the defaults stay when none are given).
  static func readGoals(_ sections: Sections, into space: inout Space) throws(InputError) {
    let context = sections.context
    if let node = sections["constraints"] {
      for item in try context.sequence(node, key: "constraints") {
        space.constraints.append(try context.constraint(item))
      }
    }
    if let node = sections["objectives"] {
      var objectives: [Objective] = []
      for item in try context.sequence(node, key: "objectives") {
        objectives.append(try context.objective(item))
      }
      if !objectives.isEmpty { space.objectives = objectives }
    }
  }

  /// `prices`: per preset kind, a price per preset.
  static func readPrices(_ sections: Sections, into space: inout Space) throws(InputError) {
    let context = sections.context
    guard let node = sections["prices"] else { return }
    for (kindNode, table) in try context.mapping(node, what: "'prices'") {
      let kindName = try context.string(kindNode, key: "prices")
      guard let kind = PresetKind(rawValue: kindName) else {
        throw context.unknown(kindNode, kind: "price kind", name: kindName, known: presetKinds)
      }
      var entries: [String: Double] = [:]
      for (presetNode, priceNode) in try context.mapping(table, what: "'prices.\(kindName)'") {
        let preset = try context.string(presetNode, key: "prices.\(kindName)")
        guard context.catalog.names(of: kind).contains(preset) else {
          throw context.unknown(
            presetNode, kind: "\(kindName) preset", name: preset, known: context.catalog.names(of: kind))
        }
        entries[preset] = try context.number(priceNode, key: "prices.\(kindName).\(preset)", minimum: 0)
      }
      space.prices[kind] = entries
    }
  }

  /// `scenario`: axis keys that describe the workload (default: the workload axes).
  static func readScenario(_ sections: Sections, into space: inout Space) throws(InputError) {
    let context = sections.context
    let axisKeys = space.axes.map(\.key)
    guard let node = sections["scenario"] else {
      space.scenarioKeys = axisKeys.filter(Space.isWorkloadKey)
      return
    }
    var keys: [String] = []
    for item in try context.sequence(node, key: "scenario") {
      let key = try context.string(item, key: "scenario")
      guard axisKeys.contains(key) else {
        throw context.error(
          item,
          "'scenario' names '\(key)', which is not an axis of this space; its axes: \(axisKeys.joined(separator: ", "))"
        )
      }
      if !keys.contains(key) { keys.append(key) }
    }
    space.scenarioKeys = keys
  }

  /// `heatmap`: `metric`, `x` and `y`, each optional; x and y name swept axes.
  static func readHeatmap(_ sections: Sections, into space: inout Space) throws(InputError) {
    let context = sections.context
    guard let node = sections["heatmap"] else { return }
    let pairs = try context.mapping(node, what: "'heatmap'")
    try context.checkKeys(pairs, allowed: ["metric", "x", "y"], in: "'heatmap'")
    let swept = space.axes.filter { $0.values.count > 1 }.map(\.key)
    for (keyNode, valueNode) in pairs {
      let key = keyNode.string ?? ""
      let value = try context.string(valueNode, key: "heatmap." + key)
      if key == "metric" {
        try context.checkMetric(valueNode, value)
        space.heatmap.metric = value
        continue
      }
      guard swept.contains(value) else {
        throw context.unknown(valueNode, kind: "swept axis for 'heatmap.\(key)'", name: value, known: swept)
      }
      if key == "x" { space.heatmap.x = value } else { space.heatmap.y = value }
    }
    if let x = space.heatmap.x, x == space.heatmap.y {
      throw context.error(node, "'heatmap' needs two different axes for x and y, got '\(x)' twice")
    }
  }

  /// A grid may not expand beyond `maximumPoints`; random sampling draws distinct configurations,
  /// so it cannot draw more than there are.
  static func checkSize(_ space: Space, file: String) throws(InputError) {
    var count = 1.0
    for axis in space.axes { count *= Double(axis.values.count) }
    if space.strategy == .random && Double(space.samples) > count {
      throw InputError(
        "\(file): 'samples' is \(space.samples) but the axes have only \(Parameter.format(count)) distinct combinations; random sampling draws each at most once (use strategy grid to take them all)"
      )
    }
    guard space.strategy == .grid else { return }
    if count > Double(maximumPoints) {
      throw InputError(
        "\(file): the grid expands to \(Parameter.format(count)) points; at most \(maximumPoints) are allowed (use strategy random or latin-hypercube)"
      )
    }
  }

  /// `calibration: FILE`, a path relative to the space file (or its text, when given).
  static func calibration(
    _ node: Node, spaceFile: String, text: String?, _ context: Context
  ) throws(InputError) -> (Calibration, String) {
    let path = try context.string(node, key: "calibration")
    if let text { return (try CalibrationFile.parse(text, file: path, catalog: context.catalog), text) }
    let resolved = try context.siblingFile(path, of: spaceFile, at: node, what: "calibration")
    // The space's key comes first, so the message leads from the file the user ran to the one to fix.
    do {
      return try CalibrationFile.parse(file: resolved, catalog: context.catalog)
    } catch {
      throw context.error(node, "the calibration file it names is not usable: \(error.description)")
    }
  }

  /// `presets: FILE` (relative to the space file; its text when given) or a list of presets in
  /// the space itself; returns the catalog and the file's text (nil for a list).
  static func presets(
    _ node: Node, spaceFile: String, text: String?, _ context: Context
  ) throws(InputError) -> (PresetCatalog, String?) {
    if case .sequence = node { return (try PresetsFile.catalog(list: node, context), nil) }
    let path = try context.string(node, key: "presets")
    if let text { return (try PresetsFile.parse(text, file: path), text) }
    let resolved = try context.siblingFile(path, of: spaceFile, at: node, what: "presets")
    do {
      let (catalog, text) = try PresetsFile.parse(file: resolved)
      return (catalog, text)
    } catch {
      throw context.error(node, "the presets file it names is not usable: \(error.description)")
    }
  }

  /// The YAML document of `text`, or one sentence naming the file and what is wrong with it.
  static func compose(
    _ text: String, file: String, what: String, expected: String = "expected a mapping"
  ) throws(InputError) -> Node {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw InputError("\(file): \(what) is empty; \(expected)")
      }
      return node
    } catch let error as InputError {
      throw error
    } catch let error as YamlError {
      throw InputError("\(file): \(describe(error))")
    } catch {
      throw InputError("\(file): not valid YAML")
    }
  }

  static func describe(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return "\(mark.line):\(mark.column): not valid YAML: \(problem)"
    case .duplicatedKeysInMapping(let duplicates, let context):
      return
        "\(context.mark.line):\(context.mark.column): duplicate key \(duplicates.joined(separator: ", "))"
    default:
      return "not valid YAML: \(error)"
    }
  }
}

/// Parsing helpers that know the file name, so every error carries file:line:column.
struct Context {
  let file: String
  /// The presets names may come from.
  var catalog = PresetCatalog.shipped

  func position(_ node: Node) -> String {
    guard let mark = node.mark else { return file }
    return "\(file):\(mark.line):\(mark.column)"
  }

  func error(_ node: Node, _ message: String) -> InputError {
    InputError("\(position(node)): \(message)")
  }

  /// `path` resolved relative to the space file, which must be a regular file (not a folder or a
  /// device, which would be read forever).
  /// The value of `key` in a mapping's `pairs`, which `owner` ("a calibrated value") needs.
  func required(
    _ key: String, in pairs: [(key: Node, value: Node)], at node: Node, by owner: String
  )
    throws(InputError) -> Node
  {
    guard let value = pairs.first(where: { $0.key.string == key })?.value else {
      throw error(node, "\(owner) needs '\(key)'")
    }
    return value
  }

  /// `path` as the space file names it: relative to the space file's folder, or absolute.
  static func resolve(_ path: String, of spaceFile: String) -> String {
    path.hasPrefix("/")
      ? path : URL(fileURLWithPath: spaceFile).deletingLastPathComponent().appendingPathComponent(path).path
  }

  func siblingFile(
    _ path: String, of spaceFile: String, at node: Node, what: String
  ) throws(InputError) -> String {
    let resolved = Self.resolve(path, of: spaceFile)
    switch InputFile.kind(resolved) {
    case .missing:
      throw error(node, "\(what) file \(path) not found (paths are relative to the space file)")
    case .other:
      throw error(node, "\(what) \(path) is not a regular file; name a \(what) file (YAML)")
    case .regular: return resolved
    }
  }

  func unknown(_ node: Node, kind: String, name: String, known: [String]) -> InputError {
    InputError(
      "\(position(node)): \(InputError.unknownName(kind: kind, name: name, known: known).description)")
  }

  func mapping(_ node: Node, what: String) throws(InputError) -> [(key: Node, value: Node)] {
    guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping of keys to values") }
    return mapping.map { ($0.key, $0.value) }
  }

  func sequence(_ node: Node, key: String) throws(InputError) -> [Node] {
    guard let sequence = node.sequence else { throw error(node, "'\(key)' must be a list") }
    return Array(sequence)
  }

  func checkKeys(_ pairs: [(key: Node, value: Node)], allowed: [String], in what: String) throws(InputError) {
    for (keyNode, _) in pairs {
      let key = keyNode.string ?? ""
      if !allowed.contains(key) {
        throw unknown(keyNode, kind: "key in \(what)", name: key, known: allowed)
      }
    }
  }

  func string(_ node: Node, key: String) throws(InputError) -> String {
    guard let scalar = node.scalar else { throw error(node, "'\(key)' must be a single value") }
    return scalar.string
  }

  func number(_ node: Node, key: String, minimum: Double? = nil) throws(InputError) -> Double {
    guard let scalar = node.scalar, let value = Double(scalar.string), value.isFinite else {
      throw error(node, "'\(key)' must be a number")
    }
    if let minimum, value < minimum {
      throw error(node, "'\(key)' must be at least \(Parameter.format(minimum)), got \(scalar.string)")
    }
    return value
  }

  func integer(_ node: Node, key: String, minimum: Int) throws(InputError) -> Int {
    guard let scalar = node.scalar, let value = Int(scalar.string), value >= minimum else {
      throw error(node, "'\(key)' must be a whole number of at least \(minimum)")
    }
    return value
  }

  /// A preset kind or a parameter key.
  func settingKey(_ node: Node) throws(InputError) -> String {
    let key = try string(node, key: "key")
    if SpaceParser.presetKinds.contains(key) { return key }
    guard (try? ParameterRegistry.parameter(named: key)) != nil else {
      throw unknown(
        node, kind: "setting", name: key,
        known: SpaceParser.presetKinds + ParameterRegistry.all.map(\.key))
    }
    return key
  }

  func setting(_ node: Node, key: String) throws(InputError) -> SettingValue {
    if let kind = PresetKind(rawValue: key) {
      let name = try string(node, key: key)
      guard catalog.names(of: kind).contains(name) else {
        throw unknown(node, kind: "\(key) preset", name: name, known: catalog.names(of: kind))
      }
      return .preset(name)
    }
    let parameter = try! ParameterRegistry.parameter(named: key)
    let value = try number(node, key: key)
    do {
      try parameter.validate(value)
    } catch let failure {
      throw error(node, failure.description)
    }
    return .number(value)
  }

  func axisValues(_ node: Node, key: String) throws(InputError) -> [SettingValue] {
    if let items = node.sequence {
      var values: [SettingValue] = []
      for item in items {
        let value = try setting(item, key: key)
        if values.contains(value) {
          throw error(item, "axis '\(key)' lists \(value) twice; list each value once")
        }
        values.append(value)
      }
      if values.isEmpty { throw error(node, "axis '\(key)' needs at least one value") }
      return values
    }
    if let pairs = node.mapping {
      guard PresetKind(rawValue: key) == nil else {
        throw error(node, "axis '\(key)' takes a list of preset names")
      }
      return try range(node, pairs: pairs.map { ($0.key, $0.value) }, key: key).map(SettingValue.number)
    }
    return [try setting(node, key: key)]
  }

  /// A range axis: `{from, to, step}` or `{from, to, log_points}`; its size is checked before any
  /// value is made.
  func range(
    _ node: Node, pairs entries: [(key: Node, value: Node)], key: String
  ) throws(InputError) -> [Double] {
    try checkKeys(entries, allowed: ["from", "to", "step", "log_points"], in: "axis '\(key)'")
    func field(_ name: String) -> Node? { entries.first { $0.key.string == name }?.value }
    guard let fromNode = field("from"), let toNode = field("to") else {
      throw error(node, "axis '\(key)' range needs 'from' and 'to', and 'step' or 'log_points'")
    }
    let from = try number(fromNode, key: "\(key).from")
    let to = try number(toNode, key: "\(key).to")
    guard to >= from else { throw error(toNode, "'\(key).to' must be at least 'from'") }
    let limit = SpaceParser.maximumAxisValues
    var values: [Double]
    switch (field("step"), field("log_points")) {
    case (let stepNode?, nil):
      let step = try number(stepNode, key: "\(key).step")
      guard step > 0 else { throw error(stepNode, "'\(key).step' must be greater than 0") }
      let count = ((to - from) / step * (1 + 1e-12)).rounded(.down) + 1
      guard count <= Double(limit) else {
        throw error(
          stepNode, "'\(key)' range has \(Parameter.format(count)) values; at most \(limit) are allowed")
      }
      values = (0..<Int(count)).map { from + Double($0) * step }
    case (nil, let pointsNode?):
      let points = try integer(pointsNode, key: "\(key).log_points", minimum: 1)
      guard points <= limit else {
        throw error(pointsNode, "'\(key).log_points' is \(points); at most \(limit) values are allowed")
      }
      guard from > 0 else { throw error(fromNode, "'\(key).from' must be greater than 0 for a log range") }
      values =
        points == 1
        ? [from] : (0..<points).map { from * Foundation.pow(to / from, Double($0) / Double(points - 1)) }
    case (_?, _?):
      throw error(node, "axis '\(key)' range has both 'step' and 'log_points'; give one")
    case (nil, nil):
      throw error(node, "axis '\(key)' range needs 'step' (linear) or 'log_points' (logarithmic)")
    }
    let parameter = try! ParameterRegistry.parameter(named: key)
    if case .integer = parameter.domain {
      // Whole-number parameters: round, and keep each value once.
      var seen = Set<Double>()
      values = values.map { $0.rounded() }.filter { seen.insert($0).inserted }
    }
    for value in values {
      do {
        try parameter.validate(value)
      } catch let failure {
        throw error(node, failure.description)
      }
    }
    return values
  }

  func policy(_ node: Node, key: String) throws(InputError) -> PolicyName {
    let name = try string(node, key: key)
    guard let policy = PolicyName(rawValue: name) else {
      throw unknown(node, kind: "policy", name: name, known: PolicyName.allCases.map(\.rawValue))
    }
    return policy
  }

  func policies(_ node: Node) throws(InputError) -> [PolicyName] {
    if let scalar = node.scalar {
      do {
        return try PolicyName.parseList(scalar.string)
      } catch let failure {
        throw error(node, failure.description)
      }
    }
    var result: [PolicyName] = []
    for item in try sequence(node, key: "policies") {
      let name = try string(item, key: "policies")
      guard let policy = PolicyName(rawValue: name) else {
        throw unknown(item, kind: "policy", name: name, known: PolicyName.allCases.map(\.rawValue))
      }
      if !result.contains(policy) { result.append(policy) }
    }
    if result.isEmpty { throw error(node, "'policies' needs at least one policy") }
    return result
  }

  func constraint(_ node: Node) throws(InputError) -> Constraint {
    let text = try string(node, key: "constraints")
    guard let constraint = Constraint(text: text) else {
      throw error(node, "a constraint is \(Constraint.syntax), got '\(text)'")
    }
    if let metric = constraint.metric { try checkMetric(node, metric) }
    return constraint
  }

  func objective(_ node: Node) throws(InputError) -> Objective {
    let pairs = try mapping(node, what: "an objective")
    guard pairs.count == 1, let direction = pairs[0].key.string,
      direction == "minimize" || direction == "maximize"
    else {
      throw error(node, "an objective is 'minimize: METRIC' or 'maximize: METRIC'")
    }
    let metric = try string(pairs[0].value, key: direction)
    try checkMetric(pairs[0].value, metric)
    return Objective(metric: metric, maximize: direction == "maximize")
  }

  func checkMetric(_ node: Node, _ metric: String) throws(InputError) {
    let known = SpaceParser.nameableMetrics
    if !known.contains(metric) { throw unknown(node, kind: "metric", name: metric, known: known) }
  }
}

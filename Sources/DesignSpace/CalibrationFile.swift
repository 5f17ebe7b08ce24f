import Basics
import Foundation
import NDPModel
import Yams

/// Reads calibration files (`Calibration`); errors name the file, line and column and the key.
public enum CalibrationFile {
  static let topKeys = ["calibration", "values"]
  static let headerKeys = ["fitted_to", "reference_files", "rms_log_error"]
  static let valueKeys = ["key", "value", "presets", "plausible"]

  /// `catalog`: the presets its values may name (a space's own presets too).
  public static func parse(
    file path: String, catalog: PresetCatalog = .shipped
  ) throws(InputError)
    -> (Calibration, text: String)
  {
    let text = try InputFile.text(path, what: "the calibration file")
    return (try parse(text, file: path, catalog: catalog), text)
  }

  public static func parse(
    _ text: String, file: String, catalog: PresetCatalog = .shipped
  ) throws(InputError)
    -> Calibration
  {
    let context = Context(file: file, catalog: catalog)
    let root = try SpaceParser.compose(text, file: file, what: "the calibration file")
    let top = try context.mapping(root, what: "the calibration file")
    try context.checkKeys(top, allowed: topKeys, in: "the calibration file")
    func field(_ pairs: [(key: Node, value: Node)], _ key: String, in node: Node) throws(InputError) -> Node {
      guard let value = pairs.first(where: { $0.key.string == key })?.value else {
        throw context.error(node, "missing '\(key)'")
      }
      return value
    }
    let headerNode = try field(top, "calibration", in: root)
    let header = try context.mapping(headerNode, what: "'calibration'")
    try context.checkKeys(header, allowed: headerKeys, in: "'calibration'")
    let errorNode = try field(header, "rms_log_error", in: headerNode)
    let errors = try context.mapping(errorNode, what: "'rms_log_error'")
    var calibration = Calibration(
      values: [], fittedTo: try strings(field(header, "fitted_to", in: headerNode), "fitted_to", context),
      referenceFiles: try strings(
        field(header, "reference_files", in: headerNode), "reference_files", context),
      rmsLogErrorBefore: try context.number(
        field(errors, "before", in: errorNode), key: "before", minimum: 0),
      rmsLogErrorAfter: try context.number(field(errors, "after", in: errorNode), key: "after", minimum: 0),
      file: file)
    for node in try context.sequence(try field(top, "values", in: root), key: "values") {
      calibration.values.append(try value(node, context))
    }
    return calibration
  }

  static func strings(_ node: Node, _ key: String, _ context: Context) throws(InputError) -> [String] {
    var items: [String] = []
    for item in try context.sequence(node, key: key) { items.append(try context.string(item, key: key)) }
    return items
  }

  /// One fitted value: a parameter key of a preset kind, presets of that kind, a range holding it.
  static func value(_ node: Node, _ context: Context) throws(InputError) -> Calibration.Value {
    let pairs = try context.mapping(node, what: "a calibrated value")
    try context.checkKeys(pairs, allowed: valueKeys, in: "a calibrated value")
    func field(_ key: String) throws(InputError) -> Node {
      try context.required(key, in: pairs, at: node, by: "a calibrated value")
    }
    let keyNode = try field("key")
    let key = try context.settingKey(keyNode)
    guard let kind = ParameterRegistry.presetKind(of: key) else {
      throw context.error(keyNode, "'\(key)' belongs to no preset; only preset values are calibrated")
    }
    let value = try context.setting(try field("value"), key: key)
    let presetsNode = try field("presets")
    let presets = try strings(presetsNode, "presets", context)
    for name in presets where !context.catalog.names(of: kind).contains(name) {
      throw context.unknown(
        presetsNode, kind: "\(kind.rawValue) preset", name: name, known: context.catalog.names(of: kind))
    }
    let rangeNode = try field("plausible")
    let bounds = try context.sequence(rangeNode, key: "plausible")
    guard bounds.count == 2 else { throw context.error(rangeNode, "'plausible' must be [low, high]") }
    let low = try context.number(bounds[0], key: "plausible")
    let high = try context.number(bounds[1], key: "plausible")
    guard low <= high, case .number(let number) = value, (low...high).contains(number) else {
      throw context.error(rangeNode, "'plausible' must be [low, high] with the value inside it")
    }
    return Calibration.Value(key: key, value: number, presets: presets, plausible: low...high)
  }
}

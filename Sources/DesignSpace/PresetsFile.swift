import Basics
import Foundation
import NDPModel
import Yams

/// A presets file: the user's own GPUs, NDP units, links, hosts and models (format:
/// spaces/README.md, "Presets files"), each whole or as `base: PRESET` plus the values that
/// differ, every value with its provenance and citation. Errors name the file, line and column.
public enum PresetsFile {
  static let itemKeys = ["name", "kind", "base", "summary", "values"]
  static let valueKeys = ["value", "unit", "provenance", "citation"]
  /// What a user may say a value came from (calibrated and user values come from elsewhere).
  static let provenances: [Provenance] = [.spec, .paper, .measured, .assumed]

  /// The keys a preset of `kind` sets: those the shipped presets of that kind set.
  static func keys(of kind: PresetKind) -> [String] {
    var keys: [String] = []
    for preset in Presets.all where preset.kind == kind {
      for value in preset.values where !keys.contains(value.key) { keys.append(value.key) }
    }
    return keys
  }

  public static func parse(file path: String) throws(InputError) -> (PresetCatalog, text: String) {
    let text = try InputFile.text(path, what: "the presets file")
    return (try parse(text, file: path), text)
  }

  /// The shipped presets and the file's, in its order.
  public static func parse(_ text: String, file: String) throws(InputError) -> PresetCatalog {
    let context = Context(file: file)
    let root = try SpaceParser.compose(
      text, file: file, what: "the presets file", expected: "expected a mapping with 'presets'")
    let top = try context.mapping(root, what: "the presets file")
    try context.checkKeys(top, allowed: ["presets"], in: "the presets file")
    guard let list = top.first(where: { $0.key.string == "presets" })?.value else {
      throw context.error(root, "missing 'presets': a list of presets, each with 'name', 'kind' and 'values'")
    }
    return try catalog(list: list, context)
  }

  /// The shipped presets and those of `list` (a file's `presets:`, or a space's), each of which
  /// may build on one before it.
  static func catalog(list: Node, _ context: Context) throws(InputError) -> PresetCatalog {
    var added: [Preset] = []
    for item in try context.sequence(list, key: "presets") {
      added.append(try preset(item, defined: PresetCatalog(adding: added), context))
    }
    return PresetCatalog(adding: added)
  }

  /// One preset; `defined` holds the shipped ones and those before it in the file.
  static func preset(_ node: Node, defined: PresetCatalog, _ context: Context) throws(InputError) -> Preset {
    let pairs = try context.mapping(node, what: "a preset")
    try context.checkKeys(pairs, allowed: itemKeys, in: "a preset")
    func field(_ key: String) -> Node? { pairs.first { $0.key.string == key }?.value }
    guard let nameNode = field("name"), let kindNode = field("kind") else {
      throw context.error(node, "a preset needs 'name' and 'kind' (model, gpu, ndp, link or host)")
    }
    let name = try context.string(nameNode, key: "name")
    let kindName = try context.string(kindNode, key: "kind")
    guard let kind = PresetKind(rawValue: kindName) else {
      throw context.unknown(kindNode, kind: "preset kind", name: kindName, known: SpaceParser.presetKinds)
    }
    guard !defined.names(of: kind).contains(name) else {
      throw context.error(
        nameNode, "a \(kindName) preset named '\(name)' already exists; choose another name")
    }
    var base: Preset?
    if let baseNode = field("base") {
      let baseName = try context.string(baseNode, key: "base")
      guard let found = try? defined.named(baseName, kind: kind) else {
        throw context.unknown(
          baseNode, kind: "\(kindName) preset", name: baseName, known: defined.names(of: kind))
      }
      base = found
    }
    var given: [PresetValue] = []
    if let valuesNode = field("values") { given = try Self.values(valuesNode, kind: kind, context) }
    let merged = try Self.merged(given, base: base, kind: kind, at: node, context)
    var summary = base.map { "\($0.summary), changed" } ?? name
    if let summaryNode = field("summary") { summary = try context.string(summaryNode, key: "summary") }
    return Preset(name: name, kind: kind, summary: summary, values: merged)
  }

  /// The base's values with the given ones replacing theirs; without a base every key must be given.
  static func merged(
    _ given: [PresetValue], base: Preset?, kind: PresetKind, at node: Node, _ context: Context
  ) throws(InputError) -> [PresetValue] {
    guard let base else {
      let missing = keys(of: kind).filter { key in !given.contains { $0.key == key } }
      guard missing.isEmpty else {
        throw context.error(
          node,
          "a \(kind.rawValue) preset without 'base' must give every value; missing: \(missing.joined(separator: ", "))"
        )
      }
      return given
    }
    return base.values.map { old in given.first { $0.key == old.key } ?? old }
      + given.filter { new in !base.values.contains { $0.key == new.key } }
  }

  /// `values`: KEY: {value, unit, provenance, citation} for keys of this kind.
  static func values(_ node: Node, kind: PresetKind, _ context: Context) throws(InputError) -> [PresetValue] {
    let allowed = keys(of: kind)
    var result: [PresetValue] = []
    for (keyNode, entry) in try context.mapping(node, what: "'values'") {
      let key = try context.string(keyNode, key: "values")
      guard allowed.contains(key) else {
        throw context.unknown(keyNode, kind: "\(kind.rawValue) parameter", name: key, known: allowed)
      }
      result.append(try value(entry, key: key, context))
    }
    return result
  }

  static func value(_ node: Node, key: String, _ context: Context) throws(InputError) -> PresetValue {
    let parameter = try! ParameterRegistry.parameter(named: key)
    let unitText = parameter.unit.isEmpty ? "" : "unit: \(parameter.unit), "
    guard case .mapping = node else {
      throw context.error(
        node,
        "'\(key)' needs its value with a source: {value: NUMBER, \(unitText)provenance: spec|paper|measured|assumed, citation: TEXT}"
      )
    }
    let pairs = try context.mapping(node, what: "'\(key)'")
    try context.checkKeys(pairs, allowed: valueKeys, in: "'\(key)'")
    func field(_ name: String) throws(InputError) -> Node {
      try context.required(name, in: pairs, at: node, by: "'\(key)'")
    }
    let valueNode = try field("value")
    let number = try context.number(valueNode, key: key)
    do {
      try parameter.validate(number)
    } catch {
      throw context.error(valueNode, error.description)
    }
    if let unitNode = pairs.first(where: { $0.key.string == "unit" })?.value {
      let unit = try context.string(unitNode, key: "\(key).unit")
      guard unit == parameter.unit else {
        throw context.error(
          unitNode,
          "'\(key)' is in \(parameter.unit.isEmpty ? "no unit (a count or share)" : parameter.unit), not \(unit)"
        )
      }
    }
    return PresetValue(key, number, try source(field("provenance"), field("citation"), key: key, context))
  }

  static func source(
    _ provenanceNode: Node, _ citationNode: Node, key: String, _ context: Context
  ) throws(InputError)
    -> Source
  {
    let text = try context.string(provenanceNode, key: "\(key).provenance")
    guard let provenance = Provenance(rawValue: text), provenances.contains(provenance) else {
      throw context.unknown(
        provenanceNode, kind: "provenance", name: text, known: provenances.map(\.rawValue))
    }
    let citation = try context.string(citationNode, key: "\(key).citation")
    guard !citation.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw context.error(citationNode, "'\(key)' needs a citation: where the number comes from")
    }
    return Source(provenance, citation)
  }
}

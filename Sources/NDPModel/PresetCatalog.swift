import Basics

/// The presets a command may name: the shipped ones (`Presets`) and those a presets file adds
/// (`--presets`, a space's `presets:`). A user preset may not reuse a shipped name.
public struct PresetCatalog: Sendable {
  public let presets: [Preset]
  /// The names the user's presets file added, by kind (marked as theirs in listings).
  public let userNames: Set<String>

  public static let shipped = PresetCatalog(presets: Presets.all, userNames: [])

  public init(presets: [Preset], userNames: Set<String>) {
    self.presets = presets
    self.userNames = userNames
  }

  /// The shipped presets and `added` after them.
  public init(adding added: [Preset]) {
    self.init(presets: Presets.all + added, userNames: Set(added.map(\.name)))
  }

  public func names(of kind: PresetKind) -> [String] {
    presets.filter { $0.kind == kind }.map(\.name)
  }

  public func named(_ name: String, kind: PresetKind) throws(InputError) -> Preset {
    if let preset = presets.first(where: { $0.kind == kind && $0.name == name }) { return preset }
    throw InputError.unknownName(kind: "\(kind.rawValue) preset", name: name, known: names(of: kind))
  }

  public func isUser(_ preset: Preset) -> Bool { userNames.contains(preset.name) }
}

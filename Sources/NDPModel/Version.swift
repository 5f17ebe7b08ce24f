import Basics

/// The tool's version and the model revision, written into manifests and reports.
public enum NDPScopeVersion {
  public static let current = "0.1.0"

  /// Bumped by hand whenever a cost formula or a policy's behaviour changes what a point yields.
  public static let engineRevision = 5

  /// What a result depends on beyond its inputs: the engine revision and a fingerprint of every
  /// preset value. A sweep folder written under another revision is never resumed or merged into.
  public static let modelRevision: String = {
    var fingerprint = Fingerprint()
    for kind in PresetKind.allCases {
      for name in Presets.names(of: kind) {
        guard let preset = try? Presets.named(name, kind: kind) else { continue }
        for value in preset.values {
          fingerprint.add("\(kind.rawValue)/\(name)/\(value.key)=\(value.value);".utf8)
        }
      }
    }
    return "engine \(engineRevision), presets " + fingerprint.hex
  }()
}

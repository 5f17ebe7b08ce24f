/// The tool's version and the model revision, written into manifests and reports.
public enum NDPScopeVersion {
  public static let current = "0.1.0"

  /// Bumped by hand whenever a cost formula or a policy's behaviour changes what a point yields.
  public static let engineRevision = 3

  /// What a result depends on beyond its inputs: the engine revision and a fingerprint of every
  /// preset value. A sweep folder written under another revision is never resumed or merged into.
  public static let modelRevision: String = {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits
    for kind in PresetKind.allCases {
      for name in Presets.names(of: kind) {
        guard let preset = try? Presets.named(name, kind: kind) else { continue }
        for value in preset.values {
          for byte in "\(kind.rawValue)/\(name)/\(value.key)=\(value.value);".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
          }
        }
      }
    }
    let digits = String(hash, radix: 16)
    return "engine \(engineRevision), presets " + String(repeating: "0", count: 16 - digits.count) + digits
  }()
}

import Foundation

/// Faults injected at a chosen byte of a chosen file, so tests can kill or starve a run at an
/// exact moment instead of sleeping and hoping (the environment of a test's child process only):
/// - `NDPSCOPE_KILL_AT=NAME:BYTES`: when a write would take file NAME (its last path component,
///   or a temporary file for it) past BYTES, write up to BYTES, then SIGKILL the process;
/// - `NDPSCOPE_FAIL_AT=NAME:BYTES`: the same, but the write fails as on a full disk.
enum FaultInjection {
  struct Fault {
    let name: String
    let bytes: Int
    let kills: Bool
  }

  static let faults: [Fault] = {
    let environment = ProcessInfo.processInfo.environment
    return [("NDPSCOPE_KILL_AT", true), ("NDPSCOPE_FAIL_AT", false)].compactMap { variable, kills in
      guard let text = environment[variable], let colon = text.lastIndex(of: ":"),
        let bytes = Int(text[text.index(after: colon)...])
      else { return nil }
      return Fault(name: String(text[..<colon]), bytes: bytes, kills: kills)
    }
  }()

  /// The fault for a write of `count` bytes at offset `offset` of `path`, if one is set there:
  /// how many of the bytes go out before it strikes.
  static func fault(path: String, offset: Int, count: Int) -> (Fault, allowed: Int)? {
    guard !faults.isEmpty else { return nil }
    let name = URL(fileURLWithPath: path).lastPathComponent
    for fault in faults
    where (name == fault.name || name.hasPrefix("." + fault.name + ".tmp-"))
      && offset + count > fault.bytes
    {
      return (fault, max(0, fault.bytes - offset))
    }
    return nil
  }
}

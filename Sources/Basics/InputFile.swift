import Foundation

/// Reading a file the user named (a space, trace, calibration, reference file or manifest), whole.
/// Only a regular file is read: a folder gives a sentence instead of a parser error, and a device
/// such as /dev/zero would never end. Every failure is one sentence naming the file.
public enum InputFile {
  /// The bytes of `path`; `what` names it in errors ("the space file"), `hint` says what to do.
  public static func data(_ path: String, what: String, hint: String? = nil) throws(InputError) -> Data {
    let suffix = hint.map { "; \($0)" } ?? ""
    let missing = InputError("\(path): cannot read \(what) (missing or unreadable)\(suffix)")
    switch kind(path) {
    case .missing: throw missing
    case .other: throw InputError("\(path): \(what) is not a regular file (a folder or a device)\(suffix)")
    case .regular:
      guard let data = FileManager.default.contents(atPath: path) else { throw missing }
      return data
    }
  }

  /// What is at a path, symbolic links followed.
  public enum Kind { case missing, regular, other }

  public static func kind(_ path: String) -> Kind {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else { return .missing }
    return attributes[.type] as? FileAttributeType == .typeRegular ? .regular : .other
  }

  /// The text of `path`, which must be UTF-8.
  public static func text(_ path: String, what: String) throws(InputError) -> String {
    guard let text = String(data: try data(path, what: what), encoding: .utf8) else {
      throw InputError("\(path): \(what) is not UTF-8 text")
    }
    return text
  }
}

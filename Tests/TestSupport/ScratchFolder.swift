import Foundation

/// Scratch folders for tests, all inside one folder per test process that is removed when the
/// process exits: a test run leaves nothing behind in the system's temporary folder.
public enum ScratchFolder {
  /// A new empty folder whose name starts with `prefix`.
  public static func make(_ prefix: String) throws -> URL {
    let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// This process's folder: emptied of an earlier process's leftovers with the same id, and
  /// removed at exit.
  private static let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ndpscope-tests-\(getpid())")
    try? FileManager.default.removeItem(at: url)
    atexit { try? FileManager.default.removeItem(at: ScratchFolder.root) }
    return url
  }()
}

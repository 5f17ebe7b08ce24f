import Foundation

/// The folder a command writes its files into: made if missing, refused when it is a file, and,
/// when it already holds something, refused unless the caller allows it. What a killed run left
/// (`AtomicFile` temporaries) is removed, and so are the files `replacing` names.
public enum OutputFolder {
  /// - Parameters:
  ///   - refusingNonEmpty: when non-nil, a non-empty folder is refused with this advice
  ///     (e.g. "pass --force to overwrite it").
  ///   - replacing: files of a previous run to remove, so none is left stale.
  public static func prepare(
    _ path: String, refusingNonEmpty advice: String? = nil, replacing: [String] = []
  ) throws(InputError) {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue {
      throw InputError("\(path): exists and is not a directory")
    }
    let contents = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
    if let advice, !contents.isEmpty { throw InputError("\(path): is not empty; \(advice)") }
    do {
      try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw InputError("\(path): cannot create the output folder: \(AppendingFile.reason(error))")
    }
    AtomicFile.removeLeftovers(in: path)
    for name in replacing { try? fileManager.removeItem(atPath: path + "/" + name) }
  }
}

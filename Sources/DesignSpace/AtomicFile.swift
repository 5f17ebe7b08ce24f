import Foundation
import NDPModel

/// Writes files so that a reader never sees half of one: write a temporary file beside the target,
/// then rename it over the target.
public enum AtomicFile {
  public static func write(_ text: String, to path: String) throws(InputError) {
    try write(to: path) { handle in handle.write(Data(text.utf8)) }
  }

  /// Streams through `body` into a temporary file, then renames it to `path`. On any failure the
  /// temporary file is removed and the target is left as it was.
  public static func write(
    to path: String, _ body: (FileHandle) throws -> Void
  ) throws(InputError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw InputError("\(path): cannot create a file in \(directory.path)")
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      defer { try? handle.close() }
      try body(handle)
      try handle.synchronize()
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw InputError("\(path): write failed: \(error.localizedDescription)")
    }
    if rename(temporary.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw InputError("\(path): cannot move the finished file into place: \(reason)")
    }
  }
}

/// Buffered line output to a file handle.
public struct LineWriter {
  private let handle: FileHandle
  private var buffer = ""

  public init(handle: FileHandle) { self.handle = handle }

  public mutating func write(line: String) {
    buffer += line
    buffer += "\n"
    if buffer.utf8.count >= 1 << 20 { flush() }
  }

  public mutating func flush() {
    if !buffer.isEmpty { handle.write(Data(buffer.utf8)) }
    buffer = ""
  }
}

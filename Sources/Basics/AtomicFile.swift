import Foundation

/// Writes files so that a reader never sees half of one: write a temporary file beside the target,
/// then rename it over the target. Every failure (disk full, permission, quota) is one sentence
/// naming the file, and leaves no temporary file behind.
public enum AtomicFile {
  /// The temporary name beside `path` (a dot file the folder's stale-file cleanup recognises).
  static func temporaryPath(for path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
      .path
  }

  public static func write(_ text: String, to path: String) throws(InputError) {
    try write(to: path) { file throws(InputError) in try file.append(text) }
  }

  /// Streams through `body` into a temporary file, then renames it to `path`. On any failure the
  /// temporary file is removed and the target is left as it was.
  public static func write(
    to path: String, _ body: (inout AppendingFile) throws(InputError) -> Void
  ) throws(InputError) {
    let temporary = temporaryPath(for: path)
    do {
      var file = try AppendingFile(creating: temporary, reportedAs: path)
      try body(&file)
      try file.close()
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw InputError("\(path): cannot move the finished file into place: \(reason)")
    }
  }

  /// Removes temporary files a killed process left in `folder` (`.NAME.tmp-PID`).
  public static func removeLeftovers(in folder: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
      try? FileManager.default.removeItem(atPath: folder + "/" + name)
    }
  }
}

/// A file written at its end, buffered; every write error is one sentence naming the file (no
/// crash: Foundation's non-throwing `write(_:)` traps on a full disk).
public struct AppendingFile {
  public let path: String
  /// The file actually written (a temporary one, for `AtomicFile`).
  private let actualPath: String
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  /// The file offset the next flush writes at.
  private var offset = 0

  /// Creates (or empties) `path`; errors name `reportedAs` (the file the user knows of).
  public init(creating path: String, reportedAs name: String? = nil) throws(InputError) {
    self.path = name ?? path
    actualPath = path
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw InputError("\(name ?? path): cannot create the file (\(String(cString: strerror(errno))))")
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw InputError("\(name ?? path): cannot open the file for writing")
    }
    self.handle = handle
  }

  /// Opens `path` to add at its end.
  public init(appendingTo path: String) throws(InputError) {
    self.path = path
    actualPath = path
    guard let handle = FileHandle(forUpdatingAtPath: path) else {
      throw InputError("\(path): cannot open the file to add to it")
    }
    self.handle = handle
    do {
      offset = Int(try handle.seekToEnd())
    } catch {
      throw InputError("\(path): cannot open the file to add to it: \(error.localizedDescription)")
    }
  }

  public mutating func append(_ text: String) throws(InputError) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 20 { try flush() }
  }

  /// Hands the buffered bytes to the file.
  public mutating func flush() throws(InputError) {
    guard !buffer.isEmpty else { return }
    if let (fault, allowed) = FaultInjection.fault(path: actualPath, offset: offset, count: buffer.count) {
      try? handle.write(contentsOf: buffer.prefix(allowed))
      if fault.kills {
        try? handle.synchronize()
        kill(getpid(), SIGKILL)
      }
      throw InputError("\(path): cannot write: No space left on device")
    }
    do {
      try handle.write(contentsOf: buffer)
    } catch {
      throw InputError("\(path): cannot write: \(Self.reason(error))")
    }
    offset += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, makes the bytes durable, and closes.
  public mutating func close() throws(InputError) {
    try flush()
    do {
      try handle.synchronize()
      try handle.close()
    } catch {
      throw InputError("\(path): cannot write: \(Self.reason(error))")
    }
  }

  static func reason(_ error: Error) -> String {
    let description = (error as NSError).localizedDescription
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError {
      return underlying.localizedDescription
    }
    return description
  }
}

import DesignSpace
import Foundation
import NDPModel
import Routing

/// Reading and writing routing traces on disk (the format is `RoutingTrace`).
public enum TraceFiles {
  public static func read(_ path: String) throws(InputError) -> Routing {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError("\(path): cannot read the trace file (missing or unreadable)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError("\(path): the trace file is not UTF-8 text")
    }
    return try RoutingTrace.decode(text, file: path)
  }

  public static func write(_ routing: Routing, to path: String) throws(InputError) {
    try AtomicFile.write(to: path) { handle in
      var writer = LineWriter(handle: handle)
      RoutingTrace.encode(routing) { writer.write(line: $0) }
      writer.flush()
    }
  }
}

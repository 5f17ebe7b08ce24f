import Basics
import DesignSpace
import Foundation
import NDPModel
import Routing

/// Reading and writing routing traces on disk (the format is `RoutingTrace`).
public enum TraceFiles {
  public static func read(_ path: String) throws(InputError) -> Routing {
    let data = try InputFile.data(path, what: "the trace file")
    return try RoutingTrace.decode(bytes: [UInt8](data), file: path)
  }

  public static func write(_ routing: Routing, to path: String) throws(InputError) {
    try AtomicFile.write(to: path) { file throws(InputError) in
      var failure: InputError?
      RoutingTrace.encode(routing) { line in
        guard failure == nil else { return }
        do throws(InputError) { try file.append(line + "\n") } catch { failure = error }
      }
      if let failure { throw failure }
    }
  }
}

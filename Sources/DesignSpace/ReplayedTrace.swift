import Basics
import NDPModel
import Routing
import Simulation

/// A space's `trace:` read for a sweep: its routing, prepared once and replayed at every point, and
/// its fingerprint, which the manifest keeps so that a resume refuses a changed trace.
struct ReplayedTrace: Sendable {
  let path: String
  let prepared: PreparedWorkload
  let fingerprint: String

  /// Reads the trace; errors name the space file and its key first.
  init(_ reference: TraceReference, spaceFile: String) throws(InputError) {
    do {
      let bytes = [UInt8](try InputFile.data(reference.resolved, what: "the trace file"))
      var fingerprint = Fingerprint()
      fingerprint.add(bytes)
      prepared = PreparedWorkload(routing: try RoutingTrace.decode(bytes: bytes, file: reference.path))
      self.fingerprint = fingerprint.hex
    } catch {
      throw InputError("\(spaceFile): trace \(reference.path) is not usable: \(error.description)")
    }
    path = reference.path
  }

  /// The routing for `point`, or why the trace does not fit it.
  func workload(for point: DesignPoint) throws(InputError) -> PreparedWorkload {
    do {
      try prepared.routing.check(model: point.model, workload: point.workload)
    } catch {
      throw InputError("the trace \(path) does not fit this point: \(error.description)")
    }
    return prepared
  }
}

extension Space {
  /// For `check`: the trace the space replays, read and described, or nil without one.
  public func traceSummary(spaceFile: String) throws(InputError) -> String? {
    guard let trace else { return nil }
    let routing = try ReplayedTrace(trace, spaceFile: spaceFile).prepared.routing
    return "replays trace \(trace.path): \(Counted.text(routing.requests.count, "request")), "
      + "\(routing.promptTokens) prompt and \(routing.decodeSteps) decode tokens, \(routing.experts) experts, "
      + "top-\(routing.topK), \(Counted.text(routing.layers, "MoE layer")) (points it does not fit are infeasible)"
  }
}

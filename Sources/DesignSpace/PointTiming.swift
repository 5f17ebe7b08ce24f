import Basics
import Dispatch

/// How long a sweep takes to evaluate a point of `space`, as the sweep does it (`PointRows`: the
/// space's trace if it has one, its rows, its constraints), with routing made beforehand, as a
/// sweep makes it once per workload: for `check --verbose`'s estimate.
public enum PointTiming {
  /// Seconds for each of `indices` whose point can be built (points that cannot are left out).
  public static func seconds(
    of indices: [Int], space: Space, spaceFile: String
  ) throws(InputError) -> [Double] {
    let expansion = SpaceExpansion(space: space)
    let routing = RoutingCache()
    let trace = try space.trace.map { reference throws(InputError) in
      try ReplayedTrace(reference, spaceFile: spaceFile)
    }
    let rows = PointRows(space: space, expansion: expansion, routing: routing, trace: trace)
    var seconds: [Double] = []
    for index in indices {
      guard let point = try? expansion.point(index) else { continue }
      if trace == nil { _ = routing.workload(for: point) }
      let start = DispatchTime.now().uptimeNanoseconds
      _ = rows.rows(of: index)
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return seconds
  }
}

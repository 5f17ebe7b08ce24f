/// The non-dominated (y, z) pairs of a set of points, for minimisation: sorted by y ascending,
/// so z strictly descends. Answers "does some pair have y' <= y and z' <= z?" by one bisection,
/// or at once when a pair in a lower band of y has z' <= z.
struct Staircase {
  private var ys: [Double] = []
  private var zs: [Double] = []
  /// The range of y split into equal bands; `bandMinZ[b]` is the smallest z of a pair in a band
  /// below b, NaN while there is none (so it covers nothing, not even z = infinity).
  private let lowestY: Double
  private let bandsPerY: Double
  private var bandMinZ: [Double]
  private static let bands = 256

  /// A staircase for pairs whose y lies in `yRange`.
  init(yRange: ClosedRange<Double>) {
    lowestY = yRange.lowerBound
    let width = yRange.upperBound - yRange.lowerBound
    bandsPerY = width > 0 && width.isFinite ? Double(Self.bands) / width : 0
    bandMinZ = [Double](repeating: .nan, count: Self.bands + 1)
  }

  var count: Int { ys.count }

  mutating func removeAll() {
    ys.removeAll(keepingCapacity: true)
    zs.removeAll(keepingCapacity: true)
    for b in bandMinZ.indices { bandMinZ[b] = .nan }
  }

  private func band(_ y: Double) -> Int {
    let b = ((y - lowestY) * bandsPerY).rounded(.down)
    guard b >= 0 else { return 0 }
    return b < Double(Self.bands) ? Int(b) : Self.bands
  }

  /// Whether some pair is no larger than (y, z) in both.
  func covers(_ y: Double, _ z: Double) -> Bool {
    if bandMinZ[band(y)] <= z { return true }
    let last = firstIndex(after: y, orEqual: true) - 1
    // The last pair with y' <= y has the smallest z' among them.
    return last >= 0 && zs[last] <= z
  }

  /// Adds (y, z), which no pair covers, and drops the pairs it covers: those with y' >= y and
  /// z' >= z, a run that starts at the first y' >= y.
  mutating func insert(_ y: Double, _ z: Double) {
    for b in (band(y) + 1)..<bandMinZ.count where !(bandMinZ[b] <= z) { bandMinZ[b] = z }
    let start = firstIndex(after: y, orEqual: false)
    var end = start
    while end < zs.count && zs[end] >= z { end += 1 }
    if end == start {
      ys.insert(y, at: start)
      zs.insert(z, at: start)
    } else {
      ys[start] = y
      zs[start] = z
      ys.removeSubrange(start + 1..<end)
      zs.removeSubrange(start + 1..<end)
    }
  }

  /// The first position whose y is above `y` (or, with `orEqual` false, not below it): a bisection
  /// with no data-dependent branch.
  private func firstIndex(after y: Double, orEqual: Bool) -> Int {
    ys.withUnsafeBufferPointer { ys in
      guard !ys.isEmpty else { return 0 }
      func passed(_ value: Double) -> Bool { orEqual ? value <= y : value < y }
      var base = 0
      var length = ys.count
      while length > 1 {
        let half = length / 2
        base &+= passed(ys[base &+ half]) ? half : 0
        length &-= half
      }
      return passed(ys[base]) ? base + 1 : base
    }
  }
}

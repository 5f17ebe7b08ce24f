import Foundation

/// One axis of a chart: the data range it shows (its view), linear or logarithmic, mapped onto a
/// span of pixels, with at least four readable ticks.
///
/// The view frames where the data is (Tufte): when most points would squash the Pareto front
/// into a sliver at one end, the axis goes logarithmic if that spreads the front, and otherwise
/// zooms to the front's region; values beyond a zoomed view are pinned to its edge (`isBeyond`)
/// and the chart says so.
public struct ChartAxis: Sendable {
  public let low: Double
  public let high: Double
  public let logarithmic: Bool
  /// Whether the view was narrowed to the front, leaving some values beyond it.
  public let zoomed: Bool
  /// Whole-number values: ticks only at whole numbers.
  public let integer: Bool
  public let from: Double
  public let to: Double

  /// Which end of an axis holds its better values (the front's side).
  public enum Better: Sendable { case lower, higher }

  public init(
    low: Double, high: Double, logarithmic: Bool, zoomed: Bool = false, integer: Bool = false, from: Double,
    to: Double
  ) {
    self.low = low
    self.high = high
    self.logarithmic = logarithmic
    self.zoomed = zoomed
    self.integer = integer
    self.from = from
    self.to = to
  }

  /// An axis fitted to `values`.
  /// - Parameters:
  ///   - focus: the front's values on this axis, when the chart has one; the view keeps them
  ///     readable (log or zoom) and always contains them.
  ///   - includeZero: start a linear axis at zero (bars, magnitudes).
  ///   - integer: whole-number values (counts): ticks at whole numbers.
  public static func fitted(
    values: [Double], focus: [Double] = [], better: Better = .lower, includeZero: Bool = false,
    allowLog: Bool = true, integer: Bool = false, from: Double, to: Double
  ) -> ChartAxis {
    let all = (values + focus).filter(\.isFinite)
    var low = all.min() ?? 0
    var high = all.max() ?? 1
    if includeZero { low = min(low, 0) }
    if low == high {
      let pad = low == 0 ? 1 : abs(low) * 0.1
      (low, high) = (low - pad, high + pad)
    }
    func axis(_ low: Double, _ high: Double, log: Bool, zoomed: Bool = false) -> ChartAxis {
      nice(low: low, high: high, logarithmic: log, zoomed: zoomed, integer: integer, from: from, to: to)
    }
    let spansDecades = allowLog && low > 0 && !includeZero && high / low > 20
    let front = Set(focus.filter(\.isFinite))
    guard front.count >= 3, let frontLow = front.min(), let frontHigh = front.max() else {
      return axis(low, high, log: spansDecades && high / low > 100)
    }
    // The front is squashed when its own extent is a sliver of the axis.
    func share(_ map: (Double) -> Double) -> Double {
      (map(frontHigh) - map(frontLow)) / (map(high) - map(low))
    }
    if share({ $0 }) >= 0.15 || includeZero { return axis(low, high, log: false) }
    if spansDecades && share(Foundation.log10) >= 0.15 { return axis(low, high, log: true) }
    // Zoom: the front takes the better half of the view.
    let width = frontHigh - frontLow
    return better == .lower
      ? axis(low, frontHigh + width, log: false, zoomed: true)
      : axis(frontLow - width, high, log: false, zoomed: true)
  }

  /// Widens [low, high] a little so marks at the ends stay inside.
  static func nice(
    low: Double, high: Double, logarithmic: Bool, zoomed: Bool, integer: Bool, from: Double, to: Double
  ) -> ChartAxis {
    if logarithmic {
      let pad = Foundation.pow(high / low, 0.04)
      return ChartAxis(
        low: low / pad, high: high * pad, logarithmic: true, zoomed: zoomed, integer: integer, from: from,
        to: to)
    }
    let pad = (high - low) * 0.04
    var lower = low - pad
    if low >= 0 && lower < 0 { lower = 0 }
    return ChartAxis(
      low: lower, high: high + pad, logarithmic: false, zoomed: zoomed, integer: integer, from: from, to: to)
  }

  /// The largest 1-2-2.5-5 step (1-2-5 and at least 1 for whole numbers) that gives at least
  /// four ticks over [low, high].
  static func linearStep(low: Double, high: Double, integer: Bool) -> Double {
    let span = high - low
    var magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(span)))
    while true {
      for factor in integer ? [5.0, 2, 1] : [5.0, 2.5, 2, 1] {
        let step = factor * magnitude
        if integer && step < 1 { return 1 }
        let count = Foundation.floor(high / step + 1e-9) - Foundation.ceil(low / step - 1e-9) + 1
        if count >= 4 { return step }
      }
      magnitude /= 10
    }
  }

  /// Whether `value` lies beyond the view (it is then drawn pinned to the edge).
  public func isBeyond(_ value: Double) -> Bool { value < low || value > high }

  /// The pixel of `value`, pinned to the axis ends when it lies beyond the view.
  public func position(_ value: Double) -> Double {
    let clamped = min(max(value, low), high)
    let t =
      logarithmic
      ? (Foundation.log10(clamped) - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low))
      : (clamped - low) / (high - low)
    return from + t * (to - from)
  }

  public struct Tick: Sendable {
    public var value: Double
    public var label: String
  }

  /// At least four ticks: 1-2-2.5-5 steps on a linear axis; 1, 2 and 5 (more when needed) times
  /// powers of ten on a log axis.
  public func ticks() -> [Tick] {
    var values: [Double] = []
    if logarithmic {
      for mantissas in [[1.0], [1, 2, 5], [1, 2, 3, 5, 7], [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9]] {
        values = []
        var exponent = Foundation.floor(Foundation.log10(low))
        while Foundation.pow(10, exponent) <= high {
          for m in mantissas {
            let value = m * Foundation.pow(10, exponent)
            if value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9) { values.append(value) }
          }
          exponent += 1
        }
        if values.count >= 4 { break }
      }
    } else {
      let step = Self.linearStep(low: low, high: high, integer: integer)
      var value = Foundation.ceil(low / step - 1e-9) * step
      while value <= high + step * 1e-9 {
        values.append(abs(value) < step * 1e-9 ? 0 : value)
        value += step
      }
    }
    return values.map { Tick(value: $0, label: Self.label($0)) }
  }

  /// A tick label: three significant digits, thousands as k and millions as M.
  public static func label(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude >= 1e9 { return NumberFormat.significant(value / 1e9, digits: 3) + "G" }
    if magnitude >= 1e6 { return NumberFormat.significant(value / 1e6, digits: 3) + "M" }
    if magnitude >= 1e4 { return NumberFormat.significant(value / 1e3, digits: 3) + "k" }
    return NumberFormat.significant(value, digits: 3)
  }
}

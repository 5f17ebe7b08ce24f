import Basics
import NDPModel
import Simulation

/// `ndpscope compare A B`: two sets of results (sweep folders, or files in results.csv's columns
/// such as `eval --format csv`) matched by point and policy; inputs that differ between matched
/// rows (another calibration, a changed preset) are named. For each metric: how many matched rows changed, the mean and
/// the largest relative change; rows whose feasibility changed; rows only on one side; and, for
/// two sweep folders, the designs that entered or left the first Pareto front.
public struct SweepComparison: Sendable {
  /// The metrics compared: every output, and the cost.
  public static let metrics = PolicyResult.metricKeys + ["cost_usd"]

  public struct MetricChange: Sendable {
    public let metric: String
    /// Rows feasible on both sides with a value on both.
    public var compared = 0
    /// Of those, rows whose value differs.
    public var changed = 0
    /// Mean of (B - A) / |A| over the compared rows with A nonzero.
    public var meanRelative = 0.0
    /// The largest |relative change|, and where.
    public var largest: RowChange?
    var relativeSum = 0.0
    var relativeCount = 0
  }

  /// One row's change of one metric.
  public struct RowChange: Sendable {
    /// The row's key; its label is made only for the changes shown.
    let key: String
    public var label: String { ComparedRow.label(of: key) }
    public let a: Double
    public let b: Double
    public var relative: Double { a == 0 ? (b == 0 ? 0 : .infinity) : (b - a) / abs(a) }
  }

  public let pathA: String
  public let pathB: String
  public var rowsA = 0
  public var rowsB = 0
  public var matched = 0
  public var onlyA: [String] = []
  public var onlyB: [String] = []
  /// Rows feasible on one side and not the other ("point 3, tp: infeasible -> feasible").
  public var feasibilityChanges: [String] = []
  /// Input columns that differ between some matched rows, and in how many.
  public var inputDifferences: [InputDifference] = []

  public struct InputDifference: Sendable {
    public let key: String
    public var rows: Int
  }
  public var changes: [MetricChange] = metrics.map { MetricChange(metric: $0) }
  /// First-front (scope `all`, rank 1) designs that entered or left; nil unless both are sweeps.
  public var frontEntered: [String]?
  public var frontLeft: [String]?

  public var hasNoChange: Bool {
    onlyA.isEmpty && onlyB.isEmpty && feasibilityChanges.isEmpty && inputDifferences.isEmpty
      && changes.allSatisfy { $0.changed == 0 }
      && (frontEntered ?? []).isEmpty && (frontLeft ?? []).isEmpty
  }
}

extension SweepComparison {
  /// Compares `a` with `b`: each a sweep folder or a CSV file with results.csv's columns.
  public static func compare(_ a: String, _ b: String) throws(InputError) -> SweepComparison {
    let sideA = try ComparedSide(path: a)
    let sideB = try ComparedSide(path: b)
    var comparison = SweepComparison(pathA: a, pathB: b)
    var rowsA = try sideA.rows()
    comparison.rowsA = rowsA.count
    try sideB.forEachRow { row in
      comparison.rowsB += 1
      guard let other = rowsA.remove(row.key) else {
        comparison.onlyB.append(row.label)
        return
      }
      comparison.add(other, row)
    }
    comparison.onlyA = rowsA.remaining.map(\.label)
    if let frontA = try sideA.frontKeys(), let frontB = try sideB.frontKeys() {
      comparison.frontEntered = frontB.ordered.filter { frontA.lookup[$0.key] == nil }.map(\.label)
      comparison.frontLeft = frontA.ordered.filter { frontB.lookup[$0.key] == nil }.map(\.label)
    }
    return comparison
  }

  init(pathA: String, pathB: String) {
    self.pathA = pathA
    self.pathB = pathB
  }

  mutating func add(_ a: ComparedRow, _ b: ComparedRow) {
    matched += 1
    if a.inputs != b.inputs { addInputDifferences(a, b) }
    if a.feasible != b.feasible {
      feasibilityChanges.append(
        "\(b.label): \(a.feasible ? "feasible" : "infeasible") -> \(b.feasible ? "feasible" : "infeasible")")
      return
    }
    guard a.feasible else { return }
    for i in changes.indices {
      guard let x = a.values[i], let y = b.values[i] else { continue }
      changes[i].add(RowChange(key: b.key, a: x, b: y))
    }
  }
}

extension SweepComparison {
  /// Counts the input columns that differ between two matched rows.
  mutating func addInputDifferences(_ a: ComparedRow, _ b: ComparedRow) {
    let (x, y) = (
      a.inputs.split(separator: ComparedRow.separator, omittingEmptySubsequences: false),
      b.inputs.split(separator: ComparedRow.separator, omittingEmptySubsequences: false)
    )
    for (name, (p, q)) in zip(ComparedSide.inputNames, zip(x, y)) where p != q {
      if let j = inputDifferences.firstIndex(where: { $0.key == name }) {
        inputDifferences[j].rows += 1
      } else {
        inputDifferences.append(InputDifference(key: name, rows: 1))
      }
    }
  }
}

extension SweepComparison.MetricChange {
  mutating func add(_ change: SweepComparison.RowChange) {
    compared += 1
    guard change.a != change.b else { return }
    changed += 1
    let relative = change.relative
    if relative.isFinite {
      relativeSum += relative
      relativeCount += 1
      meanRelative = relativeSum / Double(relativeCount)
    }
    if largest.map({ abs(relative) > abs($0.relative) }) ?? true { largest = change }
  }
}

import DesignSpace
import NDPModel
import Simulation

/// One results.csv row as a report keeps it: the point, the policy and the numeric columns the
/// page uses (`ReportColumns`), NaN where a cell is empty. Axis values are not stored: the
/// space's expansion gives them back from the point number.
public struct ReportRow: Sendable {
  public var point: Int
  public var policy: PolicyName
  var values: [Double]
}

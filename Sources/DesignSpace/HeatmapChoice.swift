/// The report heatmap's metric and axes (`heatmap: {metric: M, x: KEY, y: KEY}`).
public struct HeatmapChoice: Sendable, Equatable {
  /// Default: the first objective's metric.
  public var metric: String?
  /// Default: the first two swept design axes (scenario axes when fewer than two vary).
  public var x: String?
  public var y: String?

  public init(metric: String? = nil, x: String? = nil, y: String? = nil) {
    self.metric = metric
    self.x = x
    self.y = y
  }
}

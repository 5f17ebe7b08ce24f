/// How a sweep runs: where, with how many workers, resuming or starting over, which shard.
public struct SweepOptions: Sendable {
  public var outputDirectory: String
  public var jobs: Int
  public var resume = false
  public var force = false
  public var shard = Shard.whole
  /// Points per parallel batch; the files grow one batch at a time.
  public var batchPoints = 64

  public init(outputDirectory: String, jobs: Int) {
    self.outputDirectory = outputDirectory
    self.jobs = max(1, jobs)
  }
}

/// What a sweep reports while it runs.
public struct SweepProgress: Sendable {
  public var done: Int
  public var total: Int
  public var elapsedSeconds: Double
}

/// What a sweep did.
public struct SweepSummary: Sendable {
  public var points: Int
  public var rows: Int
  public var evaluatedPoints: Int
  public var resumedPoints: Int
  public var wallSeconds: Double
  public var complete: Bool

  public var pointsPerSecond: Double { wallSeconds > 0 ? Double(evaluatedPoints) / wallSeconds : 0 }
}

/// How a sweep runs: where, with how many workers, resuming or starting over, which shard.
public struct SweepOptions: Sendable {
  public var outputDirectory: String
  public var jobs: Int
  public var resume = false
  public var force = false
  public var shard = Shard.whole
  /// At most this many points per worker in one parallel batch (batches are otherwise sized by
  /// time, `BatchLoop`); the files grow one batch at a time, and never depend on the size.
  public var batchPoints = 4096
  /// Evaluation time per batch the sizing aims at: short enough for steady progress and a prompt
  /// stop, long enough that the workers seldom wait at a batch's end.
  public var batchSeconds = 0.1

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
  /// Seconds the workers spent evaluating points, summed over workers: the sweep's pure
  /// evaluation work, against which its own (writing, fronts, waiting) shows.
  public var evaluationSeconds: Double
  public var complete: Bool

  public var pointsPerSecond: Double { wallSeconds > 0 ? Double(evaluatedPoints) / wallSeconds : 0 }
}

import Basics
import Dispatch
import Foundation
import NDPModel

/// Evaluates the points of a space (or of one shard) and streams them to results.csv in point
/// order, then writes pareto.csv and the manifest (see spaces/README.md).
///
/// Workers evaluate the next batch while the previous one is written and entered into the fronts,
/// so writing never stalls them. Any write error is one sentence and a non-zero exit; the folder
/// then holds whole points plus at most a half-written line, which --resume cuts off, and a
/// manifest that claims nothing it cannot show.
public final class SweepRunner: @unchecked Sendable {
  public let space: Space
  public let spaceText: String
  public let spaceFile: String
  public let options: SweepOptions
  private(set) var evaluator: PointRows
  let routing = RoutingCache()
  /// The space's trace, read when the run starts.
  private(set) var trace: ReplayedTrace?

  public init(space: Space, spaceText: String, spaceFile: String, options: SweepOptions) {
    self.space = space
    self.spaceText = spaceText
    self.spaceFile = spaceFile
    self.options = options
    evaluator = PointRows(space: space, expansion: SpaceExpansion(space: space), routing: routing)
  }

  public var resultsPath: String { options.outputDirectory + "/results.csv" }
  public var paretoPath: String { options.outputDirectory + "/pareto.csv" }
  public var manifestPath: String { options.outputDirectory + "/manifest.json" }

  /// How many routings the sweep generated (once per workload while cached).
  public var routingsGenerated: Int { routing.generated }

  /// Runs (or resumes) the sweep. `progress` is called after every batch; `shouldStop` is polled
  /// between batches (Ctrl-C, SIGTERM): the files then hold only complete points.
  public func run(
    progress: (SweepProgress) -> Void, shouldStop: () -> Bool
  ) throws(InputError) -> SweepSummary {
    let start = DispatchTime.now().uptimeNanoseconds
    try loadTrace()
    try prepareFolder()
    let points = ShardPlan(space: space, count: options.shard.count).points(of: options.shard.index)
    var manifest = Manifest(
      space: space, text: spaceText, file: spaceFile, shard: options.shard, pointsInShard: points.count,
      traceFingerprint: trace?.fingerprint)
    var archive = ParetoBook(space: space)
    let resuming = options.resume && FileManager.default.fileExists(atPath: resultsPath)
    if resuming { try checkResumable() }
    // The folder is this sweep's from now on, and says it is not finished (written before
    // results.csv, so a folder with results always has a manifest to resume by).
    try manifest.write(to: manifestPath)
    let resumed = try openResults(points: points, resuming: resuming, archive: &archive)
    var results = try AppendingFile(appendingTo: resultsPath)
    var batches = BatchLoop(runner: self, points: points, from: resumed, start: start)
    try batches.run(into: &results, archive: &archive, progress: progress, shouldStop: shouldStop)
    try results.close()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let summary = SweepSummary(
      points: points.count, rows: batches.done * space.policies.count,
      evaluatedPoints: batches.done - resumed,
      resumedPoints: resumed, wallSeconds: wall, evaluationSeconds: batches.evaluationSeconds,
      complete: batches.done == points.count)
    try AtomicFile.write(archive.csv(space: space), to: paretoPath)
    manifest.record(
      points: batches.done, policies: space.policies.count, complete: summary.complete,
      timing: Manifest.Timing(wallSeconds: wall, pointsPerSecond: summary.pointsPerSecond, jobs: options.jobs)
    )
    try manifest.write(to: manifestPath)
    return summary
  }

  /// Reads the space's trace (once) and evaluates every point with it.
  func loadTrace() throws(InputError) {
    guard let reference = space.trace, trace == nil else { return }
    let loaded = try ReplayedTrace(reference, spaceFile: spaceFile)
    trace = loaded
    evaluator = PointRows(
      space: space, expansion: SpaceExpansion(space: space), routing: routing, trace: loaded)
  }

  /// Creates the output folder, refusing one that holds something else unless told otherwise, and
  /// removes what a killed run left (temporary files).
  func prepareFolder() throws(InputError) {
    try OutputFolder.prepare(
      options.outputDirectory,
      refusingNonEmpty: options.resume || options.force
        ? nil : "pass --resume to continue a sweep there or --force to overwrite it",
      replacing: options.force && !options.resume ? SweepRunner.files : [])
  }

  /// The files a sweep writes into its folder.
  static let files = ["results.csv", "pareto.csv", "manifest.json", "index.html"]

  /// Starts results.csv, or on --resume checks the folder is this sweep's, keeps its whole points
  /// (entering them into the fronts) and cuts off a half-written tail. Returns the points kept.
  func openResults(points: ShardPoints, resuming: Bool, archive: inout ParetoBook) throws(InputError) -> Int {
    guard resuming else {
      try AtomicFile.write(CSV.row(ResultsTable.header) + "\n", to: resultsPath)
      return 0
    }
    // pareto.csv is written again at the end; until then none stands for a finished sweep.
    try? FileManager.default.removeItem(atPath: paretoPath)
    return try ResultsFile.keepWholePoints(path: resultsPath, space: space, points: points) { point, rows in
      archive.insert(rows, point: point)
    }
  }

  /// A folder may be resumed only by the same space, shard, tool version and model revision.
  func checkResumable() throws(InputError) {
    let found: Manifest
    do {
      found = try Manifest.read(manifestPath)
    } catch {
      throw InputError("\(error.description); cannot resume without it (use --force to start over)")
    }
    let ours = Manifest(
      space: space, text: spaceText, file: spaceFile, shard: options.shard, pointsInShard: 0,
      traceFingerprint: trace?.fingerprint)
    guard found.sameSpace(as: ours) else {
      throw InputError(
        "\(options.outputDirectory): holds a sweep of a different space file (or its calibration, presets or trace changed); use another --out or --force"
      )
    }
    guard found.shard == options.shard.description else {
      throw InputError("\(options.outputDirectory): holds shard \(found.shard), not \(options.shard)")
    }
    try found.checkSameModel(path: manifestPath)
  }
}

import Dispatch
import Foundation
import NDPModel
import Routing
import Simulation

/// Which slice of the points a process evaluates: point i belongs to shard `i mod count`.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  public static let whole = Shard(index: 0, count: 1)

  /// Parses `I/N` with 0 <= I < N.
  public static func parse(_ text: String) throws(InputError) -> Shard {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      index >= 0, index < count
    else { throw InputError("--shard expects I/N with 0 <= I < N, got '\(text)'") }
    return Shard(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }
}

/// What a sweep reports while it runs and at the end.
public struct SweepProgress: Sendable {
  public var done: Int
  public var total: Int
  public var elapsedSeconds: Double
}

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

public struct SweepSummary: Sendable {
  public var points: Int
  public var rows: Int
  public var evaluatedPoints: Int
  public var resumedPoints: Int
  public var wallSeconds: Double
  public var complete: Bool

  public var pointsPerSecond: Double { wallSeconds > 0 ? Double(evaluatedPoints) / wallSeconds : 0 }
}

/// Routing prepared once per distinct workload and shared by every point and thread that needs it.
final class RoutingCache: @unchecked Sendable {
  struct Key: Hashable {
    var experts: Int, topK: Int, moeLayers: Int, batch: Int, prompt: Int, output: Int
    var seed: UInt64, zipf: Double, requestDrift: Double, phaseDrift: Double, locality: Double
    var temperature: Double, candidates: Int
  }

  private let lock = NSLock()
  private var entries: [Key: PreparedWorkload] = [:]
  private var order: [Key] = []
  private let capacity = 16

  func workload(for point: DesignPoint) -> PreparedWorkload {
    let model = point.model
    let r = model.routing
    let w = point.workload
    let key = Key(
      experts: model.experts, topK: model.topK, moeLayers: model.moeLayers, batch: w.batchSize,
      prompt: w.promptTokens, output: w.outputTokens, seed: w.seed, zipf: r.zipfExponent,
      requestDrift: r.requestDrift, phaseDrift: r.phaseDrift, locality: r.locality,
      temperature: r.scoreTemperature, candidates: r.candidates)
    lock.lock()
    if let found = entries[key] {
      lock.unlock()
      return found
    }
    lock.unlock()
    let prepared = PreparedWorkload(generatingFor: point)
    lock.lock()
    defer { lock.unlock() }
    if entries[key] == nil {
      entries[key] = prepared
      order.append(key)
      if order.count > capacity { entries[order.removeFirst()] = nil }
    }
    return entries[key]!
  }
}

/// Evaluates the points of a space and streams them to results.csv (see spaces/README.md).
public final class SweepRunner: @unchecked Sendable {
  public let space: Space
  public let spaceText: String
  public let spaceFile: String
  public let options: SweepOptions
  let expansion: SpaceExpansion
  let routing = RoutingCache()

  public init(space: Space, spaceText: String, spaceFile: String, options: SweepOptions) {
    self.space = space
    self.spaceText = spaceText
    self.spaceFile = spaceFile
    self.options = options
    expansion = SpaceExpansion(space: space)
  }

  public var resultsPath: String { options.outputDirectory + "/results.csv" }
  public var paretoPath: String { options.outputDirectory + "/pareto.csv" }
  public var manifestPath: String { options.outputDirectory + "/manifest.json" }

  /// Indices of this shard's points, in order.
  func shardPoints() -> StrideTo<Int> {
    stride(from: options.shard.index, to: space.pointCount, by: options.shard.count)
  }

  /// The CSV rows of point `index`, one per policy; also returns the Pareto inputs of each row.
  func rows(of index: Int) -> [(line: String, values: [Double]?, policy: PolicyName)] {
    let settings = expansion.settings(index)
    var built: DesignPoint?
    var results: [PolicyResult]
    do {
      let point = try expansion.point(settings: settings)
      built = point
      try Evaluator.validate(point)
      let workload = routing.workload(for: point)
      results = try Evaluator.evaluate(
        point: point, workload: workload, policies: space.policies, baseline: space.baseline
      ).results
    } catch {
      results = space.policies.map {
        PolicyResult(policy: $0, feasible: false, infeasibleReason: error.description)
      }
    }
    return results.map { result in
      let cost = built.map { space.costUSD($0, policy: result.policy) } ?? 0
      let meets = meetsConstraints(result, point: built, cost: cost)
      let values: [Double]? =
        meets && result.feasible
        ? objectiveValues(result, point: built, cost: cost) : nil
      let fields = ResultsTable.fields(
        index: index, point: built, settings: settings, cost: cost, result: result,
        meetsConstraints: meets)
      return (CSV.row(fields), values, result.policy)
    }
  }

  func meetsConstraints(_ result: PolicyResult, point: DesignPoint?, cost: Double) -> Bool {
    for constraint in space.constraints {
      guard let metric = constraint.metric else {
        if !result.feasible { return false }
        continue
      }
      guard let value = ResultsTable.metric(metric, result: result, point: point, cost: cost),
        constraint.holds(value)
      else { return false }
    }
    return true
  }

  /// Objective values as minimisation (maximised objectives negated); nil if any is missing.
  func objectiveValues(_ result: PolicyResult, point: DesignPoint?, cost: Double) -> [Double]? {
    var values: [Double] = []
    for objective in space.objectives {
      guard let value = ResultsTable.metric(objective.metric, result: result, point: point, cost: cost) else {
        return nil
      }
      values.append(objective.maximize ? -value : value)
    }
    return values
  }

  /// Runs (or resumes) the sweep. `progress` is called after every batch; `shouldStop` is polled
  /// between batches (Ctrl-C, SIGTERM): the files then hold only complete points.
  public func run(
    progress: (SweepProgress) -> Void, shouldStop: () -> Bool
  ) throws(InputError) -> SweepSummary {
    let start = DispatchTime.now().uptimeNanoseconds
    let fileManager = FileManager.default
    let directory = options.outputDirectory
    var isDirectory: ObjCBool = false
    let exists = fileManager.fileExists(atPath: directory, isDirectory: &isDirectory)
    if exists && !isDirectory.boolValue { throw InputError("\(directory): exists and is not a directory") }
    let contents = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
    if !contents.isEmpty && !options.resume && !options.force {
      throw InputError(
        "\(directory): is not empty; pass --resume to continue a sweep there or --force to overwrite it")
    }
    do {
      try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError("\(directory): cannot create the output folder: \(error.localizedDescription)")
    }
    if options.force && !options.resume {
      for name in ["results.csv", "pareto.csv", "manifest.json"] {
        try? fileManager.removeItem(atPath: directory + "/" + name)
      }
    }

    var archive = ParetoBook(space: space)
    var resumedPoints = 0
    let header = CSV.row(ResultsTable.header)
    let points = Array(shardPoints())
    if options.resume && fileManager.fileExists(atPath: resultsPath) {
      try checkResumable()
      resumedPoints = try ResultsFile.truncateToCompletePoints(
        path: resultsPath, header: header, rowsPerPoint: space.policies.count
      ) { fields, line in archive.insert(fields: fields, line: line, space: space) }
    } else {
      try AtomicFile.write(header + "\n", to: resultsPath)
    }
    // Mark the folder as this sweep's before the first row, so --resume can check it.
    try writeManifest(summary: nil, evaluated: resumedPoints)

    guard let handle = FileHandle(forUpdatingAtPath: resultsPath) else {
      throw InputError("\(resultsPath): cannot open for appending")
    }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()

    var done = resumedPoints
    var evaluated = 0
    var stopped = false
    // About 50 progress updates for small sweeps, at most `batchPoints` per worker for large
    // ones; the batch size never changes the files.
    let batch = max(options.jobs, min(options.batchPoints * options.jobs, points.count / 50))
    var position = resumedPoints
    while position < points.count {
      if shouldStop() {
        stopped = true
        break
      }
      let slice = Array(points[position..<min(points.count, position + batch)])
      var output = [[(line: String, values: [Double]?, policy: PolicyName)]](
        repeating: [], count: slice.count)
      output.withUnsafeMutableBufferPointer { buffer in
        // Each worker writes only its own slots (i = chunk, chunk + jobs, ...).
        let slots = SendablePointer(base: buffer.baseAddress!)
        let chunks = options.jobs
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
          var i = chunk
          while i < slice.count {
            slots.base[i] = rows(of: slice[i])
            i += chunks
          }
        }
      }
      var text = ""
      for (offset, rows) in output.enumerated() {
        for row in rows {
          text += row.line
          text += "\n"
          if let values = row.values {
            archive.insert(values: values, point: slice[offset], policy: row.policy, line: row.line)
          }
        }
      }
      handle.write(Data(text.utf8))
      position += slice.count
      done += slice.count
      evaluated += slice.count
      progress(
        SweepProgress(
          done: done, total: points.count,
          elapsedSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    }
    try? handle.synchronize()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let summary = SweepSummary(
      points: points.count, rows: done * space.policies.count, evaluatedPoints: evaluated,
      resumedPoints: resumedPoints, wallSeconds: wall, complete: !stopped)
    try AtomicFile.write(archive.csv(space: space), to: paretoPath)
    try writeManifest(summary: summary, evaluated: done)
    return summary
  }

  /// A folder may be resumed only by the same space and shard.
  func checkResumable() throws(InputError) {
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let spaceObject = object["space"] as? [String: Any],
      let hash = spaceObject["sha256"] as? String
    else {
      throw InputError(
        "\(manifestPath): missing or unreadable; cannot resume without it (use --force to start over)")
    }
    guard hash == SHA256.hex(Manifest.identity(spaceText: spaceText, space: space)) else {
      throw InputError(
        "\(options.outputDirectory): holds a sweep of a different space file; use another --out or --force")
    }
    let shard = object["shard"] as? String ?? Shard.whole.description
    guard shard == options.shard.description else {
      throw InputError("\(options.outputDirectory): holds shard \(shard), not \(options.shard)")
    }
  }

  func writeManifest(summary: SweepSummary?, evaluated: Int) throws(InputError) {
    try AtomicFile.write(
      Manifest.json(
        space: space, spaceText: spaceText, spaceFile: spaceFile, shard: options.shard,
        pointsInShard: Array(shardPoints()).count, pointsDone: evaluated,
        complete: summary?.complete ?? false,
        timing: summary.map { ($0.wallSeconds, $0.pointsPerSecond, options.jobs) }),
      to: manifestPath)
  }
}

/// A pointer handed to parallel workers that write disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
}

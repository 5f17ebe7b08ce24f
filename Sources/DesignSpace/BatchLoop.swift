import Basics
import Dispatch
import NDPModel

/// One batch of points, evaluated by the workers in the background.
final class EvaluatedBatch: @unchecked Sendable {
  let points: [Int]
  private(set) var rows: [[SweepRow]]
  /// Time each worker spent evaluating, in nanoseconds.
  private var workerNanoseconds: [UInt64]
  private let group = DispatchGroup()

  init(points: [Int], jobs: Int) {
    self.points = points
    rows = Array(repeating: [], count: points.count)
    workerNanoseconds = Array(repeating: 0, count: jobs)
  }

  /// Seconds the workers spent evaluating, summed over workers (valid after `wait()`).
  var evaluationSeconds: Double { Double(workerNanoseconds.reduce(0, +)) / 1e9 }

  /// Starts the workers on the batch; each writes only its own slots (i = worker, worker + jobs, ...).
  func start(_ evaluator: PointRows) {
    DispatchQueue.global().async(group: group) {
      self.rows.withUnsafeMutableBufferPointer { slots in
        self.workerNanoseconds.withUnsafeMutableBufferPointer { times in
          let base = SendablePointer(base: slots.baseAddress!)
          let timeBase = SendablePointer(base: times.baseAddress!)
          let count = self.points.count
          let jobs = times.count
          DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            let begin = DispatchTime.now().uptimeNanoseconds
            var i = worker
            while i < count {
              base.base[i] = evaluator.rows(of: self.points[i])
              i += jobs
            }
            timeBase.base[worker] = DispatchTime.now().uptimeNanoseconds - begin
          }
        }
      }
    }
  }

  func wait() { group.wait() }
}

/// A pointer handed to parallel workers that write disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
}

/// The sweep's main loop: while the workers evaluate batch k + 1, batch k is written to
/// results.csv and entered into the fronts, in point order, so the files are the same whatever
/// --jobs is and writing never stalls the workers.
struct BatchLoop {
  let runner: SweepRunner
  let points: ShardPoints
  /// Points whose rows are in results.csv.
  private(set) var done: Int
  /// Seconds the workers spent evaluating, summed over workers.
  private(set) var evaluationSeconds = 0.0
  let start: UInt64

  init(runner: SweepRunner, points: ShardPoints, from resumed: Int, start: UInt64) {
    self.runner = runner
    self.points = points
    done = resumed
    self.start = start
    size = 0
    size = min(
      largestBatch, max(runner.options.jobs, min(4, runner.options.batchPoints) * runner.options.jobs))
  }

  /// Points in the next batch: starts at four per worker, then scales with the last batch's
  /// evaluation time toward `batchSeconds` (at most doubling each time), within one point per
  /// worker and `batchPoints` per worker, and at most a fiftieth of the sweep so small sweeps
  /// still show progress.
  private var size: Int

  /// At most `batchPoints` per worker, and a fiftieth of the sweep (at least one per worker).
  private var largestBatch: Int {
    let options = runner.options
    return max(options.jobs, min(options.batchPoints * options.jobs, points.count / 50))
  }

  private mutating func resize(after batch: EvaluatedBatch) {
    let options = runner.options
    let perWorker = batch.evaluationSeconds / Double(options.jobs)
    let scale = perWorker > 0 ? min(2, options.batchSeconds / perWorker) : 2
    size = min(largestBatch, max(options.jobs, Int(Double(batch.points.count) * scale)))
  }

  /// Runs until every point is written or `shouldStop` says so between batches.
  mutating func run(
    into results: inout AppendingFile, archive: inout ParetoBook, progress: (SweepProgress) -> Void,
    shouldStop: () -> Bool
  ) throws(InputError) {
    var position = done
    var pending: EvaluatedBatch?
    repeat {
      var next: EvaluatedBatch?
      if position < points.count && !shouldStop() {
        let end = min(points.count, position + size)
        next = EvaluatedBatch(points: (position..<end).map { points[$0] }, jobs: runner.options.jobs)
        next!.start(runner.evaluator)
        position = end
      }
      if let pending {
        do {
          try write(pending, into: &results, archive: &archive)
          progress(
            SweepProgress(
              done: done, total: points.count,
              elapsedSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        } catch {
          next?.wait()
          throw error
        }
      }
      next?.wait()
      if let next { resize(after: next) }
      pending = next
    } while pending != nil
  }

  private mutating func write(
    _ batch: EvaluatedBatch, into results: inout AppendingFile, archive: inout ParetoBook
  ) throws(InputError) {
    var text = ""
    for (point, rows) in zip(batch.points, batch.rows) {
      for row in rows {
        text += row.line
        text += "\n"
      }
      archive.insert(rows, point: point)
    }
    try results.append(text)
    try results.flush()
    done += batch.points.count
    evaluationSeconds += batch.evaluationSeconds
  }
}

import Basics
import Dispatch
import NDPModel

/// One batch of points, evaluated by the workers in the background.
final class EvaluatedBatch: @unchecked Sendable {
  let points: [Int]
  private(set) var rows: [[SweepRow]]
  private let group = DispatchGroup()

  init(points: [Int]) {
    self.points = points
    rows = Array(repeating: [], count: points.count)
  }

  /// Starts `jobs` workers on the batch; each writes only its own slots (i = worker, worker + jobs, ...).
  func start(_ evaluator: PointRows, jobs: Int) {
    DispatchQueue.global().async(group: group) {
      self.rows.withUnsafeMutableBufferPointer { slots in
        let base = SendablePointer(base: slots.baseAddress!)
        let count = self.points.count
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
          var i = worker
          while i < count {
            base.base[i] = evaluator.rows(of: self.points[i])
            i += jobs
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
  let start: UInt64

  init(runner: SweepRunner, points: ShardPoints, from resumed: Int, start: UInt64) {
    self.runner = runner
    self.points = points
    done = resumed
    self.start = start
  }

  /// About 50 progress updates for small sweeps, at most `batchPoints` per worker for large ones;
  /// the batch size never changes the files.
  var batchSize: Int {
    let options = runner.options
    return max(options.jobs, min(options.batchPoints * options.jobs, points.count / 50))
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
        let end = min(points.count, position + batchSize)
        next = EvaluatedBatch(points: (position..<end).map { points[$0] })
        next!.start(runner.evaluator, jobs: runner.options.jobs)
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
        archive.insert(row, point: point)
      }
    }
    try results.append(text)
    try results.flush()
    done += batch.points.count
  }
}

import Basics
import DesignSpace
import Dispatch
import Foundation
import NDPModel
import Reports

/// Set from a signal handler, polled by the sweep between batches.
public final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var stopped = false
  private var sources: [DispatchSourceSignal] = []

  public init() {}

  public var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopped
  }

  public func set() {
    lock.lock()
    stopped = true
    lock.unlock()
  }

  /// Catches SIGINT and SIGTERM: the sweep finishes its batch, writes complete rows and stops.
  public func catchInterrupts() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [weak self] in self?.set() }
      source.resume()
      sources.append(source)
    }
  }
}

/// Progress on stderr: a bar with rate and ETA on a terminal, a plain line every few seconds
/// otherwise.
public struct ProgressPrinter {
  let terminal: Bool
  let quiet: Bool
  private var lastLine = -1.0

  public init(terminal: Bool, quiet: Bool) {
    self.terminal = terminal
    self.quiet = quiet
  }

  public mutating func report(_ p: SweepProgress) {
    guard !quiet, p.total > 0 else { return }
    let share = Double(p.done) / Double(p.total)
    let rate = p.elapsedSeconds > 0 ? Double(p.done) / p.elapsedSeconds : 0
    let remaining = rate > 0 ? Double(p.total - p.done) / rate : 0
    let eta = Self.duration(remaining)
    if terminal {
      let width = 30
      let filled = Int(share * Double(width))
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      let line = String(
        format: "\r[%@] %3.0f%% %d/%d points  %.1f points/s  ETA %@ ", bar, share * 100, p.done,
        p.total, rate, eta)
      FileHandle.standardError.write(Data(line.utf8))
      if p.done == p.total { FileHandle.standardError.write(Data("\n".utf8)) }
    } else if p.elapsedSeconds - lastLine >= 5 || p.done == p.total {
      lastLine = p.elapsedSeconds
      let line = String(
        format: "ndpscope: %d/%d points (%.0f%%), %.1f points/s, ETA %@\n", p.done, p.total,
        share * 100, rate, eta)
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return total >= 3600
      ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
      : String(format: "%d:%02d", total / 60, total % 60)
  }
}

public enum SweepCommands {
  /// `ndpscope check SPACE`: validates and counts.
  public static func check(_ path: String, verbose: Bool = false) throws(InputError) -> String {
    let (space, _) = try SpaceParser.parse(file: path)
    var summary = try checkSummary(path, space)
    if let trace = try space.traceSummary(spaceFile: path) { summary += trace + "\n" }
    return verbose ? summary + (try SpaceEstimate.verbose(space: space, spaceFile: path)) : summary
  }

  static func checkSummary(_ path: String, _ space: Space) throws(InputError) -> String {
    let axes = space.axes.map { "\($0.key) (\($0.values.count))" }.joined(separator: ", ")
    return "\(path): space '\(space.name)' is valid: \(Counted.text(space.pointCount, "point")) x "
      + "\(Counted.text(space.policies.count, "policy", plural: "policies")) = "
      + "\(Counted.text(space.pointCount * space.policies.count, "row")) "
      + "(strategy \(space.strategy.rawValue)\(axes.isEmpty ? "" : "; axes: " + axes))\n"
  }

  public struct SweepRequest: Sendable {
    public var spacePath: String
    public var options: SweepOptions
    public var quiet = false
    /// Write DIR/index.html at the end.
    public var report = true
    /// A template folder replacing the built-in templates.
    public var templatesFolder: String?

    public init(spacePath: String, options: SweepOptions) {
      self.spacePath = spacePath
      self.options = options
    }
  }

  /// What a sweep or merge did: its closing text, whether it completed, and a report failure that
  /// happened after the results were safely on disk (with how to make the report later).
  public struct Outcome: Sendable {
    public var text: String
    public var complete: Bool
    public var reportFailure: String?
  }

  /// `ndpscope sweep`.
  public static func sweep(_ request: SweepRequest, stop: StopFlag) throws(InputError) -> Outcome {
    let (space, text) = try SpaceParser.parse(file: request.spacePath)
    let runner = SweepRunner(
      space: space, spaceText: text, spaceFile: request.spacePath, options: request.options)
    var printer = ProgressPrinter(terminal: isatty(2) == 1, quiet: request.quiet)
    let summary = try runner.run(progress: { printer.report($0) }, shouldStop: { stop.isSet })
    let out = request.options.outputDirectory
    if !summary.complete {
      return Outcome(
        text:
          "interrupted after \(summary.resumedPoints + summary.evaluatedPoints) of \(summary.points) points; "
          + "\(out) holds only complete rows. Resume with: ndpscope sweep \(request.spacePath) --out \(out) --resume"
          + (request.options.shard == .whole ? "" : " --shard \(request.options.shard)") + "\n",
        complete: false)
    }
    let message = completion(summary, policies: space.policies.count, jobs: request.options.jobs, out: out)
    var outcome = Outcome(text: message, complete: true)
    guard request.options.shard == .whole else { return outcome }
    if request.report {
      outcome.addReport(of: out, templates: request.templatesFolder)
    } else {
      outcome.addRecommendation(of: out)
    }
    return outcome
  }

  /// The closing lines of a complete sweep: its size, its time beside the evaluation's alone (so
  /// the sweep's own share shows), and the files written.
  static func completion(_ summary: SweepSummary, policies: Int, jobs: Int, out: String) -> String {
    let rate = String(format: "%.1f", summary.pointsPerSecond)
    let wall = String(format: "%.1f", summary.wallSeconds)
    let evaluation = String(format: "%.1f", summary.evaluationSeconds / Double(max(1, jobs)))
    let workers = Counted.text(jobs, "worker")
    let resumed = summary.resumedPoints > 0 ? " (\(summary.resumedPoints) resumed)" : ""
    return "swept \(Counted.text(summary.points, "point"))\(resumed) x "
      + "\(Counted.text(policies, "policy", plural: "policies")) = \(Counted.text(summary.rows, "row")) "
      + "in \(wall) s: \(rate) points/s (evaluation alone: \(evaluation) s on \(workers))\n"
      + "wrote \(out)/results.csv, \(out)/pareto.csv, \(out)/manifest.json\n"
  }

  /// `ndpscope report DIR`: writes DIR/index.html and prints the recommendation.
  public static func report(
    _ directory: String, templates folder: String? = nil, layer: Int? = nil
  ) throws(InputError) -> String {
    let data: SweepData
    do {
      data = try SweepData(directory: directory)
    } catch {
      throw InputError(error.description)
    }
    let size = try PageWriter.write(to: directory + "/index.html", templates: folder) {
      templates throws(ReportError) in
      try SweepReport.render(data, templates: templates, layer: layer)
    }
    return "wrote \(directory)/index.html (\(size / 1024) KiB)\n" + RecommendationText.render(data)
  }

  /// The recommendation of a finished sweep folder, without a page.
  static func recommendation(_ directory: String) throws(InputError) -> String {
    do {
      return RecommendationText.render(try SweepData(directory: directory))
    } catch {
      throw InputError(error.description)
    }
  }

  /// `ndpscope merge`: joins the shards and writes the report.
  public static func merge(
    _ directories: [String], into output: String, force: Bool, report: Bool = true, templates: String? = nil
  ) throws(InputError) -> Outcome {
    let summary = try ShardMerge.merge(directories, into: output, force: force)
    var outcome = Outcome(
      text: "merged \(summary.shards) shards: \(summary.points) points, \(summary.rows) rows; "
        + "wrote \(output)/results.csv, \(output)/pareto.csv, \(output)/manifest.json\n", complete: true)
    if report { outcome.addReport(of: output, templates: templates) }
    return outcome
  }
}

extension SweepCommands.Outcome {
  /// The recommendation without a page (`--no-report`); a failure to make it loses nothing.
  mutating func addRecommendation(of directory: String) {
    do {
      text += try SweepCommands.recommendation(directory)
    } catch {
      reportFailure = "\(error.description). The results in \(directory) are complete."
    }
  }

  /// Writes the report of the finished sweep folder `directory`; a failure is kept, not thrown, so
  /// the results are never lost to it.
  mutating func addReport(of directory: String, templates: String?) {
    do {
      text += try SweepCommands.report(directory, templates: templates)
    } catch {
      reportFailure =
        "\(error.description). The results in \(directory) are complete; make the report later with: ndpscope report \(directory)"
    }
  }
}

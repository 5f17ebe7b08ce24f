import ArgumentParser
import DesignSpace
import Foundation
import NDPScopeKit

extension NDPScope {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate a space file and print how many points it expands to.")

    @Argument(help: "Space file (YAML; see spaces/README.md).")
    var space: String
    @Flag(help: "Also list every axis's values and estimate the sweep's run time from a few sample points.")
    var verbose = false

    func run() throws {
      print(try SweepCommands.check(space, verbose: verbose), terminator: "")
    }
  }

  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Evaluate every point of a space; write results.csv, pareto.csv and manifest.json.",
      discussion: """
        Rows are written in point order as batches finish, so the files are the same whatever \
        --jobs is. Ctrl-C or SIGTERM stops after the current batch with only complete rows on \
        disk (exit code 130); --resume then finishes the sweep, and refuses a folder written by \
        another version or model revision. --shard I/N evaluates shard I's share of every \
        workload (the points are dealt round-robin per workload, so shards take about equal \
        time); `ndpscope merge` joins the shards' folders. The space format is in \
        spaces/README.md.
        """)

    @Argument(help: "Space file (YAML; see spaces/README.md).")
    var space: String
    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Parallel workers.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Continue an interrupted sweep in --out.")
    var resume = false
    @Flag(help: "Overwrite the sweep files in a non-empty --out.")
    var force = false
    @Option(help: "Evaluate only shard I of N (its share of every workload), e.g. 2/8.")
    var shard: String?
    @Flag(help: "No progress output.")
    var quiet = false
    @Flag(help: "Do not write DIR/index.html at the end.")
    var noReport = false
    @Option(help: "Report template folder replacing the built-in one (report.html, report.css, report.js).")
    var templates: String?

    func run() throws {
      guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
      var options = SweepOptions(outputDirectory: out, jobs: jobs)
      options.resume = resume
      options.force = force
      if let shard { options.shard = try DesignSpace.Shard.parse(shard) }
      var request = SweepCommands.SweepRequest(spacePath: space, options: options)
      request.quiet = quiet
      request.report = !noReport
      request.templatesFolder = templates
      let stop = StopFlag()
      stop.catchInterrupts()
      let outcome = try SweepCommands.sweep(request, stop: stop)
      guard outcome.complete else {
        FileHandle.standardError.write(Data(("ndpscope: " + outcome.text).utf8))
        throw ExitCode(130)
      }
      try finish(outcome)
    }
  }

  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write DIR/index.html: a self-contained HTML report of a sweep folder.",
      discussion: """
        One HTML5 file with inline CSS and SVG charts: the recommended design per scenario, \
        the summary and why rows were left out, Pareto fronts, the first objective against \
        the NDP unit count, a heatmap over two swept axes, latency breakdowns, schedule \
        timelines and sortable tables, built with libxml2 from the templates inside the binary. \
        To restyle, copy templates/ from the source tree, edit it, and pass --templates. \
        results.csv is streamed: any sweep's report renders in bounded memory.
        """)

    @Argument(help: "Sweep output folder.")
    var directory: String
    @Option(help: "Template folder replacing the built-in one (report.html, report.css, report.js).")
    var templates: String?
    @Option(help: "MoE layer for the schedule timelines (default: the middle one).")
    var layer: Int?

    func run() throws {
      print(try SweepCommands.report(directory, templates: templates, layer: layer), terminator: "")
    }
  }

  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Join the output folders of sharded sweeps into one, as an unsharded run writes it.")

    @Argument(help: "Shard output folders (all N shards of one space).")
    var shards: [String]
    @Option(help: "Output folder.")
    var out: String
    @Flag(help: "Overwrite a non-empty --out.")
    var force = false
    @Flag(help: "Do not write OUT/index.html.")
    var noReport = false
    @Option(help: "Report template folder replacing the built-in one.")
    var templates: String?

    func run() throws {
      try finish(
        SweepCommands.merge(shards, into: out, force: force, report: !noReport, templates: templates))
    }
  }
}

/// Prints what a finished sweep or merge wrote; a report that failed after the results were
/// written is one sentence on stderr and exit code 2, never a lost sweep.
func finish(_ outcome: SweepCommands.Outcome) throws {
  print(outcome.text, terminator: "")
  if let failure = outcome.reportFailure {
    FileHandle.standardError.write(Data(("ndpscope: " + failure + "\n").utf8))
    throw ExitCode(2)
  }
}

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

    func run() throws {
      print(try SweepCommands.check(space), terminator: "")
    }
  }

  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Evaluate every point of a space; write results.csv, pareto.csv and manifest.json.",
      discussion: """
        Rows are written in point order as batches finish, so the files are the same whatever \
        --jobs is. Ctrl-C or SIGTERM stops after the current batch with only complete rows on \
        disk (exit code 130); --resume then finishes the sweep. --shard I/N evaluates points i \
        with i mod N = I; `ndpscope merge` joins the shards' folders. The space format is in \
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
    @Option(help: "Evaluate only shard I of N (points i with i mod N = I), e.g. 2/8.")
    var shard: String?
    @Flag(help: "No progress output.")
    var quiet = false
    @Flag(help: "Do not write DIR/index.html at the end.")
    var noReport = false
    @Option(help: "Report template folder (report.html, report.css, report.js).")
    var templates = "templates"

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
      let (text, complete) = try SweepCommands.sweep(request, stop: stop)
      if complete {
        print(text, terminator: "")
      } else {
        FileHandle.standardError.write(Data(("ndpscope: " + text).utf8))
        throw ExitCode(130)
      }
    }
  }

  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write DIR/index.html: a self-contained HTML report of a sweep folder.",
      discussion: """
        One HTML5 file with inline CSS and SVG charts (Pareto fronts, speedup against unit \
        count, a heatmap over two swept axes, latency breakdowns, schedule timelines, a sortable \
        table), built with libxml2 from the template folder. Copy templates/, restyle it, and \
        pass --templates.
        """)

    @Argument(help: "Sweep output folder.")
    var directory: String
    @Option(help: "Template folder (report.html, report.css, report.js).")
    var templates = "templates"
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

    func run() throws {
      print(try SweepCommands.merge(shards, into: out, force: force), terminator: "")
    }
  }
}

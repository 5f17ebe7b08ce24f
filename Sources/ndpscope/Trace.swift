import ArgumentParser
import NDPScopeKit

extension NDPScope {
  struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Work with JSON Lines routing traces.", subcommands: [Generate.self, Stats.self])

    struct Generate: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Write the seeded generator's routing for a point as a trace file.")

      @OptionGroup var point: PointOptions
      @Option(help: "Trace file to write (replaced atomically).")
      var out: String

      func run() throws {
        print(try TraceRunner.generate(point: point.request, to: out), terminator: "")
      }
    }

    struct Stats: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "What a trace's routing looks like, and the generator parameters that would match it.",
        discussion: """
          Per MoE layer: the load skew, the loads' Zipf exponent, first-choice repeats and locality \
          beyond chance, and how alike the prefill and decode (and the requests) choose; then the \
          generator's routing.zipf, routing.locality, routing.phase_drift (and routing.request_drift \
          with more than one request) that make routing like it, found by running the generator at the \
          trace's shape, as --set flags to replay its character at other sizes.
          """)

      @Argument(help: "Trace file (JSON Lines).")
      var file: String
      @Option(help: "Output format: table, json or csv (per-layer statistics only).")
      var format = "table"

      func run() throws {
        print(try TraceStatsRunner.run(path: file, format: try OutputFormat.parse(format)), terminator: "")
      }
    }
  }
}

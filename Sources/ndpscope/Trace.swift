import ArgumentParser
import NDPScopeKit

extension NDPScope {
  struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Work with JSON Lines routing traces.", subcommands: [Generate.self])

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
  }
}

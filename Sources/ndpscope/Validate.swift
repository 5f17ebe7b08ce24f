import ArgumentParser
import Foundation
import NDPScopeKit

extension NDPScope {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare the engine with published and measured figures (spaces/validation/*.yaml).",
      discussion: """
        Evaluates every reference entry and writes DIR/validation.csv and DIR/index.html \\
        (predicted against reference, relative error, geometric-mean error per source). Exits 0 \\
        unless --max-error is given and some entry's error exceeds it (exit 1).
        """)

    @Argument(help: "Reference files (default: spaces/validation/*.yaml).")
    var files: [String] = []
    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Fail (exit 1) when an entry's relative error exceeds this, e.g. 0.5.")
    var maxError: Double?
    @Option(help: "Report template folder.")
    var templates = "templates"

    func run() throws {
      let (text, withinBound) = try ValidationCommands.validate(
        files: files, out: out, templates: templates, maxError: maxError)
      print(text, terminator: "")
      if !withinBound { throw ExitCode(1) }
    }
  }

  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit efficiency parameters to reference entries (least squares on log error).",
      discussion: """
        Writes the fitted values, with the fit quality, to --out (never overwriting a file \\
        unless --force; shipped presets are never touched). Use them as `fixed:` settings in a \\
        space or with --set.
        """)

    @Argument(help: "Reference files (default: spaces/validation/*.yaml).")
    var files: [String] = []
    @Option(help: "Comma-separated parameter keys to fit, e.g. gpu.mem_efficiency,gpu.compute_efficiency.")
    var fit: String
    @Option(help: "File to write the fitted values to.")
    var out: String
    @Flag(help: "Overwrite --out if it exists.")
    var force = false

    func run() throws {
      let keys = fit.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
      print(
        try ValidationCommands.calibrate(files: files, keys: keys, out: out, force: force), terminator: "")
    }
  }
}

import ArgumentParser
import Foundation
import NDPScopeKit

extension NDPScope {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare the engine with published and measured figures (spaces/validation/*.yaml).",
      discussion: """
        Evaluates every reference entry and writes DIR/validation.csv and DIR/index.html \
        (predicted against reference, relative error, geometric-mean error per source). With \
        --calibration, predictions use it and the uncalibrated error is shown beside. Exits 0 \
        unless --max-error is given and some entry's error exceeds it (exit 1).
        """)

    @Argument(help: "Reference files (default: the shipped spaces/validation/*.yaml, built into the binary).")
    var files: [String] = []
    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Fail (exit 1) when an entry's relative error exceeds this, e.g. 0.5.")
    var maxError: Double?
    @Option(help: "Report template folder replacing the built-in one.")
    var templates: String?
    @Option(help: "A calibration file (written by `ndpscope calibrate`) to predict with.")
    var calibration: String?

    func run() throws {
      let (text, withinBound) = try ValidationCommands.validate(
        files: files, out: out, templates: templates, maxError: maxError, calibration: calibration)
      print(text, terminator: "")
      if !withinBound { throw ExitCode(1) }
    }
  }

  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit assumed preset values to reference entries (least squares on log error).",
      discussion: """
        Fits each --fit key (a preset value whose provenance is assumed and that states a \
        plausible range) for the presets the entries use, within that range, and writes a \
        calibration file to --out (never overwriting without --force; presets are never \
        touched). Use it with a space's `calibration:` key or `--calibration FILE`. A key no \
        entry depends on is refused.
        """)

    @Argument(help: "Reference files (default: the shipped spaces/validation/*.yaml, built into the binary).")
    var files: [String] = []
    @Option(
      help: ArgumentHelp(
        "Comma-separated keys to fit, each optionally for chosen presets: KEY or KEY@PRESET+PRESET, e.g. ndp.bw_gb_per_s,routing.request_drift@qwen3-30b-a3b.",
        valueName: "keys"))
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

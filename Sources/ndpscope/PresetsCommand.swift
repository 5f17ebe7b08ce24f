import ArgumentParser
import Basics
import NDPModel
import NDPScopeKit

extension NDPScope {
  struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "presets",
      abstract: "List model, GPU, NDP, link and host presets with their values and sources.")

    @Option(help: "Only presets of this kind: model, gpu, ndp, link or host.")
    var kind: String?
    @Option(help: "Output format: table, json or csv.")
    var format = "table"

    func run() throws {
      var selected: PresetKind?
      if let kind {
        guard let parsed = PresetKind(rawValue: kind) else {
          throw InputError.unknownName(
            kind: "preset kind", name: kind, known: PresetKind.allCases.map(\.rawValue))
        }
        selected = parsed
      }
      print(PresetListing.render(kind: selected, as: try OutputFormat.parse(format)), terminator: "")
    }
  }

  struct Parameters: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List every parameter key that --set accepts, with its unit.")

    func run() throws {
      let rows = ParameterRegistry.all.map { [$0.key, $0.unit, $0.summary] }
      print(TextTable.render(headings: ["key", "unit", "meaning"], rows: rows), terminator: "")
    }
  }
}

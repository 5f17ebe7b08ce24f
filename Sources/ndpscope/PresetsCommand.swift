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
    @Option(help: ArgumentHelp("Also list the presets of this presets file (YAML).", valueName: "file"))
    var presets: String?

    func run() throws {
      print(
        try PresetListing.run(kind: kind, format: try OutputFormat.parse(format), presetsPath: presets),
        terminator: "")
    }
  }

  struct Parameters: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List every parameter key that --set and spaces accept: unit, value, source, valid values.",
      discussion: """
        Values are those of the point the options describe (by default eval's: qwen3-30b-a3b on \
        rtx5080 + 4 x ndp-dimm over pcie5-x16); the source says where each comes from (spec, \
        paper, assumed, user). Example: ndpscope parameters --gpu jetson-agx-orin --format csv
        """)

    @OptionGroup var point: PointOptions
    @Option(help: "Output format: table, json or csv.")
    var format = "table"

    func run() throws {
      let built = try point.request.build()
      print(ParameterListing.render(point: built, as: try OutputFormat.parse(format)), terminator: "")
    }
  }
}

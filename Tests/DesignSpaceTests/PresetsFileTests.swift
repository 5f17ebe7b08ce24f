import Basics
import NDPModel
import Testing

@testable import DesignSpace

/// Presets files: a preset whole or as a base plus changes, every value with its source, and one
/// sentence naming file, line and column for each kind of mistake.
@Suite struct PresetsFileTests {
  static let valid = """
    presets:
      - name: orin-nx-16
        kind: gpu
        base: jetson-agx-orin
        summary: Jetson Orin NX 16 GB
        values:
          gpu.memory_gb: {value: 16, unit: GB, provenance: spec, citation: "Orin NX datasheet"}
          gpu.mem_bw_gb_per_s: {value: 102.4, provenance: spec, citation: "Orin NX datasheet"}
      - name: lab-dimm
        kind: ndp
        base: ndp-dimm
        values:
          ndp.bw_gb_per_s: {value: 150, unit: GB/s, provenance: measured, citation: "our lab, 2026-10"}
      - name: lab-dimm-2
        kind: ndp
        base: lab-dimm
        values:
          ndp.capacity_gb: {value: 64, unit: GB, provenance: spec, citation: "rev B"}
    """

  @Test func aBaseIsChangedOnlyWhereTheFileSaysAndEachValueKeepsItsSource() throws {
    let catalog = try PresetsFile.parse(Self.valid, file: "p.yaml")
    let nx = try catalog.named("orin-nx-16", kind: .gpu)
    let orin = try Presets.named("jetson-agx-orin", kind: .gpu)
    #expect(nx.summary == "Jetson Orin NX 16 GB" && catalog.isUser(nx))
    #expect(nx.value(of: "gpu.memory_gb")?.value == 16)
    #expect(nx.value(of: "gpu.memory_gb")?.source == Source(.spec, "Orin NX datasheet"))
    #expect(nx.value(of: "gpu.peak_tflops")?.value == orin.value(of: "gpu.peak_tflops")?.value)
    #expect(nx.value(of: "gpu.peak_tflops")?.source == orin.value(of: "gpu.peak_tflops")?.source)
    // A preset may build on one defined before it in the file.
    let second = try catalog.named("lab-dimm-2", kind: .ndp)
    #expect(second.value(of: "ndp.bw_gb_per_s")?.source.provenance == .measured)
    #expect(second.value(of: "ndp.capacity_gb")?.value == 64)
    // The shipped presets are all still there, unchanged.
    #expect(catalog.names(of: .gpu).starts(with: Presets.names(of: .gpu)))
    var selection = PresetSelection()
    selection.gpu = "orin-nx-16"
    let point = try DesignPoint.from(selection, catalog: catalog)
    #expect(point.hardware.gpu.memoryCapacityBytes == 16e9 && point.hardware.gpu.name == "orin-nx-16")
  }

  @Test func aWholePresetGivesEveryValue() throws {
    let shipped = try Presets.named("pcie4-x16", kind: .link)
    var text = "presets:\n  - name: my-link\n    kind: link\n    values:\n"
    for value in shipped.values {
      text += "      \(value.key): {value: \(value.value), provenance: assumed, citation: \"copied\"}\n"
    }
    let catalog = try PresetsFile.parse(text, file: "p.yaml")
    let mine = try catalog.named("my-link", kind: .link)
    #expect(mine.values.map(\.value) == shipped.values.map(\.value))
    let missing = text.replacingOccurrences(of: "      link.latency_us", with: "      # link.latency_us")
    #expect(
      throws: InputError(
        "p.yaml:2:5: a link preset without 'base' must give every value; missing: link.latency_us")
    ) {
      try PresetsFile.parse(missing, file: "p.yaml")
    }
  }

  /// One mistake per case, each replacing one line of an otherwise valid file: the message and
  /// its position.
  @Test(arguments: [
    (2, "    kind: gpus", "p.yaml:3:11: unknown preset kind 'gpus'; did you mean 'gpu'?"),
    (1, "  - name: rtx5080", "p.yaml:2:11: a gpu preset named 'rtx5080' already exists; choose another name"),
    (
      3, "    base: jetson-orin",
      "p.yaml:4:11: unknown gpu preset 'jetson-orin'; did you mean 'jetson-agx-orin'?"
    ),
    (
      5, "      gpu.memory: {value: 16, provenance: spec, citation: x}",
      "p.yaml:6:7: unknown gpu parameter 'gpu.memory'; did you mean 'gpu.memory_gb'?"
    ),
    (
      5, "      gpu.memory_gb: 16",
      "p.yaml:6:22: 'gpu.memory_gb' needs its value with a source: {value: NUMBER, unit: GB, provenance: spec|paper|measured|assumed, citation: TEXT}"
    ),
    (
      5, "      gpu.memory_gb: {value: 16, provenance: spec}", "p.yaml:6:22: 'gpu.memory_gb' needs 'citation'"
    ),
    (
      5, "      gpu.memory_gb: {value: 16, provenance: measure, citation: x}",
      "p.yaml:6:46: unknown provenance 'measure'; did you mean 'measured'?"
    ),
    (
      5, "      gpu.memory_gb: {value: 16, unit: MB, provenance: spec, citation: x}",
      "p.yaml:6:40: 'gpu.memory_gb' is in GB, not MB"
    ),
    (
      5, "      gpu.memory_gb: {value: -16, provenance: spec, citation: x}",
      "p.yaml:6:30: gpu.memory_gb must be a number greater than 0, got -16"
    ),
    (
      5, "      gpu.memory_gb: {value: 16, provenance: spec, citation: \"  \"}",
      "p.yaml:6:62: 'gpu.memory_gb' needs a citation: where the number comes from"
    ),
    (
      5, "      gpu.memory_gb: {value: 16, provenance: spec, citation: x, source: y}",
      "p.yaml:6:65: unknown key in 'gpu.memory_gb' 'source'"
    ),
  ])
  func eachMistakeIsNamedWhereItIs(index: Int, line: String, message: String) throws {
    var lines = [
      "presets:", "  - name: nx", "    kind: gpu", "    base: jetson-agx-orin", "    values:",
      "      gpu.memory_gb: {value: 16, provenance: spec, citation: x}",
    ]
    #expect(throws: Never.self) { try PresetsFile.parse(lines.joined(separator: "\n"), file: "p.yaml") }
    lines[index] = line
    do {
      _ = try PresetsFile.parse(lines.joined(separator: "\n") + "\n", file: "p.yaml")
      Issue.record("accepted: \(line)")
    } catch {
      #expect(error.description.hasPrefix(message), "\(error.description)")
    }
  }

  @Test func aSpaceNamesItsOwnPresetsFromAFileOrAList() throws {
    let inline = """
      name: s
      presets:
        - name: fast-link
          kind: link
          base: pcie4-x16
          values:
            link.bw_gb_per_s: {value: 50, unit: GB/s, provenance: assumed, citation: what if}
      axes:
        link: [pcie4-x16, fast-link]
      prices:
        link: {fast-link: 90}
      """
    let space = try SpaceParser.parse(inline, file: "s.yaml")
    let point = try SpaceExpansion(space: space).point(1)
    #expect(point.hardware.link.name == "fast-link" && point.hardware.link.bandwidthBytesPerSecond == 50e9)
    #expect(space.presetsText == nil && space.prices[.link]?["fast-link"] == 90)
    let typo = inline.replacingOccurrences(of: "[pcie4-x16, fast-link]", with: "[pcie4-x16, fast-lnk]")
    #expect(throws: InputError("s.yaml:9:21: unknown link preset 'fast-lnk'; did you mean 'fast-link'?")) {
      try SpaceParser.parse(typo, file: "s.yaml")
    }
    // A file's text is kept (for the manifest) and parsed again from it.
    let fromFile = try SpaceParser.parse(
      "name: s\npresets: mine.yaml\naxes:\n  gpu: [orin-nx-16]\n", file: "s.yaml", presetsText: Self.valid)
    #expect(fromFile.presetsText == Self.valid)
    #expect(try SpaceExpansion(space: fromFile).point(0).hardware.gpu.memoryCapacityBytes == 16e9)
  }

  /// A calibration in a space with its own presets may fit those presets' values.
  @Test func aSpacesCalibrationMayNameItsOwnPresets() throws {
    let calibration = """
      calibration:
        fitted_to: [lab]
        reference_files: [lab.yaml]
        rms_log_error: {before: 1, after: 0.5}
      values:
        - {key: ndp.bw_gb_per_s, value: 140, presets: [lab-dimm], plausible: [100, 200]}
      """
    let space = """
      name: s
      presets:
        - name: lab-dimm
          kind: ndp
          base: ndp-dimm
      calibration: c.yaml
      axes:
        ndp: [ndp-dimm, lab-dimm]
      """
    let parsed = try SpaceParser.parse(space, file: "s.yaml", calibrationText: calibration)
    #expect(try SpaceExpansion(space: parsed).point(1).hardware.ndp.internalBandwidthBytesPerSecond == 140e9)
    #expect(try SpaceExpansion(space: parsed).point(0).hardware.ndp.internalBandwidthBytesPerSecond != 140e9)
    // Outside that space the name is unknown.
    #expect(throws: InputError.self) { try CalibrationFile.parse(calibration, file: "c.yaml") }
  }
}

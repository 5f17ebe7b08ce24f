import Basics
import DesignSpace
import NDPModel

/// `ndpscope presets`: every preset with its values, units and sources; a presets file's own are
/// marked as the user's (`origin`).
public enum PresetListing {
  /// `ndpscope presets [--kind K] [--presets FILE]`: the kind checked, the file read.
  public static func run(
    kind: String?, format: OutputFormat, presetsPath: String?
  ) throws(InputError) -> String {
    var selected: PresetKind?
    if let kind {
      guard let parsed = PresetKind(rawValue: kind) else {
        throw InputError.unknownName(
          kind: "preset kind", name: kind, known: PresetKind.allCases.map(\.rawValue))
      }
      selected = parsed
    }
    let catalog =
      try presetsPath.map { path throws(InputError) in try PresetsFile.parse(file: path).0 } ?? .shipped
    return render(kind: selected, as: format, catalog: catalog)
  }

  public static func render(
    kind: PresetKind?, as format: OutputFormat, catalog: PresetCatalog = .shipped
  ) -> String {
    let presets = catalog.presets.filter { kind == nil || $0.kind == kind }
    let origin = { (preset: Preset) in catalog.isUser(preset) ? "presets file" : "shipped" }
    switch format {
    case .json:
      let items = presets.map { preset -> JSONValue in
        .object([
          ("kind", .string(preset.kind.rawValue)), ("name", .string(preset.name)),
          ("summary", .string(preset.summary)), ("origin", .string(origin(preset))),
          (
            "values",
            .array(
              preset.values.map { entry in
                .object([
                  ("key", .string(entry.key)), ("value", .number(entry.value)),
                  ("unit", .string(unit(entry.key))),
                  ("provenance", .string(entry.source.provenance.rawValue)),
                  ("source", .string(entry.source.citation)),
                  (
                    "plausible",
                    entry.plausibleRange.map {
                      .array([.number($0.lowerBound), .number($0.upperBound)])
                    } ?? .null
                  ),
                ])
              })
          ),
        ])
      }
      return JSONValue.array(items).rendered() + "\n"
    case .csv:
      var lines = [
        CSV.row(["kind", "name", "key", "value", "unit", "provenance", "source", "plausible", "origin"])
      ]
      for preset in presets {
        for entry in preset.values {
          lines.append(
            CSV.row([
              preset.kind.rawValue, preset.name, entry.key, JSONValue.format(entry.value),
              unit(entry.key), entry.source.provenance.rawValue, entry.source.citation, plausible(entry),
              origin(preset),
            ]))
        }
      }
      return lines.joined(separator: "\n") + "\n"
    case .table:
      var out = ""
      for preset in presets {
        let mark = catalog.isUser(preset) ? " (from the presets file)" : ""
        out += "\(preset.kind.rawValue) \(preset.name)\(mark): \(preset.summary)\n"
        let rows = preset.values.map { entry in
          [
            "  " + entry.key,
            JSONValue.format(entry.value) + (unit(entry.key).isEmpty ? "" : " " + unit(entry.key)),
            entry.source.provenance.rawValue, plausible(entry), entry.source.citation,
          ]
        }
        out += TextTable.render(
          headings: ["  key", "value", "source", "plausible", "citation"], rows: rows, textColumns: [2, 3, 4]
        )
        .split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        out += "\n"
      }
      return out
    }
  }

  /// "25.6-102.4" for an assumed value with a plausible range, else empty.
  private static func plausible(_ entry: PresetValue) -> String {
    entry.plausibleRange.map { "\(JSONValue.format($0.lowerBound))-\(JSONValue.format($0.upperBound))" } ?? ""
  }

  private static func unit(_ key: String) -> String {
    (try? ParameterRegistry.parameter(named: key).unit) ?? ""
  }
}

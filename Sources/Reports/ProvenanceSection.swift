import DesignSpace
import NDPModel
import Simulation

/// Where every preset value on the page came from: spec, paper or assumed with its citation, and
/// where the run replaced it, what replaced it (a swept axis, a fixed setting, a calibration, the
/// command line).
enum ProvenanceSection {
  /// A preset value replaced for the run: what was used instead, and by whom.
  struct Override {
    var value: String
    var source: String
    var citation: String
  }

  typealias Overrides = (_ kind: PresetKind, _ preset: String, _ key: String) -> Override?

  static func add(
    to page: ReportTemplates.Page, presets: [PresetKind: [String]], overrides: Overrides, note: String? = nil,
    catalog: PresetCatalog = .shipped
  ) {
    let section = Sections.section(page, id: "provenance", title: "Where the preset values come from")
    Sections.note(
      section,
      "Every preset value the page used, with its source: spec (datasheet or config.json), paper, measured, or assumed (our choice, with the reasoning). Where the run replaced a value, the table shows what replaced it."
        + (note.map { " " + $0 } ?? ""))
    var rows: [[SortableTable.Cell]] = []
    for kind in PresetKind.allCases {
      for name in presets[kind] ?? [] {
        guard let preset = try? catalog.named(name, kind: kind) else { continue }
        for value in preset.values {
          let unit = (try? ParameterRegistry.parameter(named: value.key).unit) ?? ""
          let shown = Parameter.format(value.value) + (unit.isEmpty ? "" : " " + unit)
          var row: [SortableTable.Cell] = [.init(kind.rawValue), .init(name), .init(value.key)]
          if let override = overrides(kind, name, value.key) {
            row += [
              .init(override.value), .init(override.source), .init(override.citation + " (preset: \(shown))"),
            ]
          } else {
            row += [
              .init(shown, value: value.value), .init(value.source.provenance.rawValue),
              .init(value.source.citation),
            ]
          }
          rows.append(row)
        }
      }
    }
    SortableTable(
      columns: [
        .init("kind", numeric: false), .init("preset", numeric: false), .init("parameter", numeric: false),
        .init("value", numeric: true), .init("source", numeric: false), .init("citation", numeric: false),
      ], rows: rows
    ).draw(in: section)
  }

  /// The presets a sweep's points are built from: each kind's axis values, fixed value or default.
  static func presets(of space: Space) -> [PresetKind: [String]] {
    var result: [PresetKind: [String]] = [:]
    for kind in PresetKind.allCases {
      if let axis = space.axes.first(where: { $0.key == kind.rawValue }) {
        result[kind] = axis.values.map(\.description)
      } else if let fixed = space.fixed.last(where: { $0.key == kind.rawValue }) {
        result[kind] = [fixed.value.description]
      } else {
        result[kind] = [PresetSelection()[kind]]
      }
    }
    return result
  }

  /// What a space replaces: swept and fixed parameters, and calibrated values.
  static func overrides(of space: Space) -> Overrides {
    { _, preset, key in
      let unit = (try? ParameterRegistry.parameter(named: key).unit) ?? ""
      let suffix = unit.isEmpty ? "" : " " + unit
      if let axis = space.axes.first(where: { $0.key == key }) {
        return Override(
          value: "swept: " + SummarySection.describe(axis) + suffix, source: "swept",
          citation: "an axis of the space")
      }
      if let fixed = space.fixed.last(where: { $0.key == key }) {
        return Override(value: "\(fixed.value)\(suffix)", source: "user", citation: "fixed by the space")
      }
      if let calibration = space.calibration,
        let value = calibration.values.first(where: { $0.key == key && $0.presets.contains(preset) })
      {
        return Override(
          value: Parameter.format(value.value) + suffix, source: "calibrated",
          citation: "fitted in \(calibration.file)")
      }
      return nil
    }
  }
}

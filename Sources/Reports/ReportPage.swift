import DesignSpace
import Foundation
import NDPModel
import Routing
import Simulation

/// The template folder: `report.html` (slots: title, style, heading, subtitle, contents,
/// sections, footer, script), `report.css`, `report.js`.
public struct ReportTemplates {
  public let html: String
  public let css: String
  public let script: String
  public let folder: String

  public init(folder: String) throws(ReportError) {
    func read(_ name: String) throws(ReportError) -> String {
      let path = folder + "/" + name
      guard let data = FileManager.default.contents(atPath: path),
        let text = String(data: data, encoding: .utf8)
      else {
        throw ReportError(
          "\(path): cannot read the report template (pass --templates DIR with report.html, report.css, report.js)"
        )
      }
      return text
    }
    self.folder = folder
    html = try read("report.html")
    css = try read("report.css")
    script = try read("report.js")
  }

  /// A new page from the template with title, styles and script filled in.
  func page(
    title: String, subtitle: String
  ) throws(ReportError) -> (HTMLDocument, sections: HTMLNode, contents: HTMLNode?, footer: HTMLNode?) {
    let document = try HTMLDocument(template: html, file: folder + "/report.html")
    func fill(_ slot: String, _ text: String) {
      guard let node = document.slot(slot) else { return }
      node.clear()
      node.text(text)
    }
    fill("title", title)
    fill("heading", title)
    fill("subtitle", subtitle)
    fill("style", css)
    fill("script", script)
    guard let sections = document.slot("sections") else {
      throw ReportError("\(folder)/report.html: no element marked data-slot=\"sections\"")
    }
    sections.clear()
    let contents = document.slot("contents")
    contents?.clear()
    let footer = document.slot("footer")
    footer?.clear()
    footer?.text(
      "ndpscope \(NDPScopeVersion.current), libxml2 \(libxml2Version). No network or script is needed to read this page."
    )
    return (document, sections, contents, footer)
  }
}

/// Shared pieces of the sweep and eval pages.
enum Sections {
  static func section(_ parent: HTMLNode, contents: HTMLNode?, id: String, title: String) -> HTMLNode {
    contents?.element("a", attributes: [("href", "#" + id)], text: title)
    let node = parent.element("section", attributes: [("id", id)])
    node.element("h2", text: title)
    return node
  }

  static func figure(_ parent: HTMLNode, caption: String, draw: (HTMLNode) -> Void) {
    let figure = parent.element("figure")
    draw(figure)
    figure.element("figcaption", text: caption)
  }

  /// Where every preset value on the page came from.
  static func provenance(_ parent: HTMLNode, presets: [PresetKind: Set<String>]) {
    let rows = PresetKind.allCases.flatMap { kind in
      (presets[kind] ?? []).sorted().flatMap { name -> [[String]] in
        guard let preset = try? Presets.named(name, kind: kind) else { return [] }
        return preset.values.map { value in
          let unit = (try? ParameterRegistry.parameter(named: value.key).unit) ?? ""
          return [
            kind.rawValue, name, value.key, Parameter.format(value.value) + (unit.isEmpty ? "" : " " + unit),
            value.source.provenance.rawValue, value.source.citation,
          ]
        }
      }
    }
    SortableTable.draw(
      in: parent, headings: ["kind", "preset", "parameter", "value", "source", "citation"],
      numeric: [false, false, false, true, false, false], rows: rows)
  }

  static let breakdownParts = Breakdown().parts.map(\.key)

  static func timelines(_ parent: HTMLNode, schedules: [LayerSchedule], caption: String) {
    let end = (schedules.map(\.seconds).max() ?? 0) * 1e6
    let charts = parent.element("div", attributes: [("class", "charts")])
    for schedule in schedules {
      figure(charts, caption: "\(schedule.policy.rawValue): \(caption)") { node in
        TimelineChart.draw(
          in: node,
          title:
            "Schedule of \(schedule.policy.rawValue), step \(schedule.step), MoE layer \(schedule.layer)",
          schedule: schedule, endMicroseconds: end)
      }
    }
  }
}

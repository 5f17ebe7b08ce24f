import DesignSpace
import NDPModel
import Simulation

/// Building blocks every page section uses: a section with its entry in the contents, a figure
/// with a caption, a note.
enum Sections {
  static func section(_ page: ReportTemplates.Page, id: String, title: String) -> HTMLNode {
    page.contents?.element("a", attributes: [("href", "#" + id)], text: title)
    let node = page.sections.element("section", attributes: [("id", id)])
    node.element("h2", text: title)
    return node
  }

  static func figure(_ parent: HTMLNode, caption: String, wide: Bool = false, draw: (HTMLNode) -> Void) {
    let figure = parent.element("figure", attributes: wide ? [("class", "wide")] : [])
    draw(figure)
    figure.element("figcaption", text: caption)
  }

  @discardableResult
  static func note(_ parent: HTMLNode, _ text: String, warning: Bool = false) -> HTMLNode {
    parent.element("p", attributes: [("class", warning ? "note warning" : "note")], text: text)
  }

  /// A two-column table of facts (heading, value).
  static func facts(_ parent: HTMLNode, _ rows: [(String, String)]) {
    let table = parent.element("table", attributes: [("class", "facts")])
    for (key, value) in rows {
      let row = table.element("tr")
      row.element("th", attributes: [("class", "text")], text: key)
      row.element("td", attributes: [("class", "text")], text: value)
    }
  }

  static let breakdownParts = Breakdown().parts.map(\.key)

  /// Latency breakdown bars from parts in milliseconds, shown in seconds when they run long.
  static func breakdownBars(title: String, bars: [(label: String, milliseconds: [Double])]) -> StackedBars {
    let longest = bars.map { $0.milliseconds.reduce(0, +) }.max() ?? 0
    let seconds = longest >= 5000
    let parts = breakdownParts.map { (key: $0, label: PolicyStyle.partLabel($0)) }
    var chart = StackedBars(
      title: title, valueTitle: "end-to-end latency (\(seconds ? "s" : "ms"))", parts: parts,
      bars: bars.map { bar in
        StackedBars.Bar(label: bar.label, values: bar.milliseconds.map { seconds ? $0 / 1000 : $0 })
      })
    chart.format = { NumberFormat.significant($0) + (seconds ? " s" : " ms") }
    return chart
  }
}

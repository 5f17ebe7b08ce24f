/// A table whose columns sort on click (templates/report.js): numbers show 3-4 significant digits
/// with their unit and carry full precision in `data-value`; the sorted column shows ▲ or ▼
/// (`aria-sort`). Columns whose cells are all the same are left out (say so in a note if it
/// matters). The table scrolls inside its own box, never the page, and reads fine without script.
public struct SortableTable {
  public struct Column {
    public var heading: String
    public var numeric: Bool
    /// Keep the column's cells on one line (short names such as designs).
    public var nowrap = false
    /// The heading's tooltip (the full name when the heading is short).
    public var help: String?

    public init(_ heading: String, numeric: Bool, nowrap: Bool = false, help: String? = nil) {
      self.heading = heading
      self.numeric = numeric
      self.nowrap = nowrap
      self.help = help
    }
  }

  public struct Cell {
    public var text: String
    /// The exact number behind `text`, for sorting.
    public var value: Double?

    public init(_ text: String, value: Double? = nil) {
      self.text = text
      self.value = value
    }

    /// A metric's value formatted with its unit, exact in `value`.
    public static func metric(_ key: String, _ value: Double?) -> Cell {
      guard let value else { return Cell("") }
      return Cell(NumberFormat.metric(key, value), value: value)
    }
  }

  public var columns: [Column]
  public var rows: [[Cell]]
  /// Leave out columns whose cells are all equal (when there are at least two rows).
  public var dropConstantColumns = false
  /// The column the rows come sorted by, and whether ascending (shows the indicator).
  public var sortedBy: (column: Int, ascending: Bool)?

  public init(columns: [Column], rows: [[Cell]]) {
    self.columns = columns
    self.rows = rows
  }

  /// Columns shown: all, or those that vary.
  var shownColumns: [Int] {
    guard dropConstantColumns, rows.count > 1 else { return Array(columns.indices) }
    return columns.indices.filter { column in
      let first = rows[0][column].text
      return rows.contains { $0[column].text != first }
    }
  }

  public func draw(in parent: HTMLNode) {
    let box = parent.element("div", attributes: [("class", "table-box")])
    let table = box.element("table", attributes: [("class", "sortable")])
    let shown = shownColumns
    let head = table.element("thead").element("tr")
    for index in shown {
      let column = columns[index]
      var attributes = [("title", (column.help.map { $0 + "; " } ?? "") + "click to sort")]
      if !column.numeric { attributes.append(("class", "text")) }
      if let sortedBy, sortedBy.column == index {
        attributes.append(("aria-sort", sortedBy.ascending ? "ascending" : "descending"))
      }
      head.element("th", attributes: attributes, text: column.heading)
    }
    let body = table.element("tbody")
    for row in rows {
      let tr = body.element("tr")
      for index in shown {
        let cell = row[index]
        let classes = (columns[index].numeric ? [] : ["text"]) + (columns[index].nowrap ? ["nowrap"] : [])
        var attributes: [(String, String)] =
          classes.isEmpty ? [] : [("class", classes.joined(separator: " "))]
        if let value = cell.value { attributes.append(("data-value", NumberFormat.exact(value))) }
        tr.element("td", attributes: attributes, text: cell.text)
      }
    }
  }
}

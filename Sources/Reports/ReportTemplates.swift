import Foundation
import NDPModel

/// The page skeleton every report is built from: `report.html` (elements marked `data-slot`:
/// title, style, heading, subtitle, contents, sections, footer, script), `report.css` and
/// `report.js`. The binary carries the shipped ones (templates/); a folder passed with
/// `--templates` replaces them.
public struct ReportTemplates: Sendable {
  public let html: String
  public let css: String
  public let script: String
  /// Where they came from, for messages: a folder, or "built-in templates".
  public let origin: String

  /// The templates compiled into the binary.
  public static let builtIn = ReportTemplates(
    html: String(decoding: PackageResources.report_html, as: UTF8.self),
    css: String(decoding: PackageResources.report_css, as: UTF8.self),
    script: String(decoding: PackageResources.report_js, as: UTF8.self), origin: "built-in templates")

  init(html: String, css: String, script: String, origin: String) {
    self.html = html
    self.css = css
    self.script = script
    self.origin = origin
  }

  /// The templates of `folder`, or the built-in ones when it is nil.
  public static func load(folder: String?) throws(ReportError) -> ReportTemplates {
    guard let folder else { return builtIn }
    return try ReportTemplates(folder: folder)
  }

  public init(folder: String) throws(ReportError) {
    func read(_ name: String) throws(ReportError) -> String {
      let path = folder + "/" + name
      guard let data = FileManager.default.contents(atPath: path),
        let text = String(data: data, encoding: .utf8)
      else {
        throw ReportError(
          "\(path): cannot read the report template (--templates DIR needs report.html, report.css and report.js)"
        )
      }
      return text
    }
    self.init(
      html: try read("report.html"), css: try read("report.css"), script: try read("report.js"),
      origin: folder)
  }

  /// The parts of a new page that sections are added to.
  struct Page {
    let document: HTMLDocument
    let sections: HTMLNode
    let contents: HTMLNode?
  }

  /// A new page from the template with title, styles and script filled in.
  func page(title: String, subtitle: String) throws(ReportError) -> Page {
    let file = origin == Self.builtIn.origin ? "report.html (built in)" : origin + "/report.html"
    let document = try HTMLDocument(template: html, file: file)
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
      throw ReportError("\(file): no element marked data-slot=\"sections\"")
    }
    sections.clear()
    let contents = document.slot("contents")
    contents?.clear()
    fill(
      "footer",
      "ndpscope \(NDPScopeVersion.current), libxml2 \(libxml2Version). No network or script is needed to read this page."
    )
    return Page(document: document, sections: sections, contents: contents)
  }
}

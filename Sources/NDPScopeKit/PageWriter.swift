import Basics
import Reports

/// Writes a page: the templates loaded (built in, or `folder`), the page rendered with them, the
/// file replaced atomically; a report failure becomes one sentence (exit code 2).
enum PageWriter {
  /// Returns the page's size in bytes.
  @discardableResult
  static func write(
    to path: String, templates folder: String?, render: (ReportTemplates) throws(ReportError) -> String
  ) throws(InputError) -> Int {
    let html: String
    do {
      html = try render(try ReportTemplates.load(folder: folder))
    } catch {
      throw InputError(error.description)
    }
    try AtomicFile.write(html, to: path)
    return html.utf8.count
  }
}

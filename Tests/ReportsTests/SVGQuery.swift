import Foundation
import FoundationXML

@testable import Reports

/// A drawn chart read back as XML, to check what a reader would see: marks, legend swatches and
/// their colours, by `data-key`.
struct SVGQuery {
  let document: XMLDocument

  init(_ node: HTMLNode) throws { document = try XMLDocument(xmlString: node.xml()) }

  init(svg text: String) throws { document = try XMLDocument(xmlString: text) }

  func elements(_ xpath: String) -> [XMLElement] {
    ((try? document.nodes(forXPath: xpath)) ?? []).compactMap { $0 as? XMLElement }
  }

  /// (`attribute(forName:)` misses attributes of namespaced elements in swift-corelibs.)
  static func attribute(_ element: XMLElement, _ name: String) -> String? {
    element.attributes?.first { $0.name == name }?.stringValue
  }

  /// The colour a mark shows: its fill, or its outline when hollow or a line.
  static func color(_ element: XMLElement) -> String? {
    let fill = attribute(element, "fill")
    if let fill, fill != "none", fill != "#ffffff" { return fill.uppercased() }
    return attribute(element, "stroke")?.uppercased()
  }

  /// Legend keys in order.
  var legendKeys: [String] {
    elements("//*[@class='legend-item']").compactMap { Self.attribute($0, "data-key") }
  }

  /// The swatch colour of legend entry `key`.
  func swatchColor(_ key: String) -> String? {
    elements("//*[@class='legend-item'][@data-key='\(key)']/*[@data-key='\(key)']").first.flatMap(Self.color)
  }

  /// Drawn marks and lines of `key`, legend excluded.
  func marks(_ key: String) -> [XMLElement] {
    elements("//*[@data-key='\(key)'][not(ancestor::*[@class='legend'])]")
  }
}

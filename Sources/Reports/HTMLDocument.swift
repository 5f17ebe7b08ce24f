import CLibXML2

/// A small Swift face over libxml2's tree API for building HTML5 pages.
///
/// Text and attribute values always go through libxml2 (`xmlNewTextChild`, `xmlNodeAddContent`,
/// `xmlNewProp`), which escape them on output; nothing here concatenates markup.
public final class HTMLDocument {
  let document: htmlDocPtr
  public let root: HTMLNode
  public let head: HTMLNode
  public let body: HTMLNode

  public init(title: String, language: String = "en") {
    let document = htmlNewDocNoDtD(nil, nil)!
    // <!DOCTYPE html>: an internal subset named html with no public or system id.
    withXMLString("html") { _ = xmlCreateIntSubset(document, $0, nil, nil) }
    let html = withXMLString("html") { xmlNewDocNode(document, nil, $0, nil)! }
    xmlDocSetRootElement(document, html)
    self.document = document
    root = HTMLNode(html)
    root.set("lang", language)
    head = root.element("head")
    body = root.element("body")
    head.element("meta", attributes: [("charset", "utf-8")])
    head.element("title", text: title)
  }

  deinit { xmlFreeDoc(document) }

  /// The page as HTML5 text (libxml2's HTML serializer, indented).
  public func serialized() -> String {
    let buffer = xmlBufferCreate()
    defer { xmlBufferFree(buffer) }
    let output = xmlOutputBufferCreateBuffer(buffer, nil)
    htmlDocContentDumpFormatOutput(output, document, "UTF-8", 1)
    xmlOutputBufferClose(output)
    guard let content = xmlBufferContent(buffer) else { return "" }
    return String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
  }
}

/// An element of an `HTMLDocument`; valid while its document lives.
public struct HTMLNode {
  let node: xmlNodePtr

  init(_ node: xmlNodePtr) { self.node = node }

  /// Appends a child element with optional attributes and escaped text.
  @discardableResult
  public func element(
    _ name: String, attributes: [(String, String)] = [], text: String? = nil
  ) -> HTMLNode {
    let child = withXMLString(name) { xmlName in
      if let text {
        return withXMLString(text) { xmlNewTextChild(node, nil, xmlName, $0)! }
      }
      return xmlNewChild(node, nil, xmlName, nil)!
    }
    let result = HTMLNode(child)
    for (key, value) in attributes { result.set(key, value) }
    return result
  }

  /// Appends escaped text.
  public func text(_ text: String) {
    withXMLString(text) { xmlNodeAddContent(node, $0) }
  }

  /// Sets an attribute (escaped on output).
  public func set(_ name: String, _ value: String) {
    withXMLString(name) { xmlName in
      withXMLString(value) { _ = xmlSetProp(node, xmlName, $0) }
    }
  }
}

/// Calls `body` with `text` as a NUL-terminated `xmlChar` string.
func withXMLString<T>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
  text.withCString { pointer in
    pointer.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1) { body($0) }
  }
}

/// The libxml2 version these reports are built against, e.g. "2.9.14".
public let libxml2Version: String = LIBXML_DOTTED_VERSION

/// Checks that `text` parses as well-formed XML (used for inline SVG); returns the parser's
/// first error message when it does not.
public func xmlWellFormednessError(_ text: String) -> String? {
  let parsed: xmlDocPtr? = text.withCString { pointer in
    xmlReadMemory(
      pointer, Int32(text.utf8.count), "inline.xml", "UTF-8",
      Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
  }
  guard let parsed else {
    if let error = xmlGetLastError(), let message = error.pointee.message {
      return String(cString: message).trimmingCharacters()
    }
    return "not well-formed"
  }
  xmlFreeDoc(parsed)
  return nil
}

extension String {
  fileprivate func trimmingCharacters() -> String {
    var text = Substring(self)
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}

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

  /// A page from a template: `templates/report.html` with elements marked `data-slot="NAME"`,
  /// parsed by libxml2's HTML parser.
  public init(template text: String, file: String) throws(ReportError) {
    let options = Int32(
      HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
    guard
      let parsed = text.withCString({ pointer in
        htmlReadMemory(pointer, Int32(text.utf8.count), file, "UTF-8", options)
      })
    else { throw ReportError("\(file): the template is not readable HTML") }
    document = parsed
    guard let html = xmlDocGetRootElement(parsed) else {
      xmlFreeDoc(parsed)
      throw ReportError("\(file): the template has no <html> element")
    }
    root = HTMLNode(html)
    guard let headNode = HTMLDocument.find(html, name: "head"),
      let bodyNode = HTMLDocument.find(html, name: "body")
    else {
      xmlFreeDoc(parsed)
      throw ReportError("\(file): the template needs <head> and <body>")
    }
    head = HTMLNode(headNode)
    body = HTMLNode(bodyNode)
  }

  deinit { xmlFreeDoc(document) }

  /// The element marked `data-slot="name"`; the mark is removed so the page does not show it.
  public func slot(_ name: String) -> HTMLNode? {
    guard let node = HTMLDocument.findSlot(root.node, name) else { return nil }
    withXMLString("data-slot") { _ = xmlUnsetProp(node, $0) }
    return HTMLNode(node)
  }

  static func find(_ node: xmlNodePtr, name: String) -> xmlNodePtr? {
    var child = node.pointee.children
    while let current = child {
      if current.pointee.type == XML_ELEMENT_NODE, String(cString: current.pointee.name) == name {
        return current
      }
      child = current.pointee.next
    }
    return nil
  }

  static func findSlot(_ node: xmlNodePtr, _ name: String) -> xmlNodePtr? {
    if node.pointee.type == XML_ELEMENT_NODE,
      let value = withXMLString("data-slot", { xmlGetProp(node, $0) })
    {
      let text = String(cString: UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
      ndpscope_xmlFree(value)
      if text == name { return node }
    }
    var child = node.pointee.children
    while let current = child {
      if let found = findSlot(current, name) { return found }
      child = current.pointee.next
    }
    return nil
  }

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

/// A report could not be made: one sentence naming the file and what was wrong.
public struct ReportError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
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

  /// Removes every child (the placeholder text of a template slot).
  public func clear() {
    var child = node.pointee.children
    while let current = child {
      child = current.pointee.next
      xmlUnlinkNode(current)
      xmlFreeNode(current)
    }
  }

  /// The subtree as XML text (libxml2's XML serializer), e.g. to check an inline SVG.
  public func xml() -> String {
    let buffer = xmlBufferCreate()
    defer { xmlBufferFree(buffer) }
    xmlNodeDump(buffer, node.pointee.doc, node, 0, 0)
    guard let content = xmlBufferContent(buffer) else { return "" }
    return String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
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

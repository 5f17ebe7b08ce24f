import Testing

@testable import Reports

@Suite struct HTMLDocumentTests {
  @Test func textFromUsersIsEscapedNotInterpreted() {
    let page = HTMLDocument(title: "<script>alert(1)</script>")
    page.body.element("h1", text: "a < b & \"c\"")
    page.body.element("p", attributes: [("title", "\"><script>x</script>")]).text("<b>not bold</b>")
    let html = page.serialized()
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
    #expect(html.contains("a &lt; b &amp; \"c\""))
    #expect(html.contains("&lt;b&gt;not bold&lt;/b&gt;"))
    #expect(!html.contains("<script>"))
    #expect(html.contains("<meta charset=\"utf-8\">"))
    #expect(html.contains("<html lang=\"en\">"))
  }

  @Test func wellFormednessIsCheckedByLibXML2() {
    #expect(xmlWellFormednessError("<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>") == nil)
    #expect(xmlWellFormednessError("<svg><g></svg>") != nil)
    #expect(libxml2Version.split(separator: ".").count == 3)
  }
}

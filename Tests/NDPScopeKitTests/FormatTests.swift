import Basics
import Testing

@testable import NDPModel

@Suite struct FormatTests {
  @Test func jsonEscapesQuotesControlCharactersAndKeepsKeyOrder() {
    let value = JSONValue.object([
      ("z", .string("a\"b\\c\n\u{1}")), ("a", .array([.integer(1), .number(0.5), .null, .bool(true)])),
    ])
    #expect(value.rendered(indent: nil) == #"{"z":"a\"b\\c\n\u0001","a":[1,0.5,null,true]}"#)
    #expect(JSONValue.format(.infinity) == "null")
    #expect(JSONValue.format(3) == "3")
  }

  @Test func csvQuotesOnlyWhenNeeded() {
    #expect(CSV.row(["plain", "with,comma", "with \"quote\""]) == #"plain,"with,comma","with ""quote""""#)
  }
}

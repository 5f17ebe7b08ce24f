import Basics
import Foundation
import Testing

/// The byte-level JSON reader agrees with Foundation's parser on what is valid JSON and on the
/// values it reads.
@Suite struct JSONScannerTests {
  static let samples = [
    #"{}"#, #"{"a":1}"#,
    #"{"a":[1,2.5,-3e2,0.000001],"b":"x\"y\\z\u00e9\ud83d\ude00","c":{"d":[true,false,null,[]]}}"#,
    #" { "a" : -0 , "b" : 1E+2 } "#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#, #"{"a" 1}"#,
    #"{"a":tru}"#, #"{"a":"unterminated}"#, "{\"a\":\"tab\there\"}", #"{"a":1}}"#,
    #"{1:2}"#, #"{"a":[[[1]]],"b":{"c":{"d":{}}}}"#, #"{"a":"\q"}"#, #"{"a":1e}"#, #"{"a":-}"#, #"[1,2]"#,
    #"{"a":1 .5}"#, #"{"a":- 1}"#, #"{"a":1e 5}"#,
  ]

  func scannerAccepts(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      do {
        try scanner.object { scanner, _ throws(JSONScanner.Failure) in try scanner.skipValue() }
        return scanner.atEnd()
      } catch { return false }
    }
  }

  func foundationAcceptsObject(_ text: String) -> Bool {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any]
  }

  @Test func validityAgreesWithFoundation() {
    for sample in Self.samples {
      #expect(scannerAccepts(sample) == foundationAcceptsObject(sample), "\(sample)")
    }
  }

  /// Foundation accepts trailing commas; RFC 8259 does not, and neither does the scanner.
  @Test func trailingCommasAreRejected() {
    #expect(!scannerAccepts(#"{"a":[1,]}"#))
    #expect(!scannerAccepts(#"{"a":1,}"#))
  }

  @Test func valuesAgreeWithFoundation() throws {
    let text =
      #"{"n":[1,-2.5,3e-7,0.1,123456789012345678,1.7976931348623157e308],"s":"a\nb\u00e9\ud83d\ude00\/"}"#
    let reference = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var numbers: [Double] = []
    var string: String?
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBufferPointer { buffer throws(JSONScanner.Failure) in
      var scanner = JSONScanner(buffer)
      try scanner.object { scanner, key throws(JSONScanner.Failure) in
        if key.elementsEqual("n".utf8) {
          _ = try scanner.numbers(into: &numbers)
        } else {
          string = try scanner.string()
        }
      }
    }
    #expect(numbers == (reference["n"] as? [NSNumber])?.map(\.doubleValue))
    #expect(string == reference["s"] as? String)
  }

  /// Numbers read on the exact fast path equal the general conversion's, bit for bit.
  @Test func numbersEqualTheGeneralConversion() throws {
    var rng = SeededGenerator(state: 0x9E37_79B9_7F4A_7C15)
    var texts = [
      "0", "-0", "0.1", "1e22", "1e23", "123456789012345", "1234567890123456", "9007199254740993", "2.5e-22",
    ]
    for _ in 0..<2000 {
      let digits = String(UInt64.random(in: 0...999_999_999_999_999_999, using: &rng)).prefix(
        Int.random(in: 1...18, using: &rng))
      let point = Int.random(in: 0...digits.count, using: &rng)
      let mantissa = digits.prefix(point) + (point < digits.count ? "." + digits.dropFirst(point) : "")
      let text = (mantissa.hasPrefix(".") ? "0" + mantissa : String(mantissa))
      texts.append(Bool.random(using: &rng) ? text : text + "e\(Int.random(in: -30...30, using: &rng))")
    }
    for text in texts where Double(text) != nil {
      let bytes = Array(text.utf8)
      let read = try bytes.withUnsafeBufferPointer { buffer throws(JSONScanner.Failure) in
        var scanner = JSONScanner(buffer)
        return try scanner.number()
      }
      #expect(read?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }
  }

  @Test func aFailureSaysWhatWasExpectedAndWhere() {
    let bytes = Array(#"{"a":[1,2,}"#.utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      #expect(throws: JSONScanner.Failure(expected: "a value", offset: 10)) {
        try scanner.object { scanner, _ throws(JSONScanner.Failure) in try scanner.skipValue() }
      }
    }
  }
}

/// A seeded generator (xorshift64*), so the random cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }
}

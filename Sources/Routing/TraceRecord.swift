import Basics

/// One record line of a routing trace, as read (before its values are checked against the
/// header). Reused from line to line, so reading allocates nothing per record (a string value,
/// only "phase", is small enough to stay inline).
struct TraceRecord {
  var request: Double?
  var phase: Phase?
  var token: Double?
  var layer: Double?
  /// Each list, and whether its key held a list of numbers.
  var experts: [Double] = []
  var scores: [Double] = []
  var candidates: [Double] = []
  var candidateScores: [Double] = []
  var hasExperts = false
  var hasScores = false
  var hasCandidates = false
  var hasCandidateScores = false

  /// Reads the object of `line` into this record. Keys other than the format's are skipped.
  mutating func read(_ line: UnsafeBufferPointer<UInt8>) throws(JSONScanner.Failure) {
    request = nil
    phase = nil
    token = nil
    layer = nil
    hasExperts = false
    hasScores = false
    hasCandidates = false
    hasCandidateScores = false
    var scanner = JSONScanner(line)
    try scanner.object { scanner, key throws(JSONScanner.Failure) in try member(&scanner, key) }
    guard scanner.atEnd() else {
      throw JSONScanner.Failure(expected: "the end of the line", offset: scanner.offset)
    }
  }

  private mutating func member(
    _ scanner: inout JSONScanner, _ key: UnsafeBufferPointer<UInt8>
  ) throws(JSONScanner.Failure) {
    func list(_ values: inout [Double]) throws(JSONScanner.Failure) -> Bool {
      values.removeAll(keepingCapacity: true)
      return try scanner.numbers(into: &values)
    }
    func number() throws(JSONScanner.Failure) -> Double? {
      if let value = try scanner.number() { return value }
      try scanner.skipValue()
      return nil
    }
    // Keys compared as bytes: "candidate_scores" is too long for an inline String.
    if Self.key(key, is: "request") {
      request = try number()
    } else if Self.key(key, is: "token") {
      token = try number()
    } else if Self.key(key, is: "layer") {
      layer = try number()
    } else if Self.key(key, is: "phase") {
      guard let text = try scanner.string() else { return try scanner.skipValue() }
      phase = Phase(rawValue: text)
    } else if Self.key(key, is: "experts") {
      hasExperts = try list(&experts)
    } else if Self.key(key, is: "scores") {
      hasScores = try list(&scores)
    } else if Self.key(key, is: "candidates") {
      hasCandidates = try list(&candidates)
    } else if Self.key(key, is: "candidate_scores") {
      hasCandidateScores = try list(&candidateScores)
    } else {
      try scanner.skipValue()
    }
  }

  private static func key(_ bytes: UnsafeBufferPointer<UInt8>, is name: StaticString) -> Bool {
    bytes.count == name.utf8CodeUnitCount && (0..<bytes.count).allSatisfy { bytes[$0] == name.utf8Start[$0] }
  }
}

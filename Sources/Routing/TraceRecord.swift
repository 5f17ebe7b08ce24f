import Basics

/// One record line of a routing trace, as read (before its values are checked against the
/// header). Reused from line to line, so reading allocates nothing per record.
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
    switch String(decoding: key, as: UTF8.self) {
    case "request": request = try number()
    case "token": token = try number()
    case "layer": layer = try number()
    case "phase":
      guard let text = try scanner.string() else { return try scanner.skipValue() }
      phase = Phase(rawValue: text)
    case "experts": hasExperts = try list(&experts)
    case "scores": hasScores = try list(&scores)
    case "candidates": hasCandidates = try list(&candidates)
    case "candidate_scores": hasCandidateScores = try list(&candidateScores)
    default: try scanner.skipValue()
    }
  }
}

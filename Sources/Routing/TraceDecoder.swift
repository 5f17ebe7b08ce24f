import Basics

/// Reads a routing trace (`RoutingTrace`) from its bytes, line by line, in place: a header, then
/// one record per request, phase, token and MoE layer, in any order. Every error names the file,
/// the line and the key at fault.
struct TraceDecoder {
  private var line: TraceLine
  private var header: TraceHeader!
  private var requests: [RequestRoute] = []
  /// Per request and phase (`2 * request + phase`), whether each (token, layer) record was seen.
  private var seen: [[Bool]] = []
  private var recordCount = 0
  /// Activations per layer and expert, for the profile.
  private var counts: [[Double]] = []
  /// The line on which each expert last appeared in a record (duplicate ids within one record).
  private var lastLine: [Int] = []
  private var record = TraceRecord()

  init(file: String) { line = TraceLine(file: file, number: 0) }

  private var file: String { line.file }
  private var lineNumber: Int { line.number }
  private func fail(_ message: String) -> InputError { line.fail(message) }

  mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) -> Routing {
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
      line.number += 1
      let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
      if !isBlank(text) {
        if header == nil { try readHeader(text) } else { try readRecord(text) }
      }
      start = end + 1
    }
    guard let header else {
      throw InputError(
        "\(file): empty trace; expected a header line with \"format\": \"\(RoutingTrace.formatName)\"")
    }
    try checkComplete()
    let profile = counts.map { row -> [Double] in
      let total = row.reduce(0, +)
      return total > 0 ? row.map { $0 / total } : row
    }
    return Routing(
      experts: header.experts, topK: header.topK, layers: header.layers, candidates: header.candidates,
      requests: requests, profile: profile)
  }

  private func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
  }

  private mutating func readHeader(_ text: UnsafeBufferPointer<UInt8>) throws(InputError) {
    let header = try TraceHeader(line: text, fail: line.fail)
    self.header = header
    requests = (0..<header.requests).map { _ in
      RequestRoute(
        prefill: RouteBlock(
          tokens: header.promptTokens, layers: header.layers, topK: header.topK, width: header.width),
        decode: RouteBlock(
          tokens: header.outputTokens - 1, layers: header.layers, topK: header.topK, width: header.width))
    }
    seen = (0..<header.requests * 2).map { index in
      [Bool](repeating: false, count: tokens(index % 2 == 0 ? .prefill : .decode) * header.layers)
    }
    counts = [[Double]](repeating: [Double](repeating: 0, count: header.experts), count: header.layers)
    lastLine = [Int](repeating: 0, count: header.experts)
  }

  private func tokens(_ phase: Phase) -> Int {
    phase == .prefill ? header.promptTokens : header.outputTokens - 1
  }

  private mutating func readRecord(_ text: UnsafeBufferPointer<UInt8>) throws(InputError) {
    do throws(JSONScanner.Failure) {
      try record.read(text)
    } catch {
      throw fail(error.message)
    }
    let request = try TraceHeader.wholeNumber(record.request, key: "request", minimum: 0, fail: line.fail)
    guard request < header.requests else {
      throw fail("\"request\" must be below \(header.requests) (the header's requests)")
    }
    guard let phase = record.phase else { throw fail("\"phase\" must be \"prefill\" or \"decode\"") }
    let token = try TraceHeader.wholeNumber(record.token, key: "token", minimum: 0, fail: line.fail)
    guard token < tokens(phase) else {
      throw fail("\"token\" must be below \(tokens(phase)) for \(phase.rawValue)")
    }
    let layer = try TraceHeader.wholeNumber(record.layer, key: "layer", minimum: 0, fail: line.fail)
    guard layer < header.layers else { throw fail("\"layer\" must be below \(header.layers)") }
    try checkLists()
    let index = 2 * request + (phase == .prefill ? 0 : 1)
    let slot = token * header.layers + layer
    guard !seen[index][slot] else {
      throw fail("duplicate record for request \(request), \(phase.rawValue) token \(token), layer \(layer)")
    }
    seen[index][slot] = true
    recordCount += 1
    store(request: request, phase: phase, slot: slot, layer: layer)
  }

  /// The record's lists: their lengths, expert ids in range and distinct, scores in [0, 1].
  private mutating func checkLists() throws(InputError) {
    try checkExperts(record.experts, present: record.hasExperts, key: "experts", count: header.topK)
    try checkScores(record.scores, present: record.hasScores, key: "scores", count: header.topK)
    if header.candidates > 0 {
      try checkExperts(
        record.candidates, present: record.hasCandidates, key: "candidates", count: header.candidates)
      try checkScores(
        record.candidateScores, present: record.hasCandidateScores, key: "candidate_scores",
        count: header.candidates)
    }
    try checkDistinct(record.experts)
    if header.candidates > 0 { try checkDistinct(record.candidates) }
  }

  /// No expert id twice in one record (across its lists too).
  private mutating func checkDistinct(_ ids: [Double]) throws(InputError) {
    for e in ids {
      guard lastLine[Int(e)] != lineNumber else { throw fail("an expert id appears twice in one record") }
      lastLine[Int(e)] = lineNumber
    }
  }

  private func checkExperts(_ ids: [Double], present: Bool, key: String, count: Int) throws(InputError) {
    guard present, ids.count == count else { throw fail("\"\(key)\" must be a list of \(count) expert ids") }
    for id in ids where id.rounded() != id || id < 0 || id >= Double(header.experts) {
      throw fail("\"\(key)\" must hold expert ids from 0 to \(header.experts - 1)")
    }
  }

  private func checkScores(_ scores: [Double], present: Bool, key: String, count: Int) throws(InputError) {
    guard present, scores.count == count else {
      throw fail("\"\(key)\" must be a list of \(count) gate scores")
    }
    for score in scores where !(score >= 0 && score <= 1) {
      throw fail("\"\(key)\" must hold gate scores between 0 and 1")
    }
  }

  private mutating func store(request: Int, phase: Phase, slot: Int, layer: Int) {
    let base = slot * header.width
    func fill(_ block: inout RouteBlock) {
      for i in 0..<header.topK {
        block.experts[base + i] = UInt16(record.experts[i])
        block.scores[base + i] = Float(record.scores[i])
      }
      for i in 0..<(header.width - header.topK) {
        block.experts[base + header.topK + i] = UInt16(record.candidates[i])
        block.scores[base + header.topK + i] = Float(record.candidateScores[i])
      }
    }
    if phase == .prefill { fill(&requests[request].prefill) } else { fill(&requests[request].decode) }
    for e in record.experts { counts[layer][Int(e)] += 1 }
  }

  private func checkComplete() throws(InputError) {
    let expected = header.requests * (header.promptTokens + header.outputTokens - 1) * header.layers
    guard recordCount != expected else { return }
    for (index, flags) in seen.enumerated() {
      if let missing = flags.firstIndex(of: false) {
        let phase = index % 2 == 0 ? "prefill" : "decode"
        throw InputError(
          "\(file): trace is incomplete: \(expected - recordCount) of \(expected) records missing, "
            + "first: request \(index / 2), \(phase) token \(missing / header.layers), layer \(missing % header.layers)"
        )
      }
    }
  }
}

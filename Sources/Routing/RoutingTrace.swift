import Basics
import Foundation
import NDPModel

/// The JSON Lines routing trace format (documented in README.md, "Routing traces").
///
/// Line 1 is a header:
/// `{"format":"ndpscope-routing-trace","version":1,"experts":128,"top_k":8,"layers":48,
///   "candidates":4,"requests":1,"prompt_tokens":512,"output_tokens":512}`
/// then one record per request, phase, token and MoE layer, in any order:
/// `{"request":0,"phase":"prefill","token":0,"layer":0,"experts":[5,17,...],"scores":[0.21,...],
///   "candidates":[3,...],"candidate_scores":[0.01,...]}`
/// `experts` are the top-k activated experts, best first; `scores` their gate scores (softmax over
/// all experts); `candidates`/`candidate_scores` the next-best experts (optional when the header
/// says 0 candidates). Decode tokens are numbered 0 to output_tokens - 2.
public enum RoutingTrace {
  public static let formatName = "ndpscope-routing-trace"
  public static let version = 1

  /// Writes `routing` line by line through `emit` (each string is one line without newline).
  public static func encode(_ routing: Routing, emit: (String) -> Void) {
    let header =
      "{\"format\":\"\(formatName)\",\"version\":\(version),\"experts\":\(routing.experts),"
      + "\"top_k\":\(routing.topK),\"layers\":\(routing.layers),\"candidates\":\(routing.candidates),"
      + "\"requests\":\(routing.requests.count),\"prompt_tokens\":\(routing.promptTokens),"
      + "\"output_tokens\":\(routing.decodeSteps + 1)}"
    emit(header)
    for (r, request) in routing.requests.enumerated() {
      for phase in Phase.allCases {
        let block = request.block(phase)
        for token in 0..<block.tokens {
          for layer in 0..<block.layers {
            let base = block.base(token: token, layer: layer)
            var line =
              "{\"request\":\(r),\"phase\":\"\(phase.rawValue)\",\"token\":\(token),\"layer\":\(layer),"
            line += "\"experts\":" + list(block.experts[base..<base + block.topK])
            line += ",\"scores\":" + list(block.scores[base..<base + block.topK])
            if block.width > block.topK {
              line += ",\"candidates\":" + list(block.experts[base + block.topK..<base + block.width])
              line +=
                ",\"candidate_scores\":" + list(block.scores[base + block.topK..<base + block.width])
            }
            line += "}"
            emit(line)
          }
        }
      }
    }
  }

  private static func list<T: CustomStringConvertible>(_ values: ArraySlice<T>) -> String {
    "[" + values.map(\.description).joined(separator: ",") + "]"
  }

  /// Parses a whole trace. Errors name `file`, the line number and the key at fault.
  public static func decode(_ text: String, file: String) throws(InputError) -> Routing {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
    var lineNumber = 0
    func fail(_ message: String) -> InputError { InputError("\(file):\(lineNumber): \(message)") }

    // Header.
    var headerLine: Substring?
    while let line = lines.next() {
      lineNumber += 1
      if !line.allSatisfy(\.isWhitespace) {
        headerLine = line
        break
      }
    }
    guard let headerLine else {
      throw InputError("\(file): empty trace; expected a header line with \"format\": \"\(formatName)\"")
    }
    let header = try object(headerLine, fail)
    guard header["format"] as? String == formatName else {
      throw fail("first line must be a header with \"format\": \"\(formatName)\"")
    }
    guard try integer(header, "version", fail, minimum: 1) == version else {
      throw fail("unsupported version; this ndpscope reads version \(version)")
    }
    let experts = try integer(header, "experts", fail, minimum: 1)
    let topK = try integer(header, "top_k", fail, minimum: 1)
    let layers = try integer(header, "layers", fail, minimum: 1)
    let candidates = try integer(header, "candidates", fail, minimum: 0)
    let requestCount = try integer(header, "requests", fail, minimum: 1)
    let promptTokens = try integer(header, "prompt_tokens", fail, minimum: 1)
    let outputTokens = try integer(header, "output_tokens", fail, minimum: 1)
    guard topK + candidates <= experts, experts <= Int(UInt16.max) else {
      throw fail("top_k + candidates must not exceed experts (at most 65535)")
    }
    let width = topK + candidates
    var requests = (0..<requestCount).map { _ in
      RequestRoute(
        prefill: RouteBlock(tokens: promptTokens, layers: layers, topK: topK, width: width),
        decode: RouteBlock(tokens: outputTokens - 1, layers: layers, topK: topK, width: width))
    }
    var seen = [[Bool]](
      repeating: [], count: requestCount * 2)
    for r in 0..<requestCount {
      seen[2 * r] = [Bool](repeating: false, count: promptTokens * layers)
      seen[2 * r + 1] = [Bool](repeating: false, count: (outputTokens - 1) * layers)
    }
    var recordCount = 0
    var counts = [[Double]](repeating: [Double](repeating: 0, count: experts), count: layers)

    while let line = lines.next() {
      lineNumber += 1
      if line.allSatisfy(\.isWhitespace) { continue }
      let record = try object(line, fail)
      let request = try integer(record, "request", fail, minimum: 0)
      guard request < requestCount else {
        throw fail("\"request\" must be below \(requestCount) (the header's requests)")
      }
      guard let phaseText = record["phase"] as? String, let phase = Phase(rawValue: phaseText) else {
        throw fail("\"phase\" must be \"prefill\" or \"decode\"")
      }
      let tokens = phase == .prefill ? promptTokens : outputTokens - 1
      let token = try integer(record, "token", fail, minimum: 0)
      guard token < tokens else {
        throw fail("\"token\" must be below \(tokens) for \(phase.rawValue)")
      }
      let layer = try integer(record, "layer", fail, minimum: 0)
      guard layer < layers else { throw fail("\"layer\" must be below \(layers)") }
      let chosen = try expertList(record, "experts", count: topK, experts: experts, fail)
      let scores = try scoreList(record, "scores", count: topK, fail)
      var alternatives: [Int] = []
      var alternativeScores: [Float] = []
      if candidates > 0 {
        alternatives = try expertList(record, "candidates", count: candidates, experts: experts, fail)
        alternativeScores = try scoreList(record, "candidate_scores", count: candidates, fail)
      }
      let all = chosen + alternatives
      guard Set(all).count == all.count else { throw fail("an expert id appears twice in one record") }
      let index = 2 * request + (phase == .prefill ? 0 : 1)
      let slot = token * layers + layer
      guard !seen[index][slot] else {
        throw fail(
          "duplicate record for request \(request), \(phase.rawValue) token \(token), layer \(layer)")
      }
      seen[index][slot] = true
      recordCount += 1
      let base = slot * width
      let allScores = scores + alternativeScores
      for i in 0..<width {
        if phase == .prefill {
          requests[request].prefill.experts[base + i] = UInt16(all[i])
          requests[request].prefill.scores[base + i] = allScores[i]
        } else {
          requests[request].decode.experts[base + i] = UInt16(all[i])
          requests[request].decode.scores[base + i] = allScores[i]
        }
      }
      for e in chosen { counts[layer][e] += 1 }
    }
    let expected = requestCount * (promptTokens + outputTokens - 1) * layers
    if recordCount != expected {
      for (index, flags) in seen.enumerated() {
        if let missing = flags.firstIndex(of: false) {
          let phase = index % 2 == 0 ? "prefill" : "decode"
          throw InputError(
            "\(file): trace is incomplete: \(expected - recordCount) of \(expected) records missing, "
              + "first: request \(index / 2), \(phase) token \(missing / layers), layer \(missing % layers)")
        }
      }
    }
    let profile = counts.map { row -> [Double] in
      let total = row.reduce(0, +)
      return total > 0 ? row.map { $0 / total } : row
    }
    return Routing(
      experts: experts, topK: topK, layers: layers, candidates: candidates, requests: requests,
      profile: profile)
  }

  private static func object(
    _ line: Substring, _ fail: (String) -> InputError
  ) throws(InputError) -> [String: Any] {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
    } catch {
      throw fail("not valid JSON")
    }
    guard let object = parsed as? [String: Any] else { throw fail("expected a JSON object") }
    return object
  }

  /// JSON `true`/`false` arrive as NSNumber too; on Linux `is Bool` also holds for the numbers
  /// 0 and 1, so look at the boxed type instead.
  private static func isBoolean(_ number: NSNumber) -> Bool {
    String(describing: type(of: number)).contains("Boolean") || String(cString: number.objCType) == "c"
  }

  private static func integer(
    _ object: [String: Any], _ key: String, _ fail: (String) -> InputError, minimum: Int
  ) throws(InputError) -> Int {
    guard let number = object[key] as? NSNumber, !isBoolean(number) else {
      throw fail("\"\(key)\" is missing or not a number")
    }
    let value = number.doubleValue
    guard value.rounded() == value, value >= Double(minimum), value < 1e12 else {
      throw fail("\"\(key)\" must be a whole number of at least \(minimum)")
    }
    return Int(value)
  }

  private static func expertList(
    _ object: [String: Any], _ key: String, count: Int, experts: Int, _ fail: (String) -> InputError
  ) throws(InputError) -> [Int] {
    guard let array = object[key] as? [Any], array.count == count else {
      throw fail("\"\(key)\" must be a list of \(count) expert ids")
    }
    var ids: [Int] = []
    for item in array {
      guard let number = item as? NSNumber, !isBoolean(number),
        number.doubleValue.rounded() == number.doubleValue,
        number.intValue >= 0, number.intValue < experts
      else { throw fail("\"\(key)\" must hold expert ids from 0 to \(experts - 1)") }
      ids.append(number.intValue)
    }
    return ids
  }

  private static func scoreList(
    _ object: [String: Any], _ key: String, count: Int, _ fail: (String) -> InputError
  ) throws(InputError) -> [Float] {
    guard let array = object[key] as? [Any], array.count == count else {
      throw fail("\"\(key)\" must be a list of \(count) gate scores")
    }
    var scores: [Float] = []
    for item in array {
      guard let number = item as? NSNumber, !isBoolean(number), number.doubleValue >= 0,
        number.doubleValue <= 1
      else { throw fail("\"\(key)\" must hold gate scores between 0 and 1") }
      scores.append(number.floatValue)
    }
    return scores
  }
}

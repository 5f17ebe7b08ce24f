import Basics
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
    try decode(bytes: Array(text.utf8), file: file)
  }

  /// Parses a whole trace from its bytes (`TraceDecoder`).
  public static func decode(bytes: [UInt8], file: String) throws(InputError) -> Routing {
    var decoder = TraceDecoder(file: file)
    return try bytes.withUnsafeBufferPointer { buffer throws(InputError) in try decoder.decode(buffer) }
  }
}

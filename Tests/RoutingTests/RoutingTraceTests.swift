import Basics
import NDPModel
import Testing

@testable import Routing

@Suite struct RoutingTraceTests {
  static let model = RoutingGeneratorTests.model(
    experts: 10, topK: 2, layers: 3, requestDrift: 0.3, locality: 0.2)
  static let workload = Workload(batchSize: 2, promptTokens: 5, outputTokens: 4, seed: 12)

  static func encoded(_ routing: Routing) -> [String] {
    var lines: [String] = []
    RoutingTrace.encode(routing) { lines.append($0) }
    return lines
  }

  @Test func roundTripKeepsEveryDecisionExactly() throws {
    let routing = RoutingGenerator.generate(model: Self.model, workload: Self.workload)
    let lines = Self.encoded(routing)
    #expect(lines.count == 1 + 2 * (5 + 3) * 3)
    let decoded = try RoutingTrace.decode(lines.joined(separator: "\n") + "\n", file: "t.jsonl")
    #expect(decoded.requests == routing.requests)
    #expect(decoded.candidates == routing.candidates)
    #expect(Self.encoded(decoded) == lines)
  }

  @Test func recordsMayComeInAnyOrder() throws {
    let routing = RoutingGenerator.generate(model: Self.model, workload: Self.workload)
    var lines = Self.encoded(routing)
    let header = lines.removeFirst()
    let shuffled = [header] + lines.reversed()
    let decoded = try RoutingTrace.decode(shuffled.joined(separator: "\n"), file: "t.jsonl")
    #expect(decoded.requests == routing.requests)
  }

  func error(_ lines: [String]) -> String {
    do {
      _ = try RoutingTrace.decode(lines.joined(separator: "\n"), file: "bad.jsonl")
      return "no error"
    } catch {
      return error.description
    }
  }

  static let header =
    #"{"format":"ndpscope-routing-trace","version":1,"experts":4,"top_k":1,"layers":1,"candidates":0,"requests":1,"prompt_tokens":1,"output_tokens":2}"#
  static let prefill = #"{"request":0,"phase":"prefill","token":0,"layer":0,"experts":[1],"scores":[0.5]}"#
  static let decode = #"{"request":0,"phase":"decode","token":0,"layer":0,"experts":[2],"scores":[0.4]}"#

  @Test func aMinimalHandWrittenTraceIsRead() throws {
    let routing = try RoutingTrace.decode(
      [Self.header, Self.prefill, Self.decode].joined(separator: "\n"), file: "t")
    #expect(routing.requests[0].prefill.experts == [1])
    #expect(routing.requests[0].decode.experts == [2])
    #expect(routing.profile[0] == [0, 0.5, 0.5, 0])
  }

  @Test func malformedLinesAreReportedWithTheirLineNumber() {
    #expect(
      error([Self.header, "{not json", Self.decode])
        == "bad.jsonl:2: not valid JSON: expected a string at column 2")
    #expect(
      error([Self.header, Self.prefill + " x", Self.decode])
        == "bad.jsonl:2: not valid JSON: expected the end of the line at column \(Self.prefill.count + 2)")
    #expect(
      error([
        Self.header, Self.prefill.replacingOccurrences(of: "\"token\":0", with: "\"token\":true"),
        Self.decode,
      ])
        == "bad.jsonl:2: \"token\" is missing or not a number")
    #expect(
      error([Self.header, Self.prefill, Self.decode.replacingOccurrences(of: "[2]", with: "[9]")])
        == "bad.jsonl:3: \"experts\" must hold expert ids from 0 to 3")
    #expect(
      error([Self.header, Self.prefill, Self.prefill]).hasPrefix("bad.jsonl:3: duplicate record"))
    #expect(
      error([Self.header, Self.prefill.replacingOccurrences(of: "\"prefill\"", with: "\"warmup\"")])
        == "bad.jsonl:2: \"phase\" must be \"prefill\" or \"decode\"")
    #expect(error([Self.prefill]).hasPrefix("bad.jsonl:1: first line must be a header"))
    #expect(error([]).hasPrefix("bad.jsonl: empty trace"))
    #expect(
      error([Self.header, Self.prefill])
        == "bad.jsonl: trace is incomplete: 1 of 2 records missing, first: request 0, decode token 0, layer 0"
    )
    #expect(
      error([Self.header, Self.prefill.replacingOccurrences(of: "0.5", with: "1.5"), Self.decode])
        == "bad.jsonl:2: \"scores\" must hold gate scores between 0 and 1")
  }

  @Test func hostileLinesAreRefusedNotCrashedOn() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(
      error([Self.header, "{\"request\":" + deep])
        == "bad.jsonl:2: not valid JSON: expected at most 256 nested arrays and objects at column 268")
    let huge = Self.header.replacingOccurrences(
      of: "\"prompt_tokens\":1", with: "\"prompt_tokens\":900000000000")
    #expect(error([huge]).hasPrefix("bad.jsonl:1: the header describes more than 100000000 routed slots"))
  }

  @Test func aTraceMustMatchThePointItDrives() throws {
    let routing = try RoutingTrace.decode(
      [Self.header, Self.prefill, Self.decode].joined(separator: "\n"), file: "t")
    #expect(throws: InputError.self) { try routing.check(model: Self.model, workload: Self.workload) }
  }
}

import Basics

/// The first line of a routing trace: the shape of the routing that follows.
struct TraceHeader {
  var experts = 0
  var topK = 0
  var layers = 0
  var candidates = 0
  var requests = 0
  var promptTokens = 0
  var outputTokens = 0

  var width: Int { topK + candidates }

  /// Reads the header from `line`; `fail` makes an error that names the line.
  init(line: UnsafeBufferPointer<UInt8>, fail: (String) -> InputError) throws(InputError) {
    var format: String?
    var numbers: [String: Double] = [:]
    var scanner = JSONScanner(line)
    do throws(JSONScanner.Failure) {
      try scanner.object { scanner, key throws(JSONScanner.Failure) in
        let name = String(decoding: key, as: UTF8.self)
        if name == "format", let text = try scanner.string() {
          format = text
        } else if let number = try scanner.number() {
          numbers[name] = number
        } else {
          try scanner.skipValue()
        }
      }
      guard scanner.atEnd() else {
        throw JSONScanner.Failure(expected: "the end of the line", offset: scanner.offset)
      }
    } catch {
      throw fail(error.message)
    }
    guard format == RoutingTrace.formatName else {
      throw fail("first line must be a header with \"format\": \"\(RoutingTrace.formatName)\"")
    }
    func integer(_ key: String, minimum: Int) throws(InputError) -> Int {
      try TraceHeader.wholeNumber(numbers[key], key: key, minimum: minimum, fail: fail)
    }
    guard try integer("version", minimum: 1) == RoutingTrace.version else {
      throw fail("unsupported version; this ndpscope reads version \(RoutingTrace.version)")
    }
    experts = try integer("experts", minimum: 1)
    topK = try integer("top_k", minimum: 1)
    layers = try integer("layers", minimum: 1)
    candidates = try integer("candidates", minimum: 0)
    requests = try integer("requests", minimum: 1)
    promptTokens = try integer("prompt_tokens", minimum: 1)
    outputTokens = try integer("output_tokens", minimum: 1)
    guard topK + candidates <= experts, experts <= Int(UInt16.max) else {
      throw fail("top_k + candidates must not exceed experts (at most 65535)")
    }
    guard let slots = routedSlots, slots <= TraceHeader.maximumSlots else {
      throw fail(
        "the header describes more than \(TraceHeader.maximumSlots) routed slots "
          + "(requests x (prompt_tokens + output_tokens - 1) x layers x (top_k + candidates))")
    }
  }

  /// The most routed slots a trace may describe (about 600 MB once read).
  static let maximumSlots = 100_000_000

  /// Requests x tokens x layers x (top_k + candidates), or nil when it overflows.
  var routedSlots: Int? {
    var total = requests
    for factor in [promptTokens + outputTokens - 1, layers, width] {
      let (product, overflow) = total.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      total = product
    }
    return total
  }

  /// `value` as a whole number of at least `minimum` (below 10^12), or an error naming `key`.
  static func wholeNumber(
    _ value: Double?, key: String, minimum: Int, fail: (String) -> InputError
  ) throws(InputError) -> Int {
    guard let value else { throw fail("\"\(key)\" is missing or not a number") }
    guard value.rounded() == value, value >= Double(minimum), value < 1e12 else {
      throw fail("\"\(key)\" must be a whole number of at least \(minimum)")
    }
    return Int(value)
  }
}

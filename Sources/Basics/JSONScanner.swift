/// Reads one JSON value byte by byte, in place: the reader behind line-oriented JSON files that
/// hold millions of small objects (routing traces), where building a dictionary of boxed values
/// per line costs more than the whole simulation.
///
/// It checks JSON's grammar for everything it reads or skips (RFC 8259: literals, numbers,
/// strings with escapes, nested arrays and objects, at most `maximumDepth` deep) and says what it
/// expected at the byte where reading stopped. The bytes inside strings are not checked to be
/// UTF-8 (a string read is decoded with replacement characters). Strings are compared as raw bytes, so keys with escapes never match a plain
/// name, which is what a format with fixed ASCII keys wants.
public struct JSONScanner {
  public struct Failure: Error, Equatable {
    /// What was expected, e.g. "a number".
    public let expected: String
    /// Byte offset where reading stopped.
    public let offset: Int

    public init(expected: String, offset: Int) {
      self.expected = expected
      self.offset = offset
    }

    /// One sentence for a line of JSON: what was expected, and at which column.
    public var message: String { "not valid JSON: expected \(expected) at column \(offset + 1)" }
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  public private(set) var offset: Int
  /// Arrays and objects open around the current position; past `maximumDepth` reading fails
  /// (so a hostile line cannot exhaust the stack).
  private var depth = 0
  public static let maximumDepth = 256

  /// A scanner over `bytes`, valid while they are.
  public init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    offset = 0
  }

  /// Whether only whitespace remains.
  public mutating func atEnd() -> Bool {
    skipWhitespace()
    return offset == bytes.count
  }

  /// Calls `member` with each key of the object that starts here (the scanner then stands at its
  /// value, which `member` must read or `skipValue()`).
  public mutating func object(
    _ member: (inout JSONScanner, UnsafeBufferPointer<UInt8>) throws(Failure) -> Void
  ) throws(Failure) {
    try expect(UInt8(ascii: "{"), "an object")
    try enter()
    defer { depth -= 1 }
    if take(UInt8(ascii: "}")) { return }
    repeat {
      let key = try rawString()
      try expect(UInt8(ascii: ":"), "':' after a key")
      try member(&self, key)
    } while take(UInt8(ascii: ","))
    try expect(UInt8(ascii: "}"), "',' or '}'")
  }

  /// The number that starts here, or nil when the value is of another kind (nothing consumed).
  public mutating func number() throws(Failure) -> Double? {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "-") || isDigit(bytes[offset]) else {
      return nil
    }
    let start = offset
    try numberToken()
    let token = UnsafeBufferPointer(rebasing: bytes[start..<offset])
    if let exact = JSONScanner.exactValue(token) { return exact }
    guard let value = Double(String(decoding: token, as: UTF8.self)) else {
      throw Failure(expected: "a number", offset: start)
    }
    return value
  }

  /// The value of a valid number token when it has at most 15 digits and a power of ten within
  /// 10^±22: both are then exact doubles, so one multiplication or division rounds correctly
  /// (Clinger's fast path). Nil otherwise, for the general conversion.
  static func exactValue(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    var mantissa = 0
    var digits = 0
    var fractionDigits = 0
    var inFraction = false
    var i = 0
    let negative = token.first == UInt8(ascii: "-")
    if negative { i = 1 }
    while i < token.count {
      let byte = token[i]
      if byte == UInt8(ascii: ".") {
        inFraction = true
      } else if byte &- 48 < 10 {
        mantissa = mantissa &* 10 &+ Int(byte &- 48)
        digits += 1
        if inFraction { fractionDigits += 1 }
      } else {
        break
      }
      i += 1
    }
    var exponent = 0
    if i < token.count {
      guard let value = shortExponent(token, from: i + 1) else { return nil }
      exponent = value
    }
    let power = exponent - fractionDigits
    guard digits <= 15, abs(power) <= 22 else { return nil }
    let value =
      power >= 0 ? Double(mantissa) * exactPowersOfTen[power] : Double(mantissa) / exactPowersOfTen[-power]
    return negative ? -value : value
  }

  /// The exponent written from `start` (after the `e`): a sign and at most four digits, else nil.
  private static func shortExponent(_ token: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var i = start
    let negative = token[i] == UInt8(ascii: "-")
    if negative || token[i] == UInt8(ascii: "+") { i += 1 }
    guard token.count - i <= 4 else { return nil }
    let value = (i..<token.count).reduce(0) { $0 * 10 + Int(token[$1] &- 48) }
    return negative ? -value : value
  }

  /// 10^0 ... 10^22, each exact in a double.
  private static let exactPowersOfTen: [Double] = (0...22).map { k in
    (0..<k).reduce(1.0) { value, _ in value * 10 }
  }

  /// Reads the value that starts here: appends its numbers to `values` when it is an array of
  /// numbers and returns true; else reads past it and returns false.
  public mutating func numbers(into values: inout [Double]) throws(Failure) -> Bool {
    skipWhitespace()
    guard take(UInt8(ascii: "[")) else {
      try skipValue()
      return false
    }
    if take(UInt8(ascii: "]")) { return true }
    repeat {
      guard let value = try number() else {
        try skipValue()
        try skipRestOfArray()
        return false
      }
      values.append(value)
    } while take(UInt8(ascii: ","))
    try expect(UInt8(ascii: "]"), "',' or ']'")
    return true
  }

  /// The string that starts here, escapes resolved, or nil when the value is of another kind.
  public mutating func string() throws(Failure) -> String? {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
    let start = offset
    let raw = try rawString()
    if !raw.contains(UInt8(ascii: "\\")) { return String(decoding: raw, as: UTF8.self) }
    return try JSONScanner.unescaped(raw, at: start)
  }

  /// Reads past the value that starts here, whatever its kind.
  public mutating func skipValue() throws(Failure) {
    skipWhitespace()
    guard offset < bytes.count else { throw failure("a value") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): try object { scanner, _ throws(Failure) in try scanner.skipValue() }
    case UInt8(ascii: "["):
      offset += 1
      try enter()
      defer { depth -= 1 }
      if take(UInt8(ascii: "]")) { return }
      try skipValue()
      try skipRestOfArray()
    case UInt8(ascii: "\""): _ = try rawString()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default:
      guard try number() != nil else { throw failure("a value") }
    }
  }

  private mutating func enter() throws(Failure) {
    depth += 1
    guard depth <= JSONScanner.maximumDepth else {
      throw failure("at most \(JSONScanner.maximumDepth) nested arrays and objects")
    }
  }

  private mutating func skipRestOfArray() throws(Failure) {
    while take(UInt8(ascii: ",")) { try skipValue() }
    try expect(UInt8(ascii: "]"), "',' or ']'")
  }

  private mutating func literal(_ word: StaticString) throws(Failure) {
    let count = word.utf8CodeUnitCount
    guard offset + count <= bytes.count,
      (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] })
    else { throw failure("a value") }
    offset += count
  }

  /// Reads a number's token by JSON's grammar.
  private mutating func numberToken() throws(Failure) {
    _ = takeHere(UInt8(ascii: "-"))
    guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("a digit") }
    if bytes[offset] == UInt8(ascii: "0") { offset += 1 } else { skipDigits() }
    if takeHere(UInt8(ascii: ".")) {
      guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("a digit after '.'") }
      skipDigits()
    }
    if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
      offset += 1
      if !takeHere(UInt8(ascii: "+")) { _ = takeHere(UInt8(ascii: "-")) }
      guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("an exponent") }
      skipDigits()
    }
  }

  private mutating func skipDigits() {
    while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
  }

  /// The bytes between the quotes of the string that starts here (escapes left as written).
  private mutating func rawString() throws(Failure) -> UnsafeBufferPointer<UInt8> {
    try expect(UInt8(ascii: "\""), "a string")
    let start = offset
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        offset += 1
        return UnsafeBufferPointer(rebasing: bytes[start..<offset - 1])
      }
      guard byte >= 0x20 else { throw failure("no control character inside a string") }
      offset += 1
      if byte == UInt8(ascii: "\\") { try escape() }
    }
    throw failure("a closing '\"'")
  }

  /// Reads past the escape after a backslash: one of `"\\/bfnrt`, or `u` and four hex digits.
  private mutating func escape() throws(Failure) {
    guard offset < bytes.count else { throw failure("an escape") }
    let byte = bytes[offset]
    offset += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      return
    default: break
    }
    guard byte == UInt8(ascii: "u"), offset + 4 <= bytes.count,
      (offset..<offset + 4).allSatisfy({ bytes[$0].isHexDigit })
    else { throw failure("a valid escape") }
    offset += 4
  }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0A, 0x0D: offset += 1
      default: return
      }
    }
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == byte else { return false }
    offset += 1
    return true
  }

  /// Like `take`, without skipping whitespace first (inside a token).
  private mutating func takeHere(_ byte: UInt8) -> Bool {
    guard offset < bytes.count, bytes[offset] == byte else { return false }
    offset += 1
    return true
  }

  private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
    guard take(byte) else { throw failure(what) }
  }

  private func failure(_ expected: String) -> Failure { Failure(expected: expected, offset: offset) }

  private func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
}

extension JSONScanner {
  /// The text of a string's raw bytes with its escapes resolved (`start`: where the string
  /// began, for the failure). The scanner has already checked every escape's form.
  static func unescaped(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) throws(Failure) -> String {
    var bytes: [UInt8] = []
    var i = 0
    while i < raw.count {
      guard raw[i] == UInt8(ascii: "\\"), i + 1 < raw.count else {
        bytes.append(raw[i])
        i += 1
        continue
      }
      if let byte = simpleEscape(raw[i + 1]) {
        bytes.append(byte)
        i += 2
        continue
      }
      var code = hex4(raw, at: i + 2)
      i += 6
      if (0xD800..<0xDC00).contains(code), i + 5 < raw.count, raw[i] == UInt8(ascii: "\\"),
        raw[i + 1] == UInt8(ascii: "u")
      {
        let low = hex4(raw, at: i + 2)
        if (0xDC00..<0xE000).contains(low) {
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          i += 6
        }
      }
      bytes.append(contentsOf: String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The byte a one-letter escape stands for (`\n` -> LF), or nil for `\u`.
  private static func simpleEscape(_ letter: UInt8) -> UInt8? {
    switch letter {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return letter
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    default: return nil
    }
  }

  /// The value of the four hex digits at `index` (checked by the scanner).
  private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
    (index..<index + 4).reduce(0) { value, i in
      let byte = raw[i] | 0x20
      return value << 4 | UInt32(byte <= UInt8(ascii: "9") ? byte &- 48 : byte &- 87)
    }
  }
}

extension UInt8 {
  fileprivate var isHexDigit: Bool {
    (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self)
  }
}

/// Why rows were left out, counted by kind of reason: an infeasibility reason with its numbers
/// replaced by `#` ("NDP memory: # GB of experts per unit exceed # GB"), keeping one full example
/// of each. At most `limit` kinds are kept apart; the rest count as "other reasons".
public struct ReasonCounts: Sendable {
  public struct Reason: Sendable {
    public var kind: String
    public var example: String
    public var count: Int
  }

  public static let otherKind = "other reasons"
  let limit: Int
  private var index: [String: Int] = [:]
  public private(set) var reasons: [Reason] = []
  public private(set) var total = 0

  public init(limit: Int = 40) { self.limit = limit }

  public mutating func add(_ text: String) {
    total += 1
    let kind = Self.kind(of: text)
    if let position = index[kind] {
      reasons[position].count += 1
      return
    }
    let key = reasons.count < limit ? kind : Self.otherKind
    if let position = index[key] {
      reasons[position].count += 1
    } else {
      index[key] = reasons.count
      reasons.append(Reason(kind: key, example: text, count: 1))
    }
  }

  /// Most frequent first (ties in order of first appearance).
  public var sorted: [Reason] {
    reasons.enumerated().sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }.map(
      \.element)
  }

  /// `text` with every number (digits, with their decimal point) replaced by `#`.
  static func kind(of text: String) -> String {
    var result = ""
    var inNumber = false
    for character in text {
      if character.isNumber || (inNumber && character == ".") {
        if !inNumber { result.append("#") }
        inNumber = true
      } else {
        inNumber = false
        result.append(character)
      }
    }
    return result
  }
}

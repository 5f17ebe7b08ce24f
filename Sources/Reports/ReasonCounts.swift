/// Why rows were left out, counted by kind of reason: an infeasibility reason with its numbers
/// replaced by `#` ("NDP memory: # GB of experts per unit exceed # GB"), keeping one full example
/// of each. A counted noun is one kind in either number ("(# unit)", "(# units)"): the kind shown
/// is the first met. At most `limit` kinds are kept apart; the rest count as "other reasons".
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
    let grouping = Self.singular(kind)
    if let position = index[grouping] {
      reasons[position].count += 1
      return
    }
    let key = reasons.count < limit ? grouping : Self.otherKind
    if let position = index[key] {
      reasons[position].count += 1
    } else {
      index[key] = reasons.count
      reasons.append(Reason(kind: key == Self.otherKind ? key : kind, example: text, count: 1))
    }
  }

  /// Most frequent first (ties in order of first appearance).
  public var sorted: [Reason] {
    reasons.enumerated().sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }.map(
      \.element)
  }

  /// `kind` with the noun after each count in the singular ("# units" -> "# unit").
  static func singular(_ kind: String) -> String {
    guard kind.contains("# ") else { return kind }
    var result = ""
    var counted = false
    var previous: Character = " "
    for character in kind {
      if !character.isLetter, counted, result.last == "s" { result.removeLast() }
      if !character.isLetter { counted = character == " " && previous == "#" }
      result.append(character)
      previous = character
    }
    if counted, result.last == "s" { result.removeLast() }
    return result
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

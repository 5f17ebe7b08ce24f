/// Bad input from a user: one sentence naming the file, line or key and what was expected.
///
/// The CLI prints `description` and exits with code 2.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
  public var description: String

  public init(_ description: String) { self.description = description }

  public static func unknownName(kind: String, name: String, known: [String]) -> InputError {
    var sentence = "unknown \(kind) '\(name)'"
    if let near = Suggestion.nearest(to: name, in: known) {
      sentence += "; did you mean '\(near)'?"
    } else {
      sentence += "; known: \(known.joined(separator: ", "))"
    }
    return InputError(sentence)
  }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
  /// The candidate closest to `word` (case-insensitive Levenshtein distance), if it is close
  /// enough to be a plausible typo: at most a third of the longer word, or a prefix match.
  public static func nearest(to word: String, in candidates: [String]) -> String? {
    let lower = word.lowercased()
    // A word that starts exactly one candidate is that one, however short it is.
    let extensions = candidates.filter { $0.lowercased().hasPrefix(lower) }
    if !lower.isEmpty && extensions.count == 1 { return extensions[0] }
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(lower, candidate.lowercased())
      if best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = max(2, max(lower.count, candidate.count) / 3)
    if distance <= limit || candidate.lowercased().hasPrefix(lower) { return candidate }
    return nil
  }

  /// Levenshtein distance over Unicode scalars, O(|a| * |b|) time, O(|b|) memory.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }
}

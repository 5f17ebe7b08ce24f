/// A count with its noun in the right number: "1 unit", "3 units". Nouns whose plural is not
/// the singular plus "s" give it.
public enum Counted {
  public static func text(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
  }
}

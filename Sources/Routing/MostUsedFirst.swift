/// The order of a phase's experts wherever it is made (the table's lists, the smoe decisions):
/// most uses first, ties by lower id. By insertion: a phase has a few experts (at most the
/// model's), and the library's sort costs more in calls than in comparisons here.
public enum MostUsedFirst {
  /// Sorts `experts` by `uses` (of an expert), most first, ties by lower id.
  @inlinable
  public static func sort(_ experts: inout [Int], uses: (Int) -> Int32) {
    experts.withUnsafeMutableBufferPointer { experts in
      for i in experts.indices.dropFirst() {
        let e = experts[i]
        let n = uses(e)
        var j = i
        while j > 0 {
          let before = experts[j - 1]
          let m = uses(before)
          guard n > m || (n == m && e < before) else { break }
          experts[j] = before
          j -= 1
        }
        experts[j] = e
      }
    }
  }
}

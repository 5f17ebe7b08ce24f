import Basics
import Routing

/// Lists of values phase by phase, flat: phase p's are `values[offsets[p] ..< offsets[p + 1]]`.
/// What the decisions of a policy keep per phase (entries to look at, experts to release, guesses
/// to queue).
struct PhaseLists<Value: BitwiseCopyable> {
  let offsets: RawStorage<Int>
  let values: RawStorage<Value>

  init(_ builder: PhaseListBuilder<Value>) {
    offsets = RawStorage(copying: builder.offsets)
    values = RawStorage(copying: builder.values)
  }

  var approximateBytes: Int { 8 * offsets.count + MemoryLayout<Value>.stride * values.count }

  /// Raw pointers to the lists, valid while this value's storage lives (its holder keeps it).
  var view: PhaseListView<Value> {
    PhaseListView(offsets: offsets.pointer, values: values.pointer)
  }
}

/// What the step loop reads of `PhaseLists`: raw pointers, so that no read goes through the
/// storage objects again behind the loop's writes.
struct PhaseListView<Value: BitwiseCopyable> {
  let offsets: UnsafePointer<Int>
  let values: UnsafePointer<Value>

  init(offsets: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<Value>) {
    self.offsets = UnsafePointer(offsets)
    self.values = UnsafePointer(values)
  }

  @inline(__always) subscript(phase: Int) -> UnsafeBufferPointer<Value> {
    let first = offsets[phase]
    return UnsafeBufferPointer(start: values + first, count: offsets[phase &+ 1] &- first)
  }
}

/// `PhaseLists` being built: values are appended to the open phase, which `close` ends.
struct PhaseListBuilder<Value: BitwiseCopyable> {
  private(set) var offsets = [0]
  private(set) var values: [Value] = []

  mutating func append(_ value: Value) { values.append(value) }
  mutating func append(contentsOf more: [Value]) { values.append(contentsOf: more) }
  mutating func close() { offsets.append(values.count) }
}

extension PhaseLists {
  /// For each entry of `table` that passes `test`, phase by phase, its `value`.
  init(table: ActivationTable, where test: (Int) -> Bool, value: (Int) -> Value) {
    var builder = PhaseListBuilder<Value>()
    for phase in 0..<(table.offsets.count - 1) {
      for entry in table.offsets[phase]..<table.offsets[phase + 1] where test(entry) {
        builder.append(value(entry))
      }
      builder.close()
    }
    self.init(builder)
  }
}

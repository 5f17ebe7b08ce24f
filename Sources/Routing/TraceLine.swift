import Basics

/// Where in a trace a reader is, for its errors (small, so a closure over it copies no state).
struct TraceLine {
  let file: String
  var number: Int

  func fail(_ message: String) -> InputError { InputError("\(file):\(number): \(message)") }
}

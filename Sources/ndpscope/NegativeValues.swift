/// Negative numbers given after a space (`--ndp-units -1`): the argument parser reads `-1` as an
/// option and says a value is missing, where `--ndp-units=-1` gets the clear range message. Joining
/// the two makes both spellings one, so both get the same message.
enum NegativeValues {
  static func joined(_ arguments: [String]) -> [String] {
    var result: [String] = []
    var i = 0
    while i < arguments.count {
      let argument = arguments[i]
      // After `--` every argument is a value as written.
      if argument == "--" { return result + arguments[i...] }
      if i + 1 < arguments.count, isLongOption(argument), isNegativeNumber(arguments[i + 1]) {
        result.append(argument + "=" + arguments[i + 1])
        i += 2
      } else {
        result.append(argument)
        i += 1
      }
    }
    return result
  }

  /// `--name`, without a value of its own.
  static func isLongOption(_ argument: String) -> Bool {
    argument.hasPrefix("--") && argument.count > 2 && !argument.contains("=")
  }

  /// `-1`, `-0.5`, `-1e3`, `-.5`: a minus followed by something that reads as a number.
  static func isNegativeNumber(_ argument: String) -> Bool {
    argument.hasPrefix("-") && argument.count > 1 && Double(argument) != nil
  }
}

import Basics
import Foundation

#if FUZZING
  import CFuzzDriver
#endif

/// `ndpscope-fuzz TARGET [ARGS...]`. Built for fuzzing (scripts/fuzz.sh), ARGS go to libFuzzer
/// (a corpus folder, -max_total_time=N, ...); in a plain build, each ARG is an input file to run
/// through TARGET once (to replay what the fuzzer found).
let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
  let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
  FileHandle.standardError.write(
    Data("usage: ndpscope-fuzz TARGET [ARGS...]; TARGET is one of \(names)\n".utf8))
  exit(2)
}

#if FUZZING
  nonisolated(unsafe) var selected = target
  var driverArguments = [arguments[0]] + arguments.dropFirst(2)
  var count = Int32(driverArguments.count)
  var pointers = driverArguments.map { strdup($0) } + [nil]
  let status = pointers.withUnsafeMutableBufferPointer { buffer in
    var argv = buffer.baseAddress
    return LLVMFuzzerRunDriver(&count, &argv) { data, size in
      selected.run(UnsafeBufferPointer(start: data, count: size))
      return 0
    }
  }
  exit(status)
#else
  for path in arguments.dropFirst(2) {
    guard let data = FileManager.default.contents(atPath: path) else {
      FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
      exit(2)
    }
    data.withUnsafeBytes { target.run($0.bindMemory(to: UInt8.self)) }
    print("\(path): ok")
  }
#endif

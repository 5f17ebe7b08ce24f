import Basics
import DesignSpace
import Foundation
import Testing

/// End-to-end runs of `ndpscope check`, `sweep` and `merge`.
@Suite(.serialized) struct SweepCommandTests {
  static let tiny = """
    name: tiny
    seed: 4
    policies: [ep, tp, tp-lb-pf, oracle]
    baseline: ep
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 16
      workload.output: 8
    axes:
      ndp.units: [1, 2, 4]
      link: [pcie4-x16, pcie5-x16]
    constraints:
      - feasible
    objectives:
      - minimize: tpot_ms
      - minimize: cost_usd
    prices:
      ndp: {ndp-dimm: 150}
    """

  /// Enough work that a debug build is still running a second after it starts.
  static let larger = """
    name: larger
    seed: 2
    policies: [ep, tp, tp-lb-pf, oracle]
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 64
      workload.output: 48
    axes:
      ndp.units: [1, 2, 4, 8]
      ndp.bw_gb_per_s: {from: 20, to: 400, step: 20}
      workload.batch: [1, 2, 4, 8]
    """

  func write(_ text: String) throws -> (directory: URL, space: String) {
    let directory = try CLI.temporaryDirectory()
    let path = directory.appendingPathComponent("space.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (directory, path)
  }

  func read(_ directory: URL, _ name: String) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
  }

  /// The manifest without its timing block (the only part that may differ between runs).
  func manifestWithoutTiming(_ directory: URL) throws -> String {
    var object =
      try JSONSerialization.jsonObject(with: Data(read(directory, "manifest.json").utf8)) as? [String: Any]
    object?["timing"] = nil
    let data = try JSONSerialization.data(withJSONObject: object ?? [:], options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  @Test func checkCountsPointsAndRows() throws {
    let (_, space) = try write(Self.tiny)
    let run = try CLI.run(["check", space])
    #expect(run.status == 0)
    #expect(run.stdout.contains("space 'tiny' is valid: 6 points x 4 policies = 24 rows (strategy grid"))
  }

  @Test func checkVerboseListsTheAxisValuesAndEstimatesTheRunTime() throws {
    let (_, space) = try write(Self.tiny)
    let run = try CLI.run(["check", space, "--verbose"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "axes, as the sweep expands them:\n  ndp.units: 1, 2, 4\n  link: pcie4-x16, pcie5-x16\n"))
    #expect(run.stdout.contains("estimated run time: "))
    #expect(run.stdout.contains("(3 sample points, "))
    let quiet = try CLI.run(["check", space])
    #expect(!quiet.stdout.contains("estimated"))
  }

  @Test func theSummarySaysHowLongEvaluationAloneTook() throws {
    let (directory, space) = try write(Self.tiny)
    for (jobs, workers) in [("1", "1 worker"), ("2", "2 workers")] {
      let out = directory.appendingPathComponent("out-\(jobs)")
      let run = try CLI.run(["sweep", space, "--out", out.path, "--quiet", "--no-report", "--jobs", jobs])
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains(" s on \(workers))\nwrote "), "\(run.stdout)")
      #expect(run.stdout.contains("(evaluation alone: "))
    }
  }

  /// The answer is in the terminal whether or not a page is written.
  @Test func aSweepEndsWithItsRecommendation() throws {
    let (directory, space) = try write(Self.tiny)
    for flags in [[], ["--no-report"]] {
      let out = directory.appendingPathComponent("out\(flags.count)")
      let run = try CLI.run(["sweep", space, "--out", out.path, "--quiet"] + flags)
      #expect(run.status == 0, "\(run.stderr)")
      let tail = try #require(run.stdout.components(separatedBy: "recommended (meeting feasible):\n").last)
      #expect(tail.contains("  lowest time per output token: "), "\(run.stdout)")
      #expect(tail.contains("  lowest cost: "))
      #expect(tail.contains("  knee of the front (balanced): "))
    }
  }

  @Test func sweepWritesResultsParetoAndManifest() throws {
    let (directory, space) = try write(Self.tiny)
    let out = directory.appendingPathComponent("out")
    let run = try CLI.run(["sweep", space, "--out", out.path, "--quiet"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("swept 6 points x 4 policies = 24 rows"))
    let results = try read(out, "results.csv").split(separator: "\n")
    #expect(results.count == 25)
    #expect(results[0].hasPrefix("point,model,gpu,ndp,link,host,gpu.peak_tflops,"))
    #expect(results[1].hasPrefix("0,olmoe-1b-7b,rtx5080,ndp-dimm,pcie4-x16,ddr5-host,"))
    let pareto = try read(out, "pareto.csv").split(separator: "\n")
    #expect(pareto[0].hasPrefix("scope,scenario,rank,point,"))
    #expect(
      pareto.contains { $0.hasPrefix("all,all,1,") } && pareto.contains { $0.hasPrefix("tp-lb-pf,all,1,") })
    let manifest =
      try JSONSerialization.jsonObject(with: Data(try read(out, "manifest.json").utf8)) as? [String: Any]
    #expect(manifest?["complete"] as? Bool == true)
    #expect(manifest?["rows"] as? Int == 24)
    #expect((manifest?["space"] as? [String: Any])?["text"] as? String == Self.tiny)
    #expect((manifest?["timing"] as? [String: Any])?["points_per_s"] != nil)
  }

  @Test func filesAreByteIdenticalWhateverTheJobCount() throws {
    let (directory, space) = try write(Self.tiny)
    var outputs: [URL] = []
    for jobs in [1, 2, 5] {
      let out = directory.appendingPathComponent("jobs\(jobs)")
      let run = try CLI.run(["sweep", space, "--out", out.path, "--jobs", String(jobs), "--quiet"])
      #expect(run.status == 0, "\(run.stderr)")
      outputs.append(out)
    }
    for out in outputs.dropFirst() {
      #expect(try read(out, "results.csv") == read(outputs[0], "results.csv"))
      #expect(try read(out, "pareto.csv") == read(outputs[0], "pareto.csv"))
      #expect(try manifestWithoutTiming(out) == manifestWithoutTiming(outputs[0]))
    }
  }

  @Test func aNonEmptyFolderIsRefusedUnlessForcedOrResumed() throws {
    let (directory, space) = try write(Self.tiny)
    let out = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try "x".write(to: out.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
    let refused = try CLI.run(["sweep", space, "--out", out.path, "--quiet"])
    #expect(refused.status == 2)
    #expect(
      refused.stderr.contains(
        "is not empty; pass --resume to continue a sweep there or --force to overwrite it"))
    let forced = try CLI.run(["sweep", space, "--out", out.path, "--force", "--quiet"])
    #expect(forced.status == 0)
  }

  /// The folder's files, but the manifest's timing.
  func files(_ out: URL) throws -> [String] {
    [try read(out, "results.csv"), try read(out, "pareto.csv"), try manifestWithoutTiming(out)]
  }

  func leftovers(_ out: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }
  }

  /// SIGKILL at exact moments, chosen by the bytes written (a fault hook in the writer, not a
  /// sleep): in the header, in the middle of a row, a third of the way, at the last row, while
  /// pareto.csv is written, while the first manifest is. Every kill lands; --resume then gives an
  /// uninterrupted run's files.
  @Test func aSweepKilledAtAnyMomentResumesToTheSameFiles() throws {
    let (directory, space) = try write(Self.larger)
    let whole = directory.appendingPathComponent("whole")
    #expect(try CLI.run(["sweep", space, "--out", whole.path, "--quiet", "--no-report"]).status == 0)
    let size = try read(whole, "results.csv").utf8.count
    let header = CSV.row(ResultsTable.header).utf8.count + 1
    let moments = [
      ("results.csv", 10), ("results.csv", header + 40), ("results.csv", size / 3), ("results.csv", size - 2),
      ("pareto.csv", try read(whole, "pareto.csv").utf8.count / 2), ("manifest.json", 40),
    ]
    for (file, bytes) in moments {
      let out = directory.appendingPathComponent("killed-\(file)-\(bytes)")
      let killed = try CLI.run(
        ["sweep", space, "--out", out.path, "--quiet", "--no-report", "--jobs", "2"],
        environment: ["NDPSCOPE_KILL_AT": "\(file):\(bytes)"])
      #expect(killed.status == -SIGKILL, "the kill at \(file):\(bytes) did not land: \(killed.status)")
      let resumed = try CLI.run(["sweep", space, "--out", out.path, "--resume", "--quiet", "--no-report"])
      #expect(resumed.status == 0, "\(file):\(bytes): \(resumed.stderr)")
      #expect(try files(out) == files(whole), "resumed after a kill at \(file):\(bytes)")
      #expect(try leftovers(out).isEmpty)
    }
  }

  @Test func aStoppedSweepRecordsWhatIsOnDisk() throws {
    let (directory, space) = try write(Self.larger)
    let out = directory.appendingPathComponent("stopped")
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = ["sweep", space, "--out", out.path, "--quiet", "--jobs", "1"]
    process.standardError = Pipe()
    process.standardOutput = Pipe()
    try process.run()
    // Stop once the first rows are on disk (chosen by what was written, not by time).
    let results = out.appendingPathComponent("results.csv")
    while process.isRunning,
      ((try? String(contentsOf: results, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 9
    {
      usleep(2000)
    }
    process.terminate()  // SIGTERM: finish the batch, write only complete points
    process.waitUntilExit()
    #expect(process.terminationStatus == 130, "the sweep finished before it was stopped")
    let manifest =
      try JSONSerialization.jsonObject(with: Data(read(out, "manifest.json").utf8)) as? [String: Any]
    let rows = try read(out, "results.csv").split(separator: "\n").count - 1
    #expect(manifest?["complete"] as? Bool == false)
    #expect(manifest?["points_done"] as? Int == rows / 4 && rows % 4 == 0 && rows < 320 * 4)
  }

  @Test func aWriteErrorIsOneSentenceAndLosesNothing() throws {
    let (directory, space) = try write(Self.larger)
    let whole = directory.appendingPathComponent("whole")
    #expect(try CLI.run(["sweep", space, "--out", whole.path, "--quiet", "--no-report"]).status == 0)
    for (file, bytes) in [("results.csv", 5000), ("pareto.csv", 100), ("manifest.json", 30)] {
      let out = directory.appendingPathComponent("full-\(file)")
      let failed = try CLI.run(
        ["sweep", space, "--out", out.path, "--quiet", "--no-report"],
        environment: ["NDPSCOPE_FAIL_AT": "\(file):\(bytes)"])
      #expect(failed.status == 2)
      #expect(failed.stderr.hasSuffix("\(file): cannot write: No space left on device\n"), "\(failed.stderr)")
      #expect(failed.stderr.split(separator: "\n").count == 1)
      #expect(try leftovers(out).isEmpty)
      if FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path) {
        let manifest = try read(out, "manifest.json")
        #expect(manifest.contains("\"complete\" : false") && !manifest.contains("points_done"), "\(manifest)")
      }
      let resumed = try CLI.run(["sweep", space, "--out", out.path, "--resume", "--quiet", "--no-report"])
      #expect(resumed.status == 0, "\(resumed.stderr)")
      #expect(try files(out) == files(whole))
    }
  }

  @Test func resumeDropsAHalfWrittenTail() throws {
    let (directory, space) = try write(Self.tiny)
    let whole = directory.appendingPathComponent("whole")
    _ = try CLI.run(["sweep", space, "--out", whole.path, "--quiet"])
    let out = directory.appendingPathComponent("torn")
    _ = try CLI.run(["sweep", space, "--out", out.path, "--quiet"])
    // Cut results.csv in the middle of point 3's second row, as a crash could.
    let text = try read(out, "results.csv")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let torn = lines[0..<(1 + 3 * 4 + 1)].joined(separator: "\n") + "\n" + lines[14].prefix(40)
    try torn.write(to: out.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
    let resumed = try CLI.run(["sweep", space, "--out", out.path, "--resume", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("(3 resumed)"))
    #expect(try read(out, "results.csv") == read(whole, "results.csv"))
    #expect(try read(out, "pareto.csv") == read(whole, "pareto.csv"))
  }

  @Test func resumingAnotherVersionsOrModelsFolderIsRefused() throws {
    let (directory, space) = try write(Self.tiny)
    let out = directory.appendingPathComponent("out")
    _ = try CLI.run(["sweep", space, "--out", out.path, "--quiet", "--no-report"])
    let manifest = try read(out, "manifest.json")
    let version = manifest.replacingOccurrences(
      of: "\"version\" : \"0.1.0\"", with: "\"version\" : \"0.0.9\"")
    try version.write(to: out.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
    let old = try CLI.run(["sweep", space, "--out", out.path, "--resume", "--quiet"])
    #expect(old.status == 2)
    #expect(
      old.stderr.contains("manifest.json: written by ndpscope 0.0.9, this is 0.1.0; its rows would not match")
    )
    let model = manifest.replacingOccurrences(
      of: "\"model_revision\" : \"engine ", with: "\"model_revision\" : \"engine 0")
    try model.write(to: out.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
    let other = try CLI.run(["sweep", space, "--out", out.path, "--resume", "--quiet"])
    #expect(other.status == 2)
    #expect(other.stderr.contains("manifest.json: written under model revision 'engine 0"))
  }

  @Test func resumingWithAnotherSpaceIsRefused() throws {
    let (directory, space) = try write(Self.tiny)
    let out = directory.appendingPathComponent("out")
    _ = try CLI.run(["sweep", space, "--out", out.path, "--quiet"])
    try (Self.tiny + "\ndescription: changed\n").write(toFile: space, atomically: true, encoding: .utf8)
    let run = try CLI.run(["sweep", space, "--out", out.path, "--resume", "--quiet"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("holds a sweep of a different space file"))
  }

  /// Sweep and merge prepare their folder the same way: a file is refused, a forced merge
  /// without a report leaves no stale report behind.
  @Test func outputFoldersArePreparedAlikeBySweepAndMerge() throws {
    let (directory, space) = try write(Self.tiny)
    let shard = directory.appendingPathComponent("shard").path
    #expect(try CLI.run(["sweep", space, "--out", shard, "--shard", "0/1", "--quiet"]).status == 0)
    let file = directory.appendingPathComponent("a-file").path
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    for command in [["sweep", space, "--out", file], ["merge", shard, "--out", file]] {
      let run = try CLI.run(command)
      #expect(
        run.status == 2 && run.stderr.contains("\(file): exists and is not a directory"), "\(run.stderr)")
    }
    let merged = directory.appendingPathComponent("merged")
    try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
    try "stale".write(to: merged.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
    #expect(try CLI.run(["merge", shard, "--out", merged.path]).status == 2)
    #expect(try CLI.run(["merge", shard, "--out", merged.path, "--force", "--no-report"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: merged.appendingPathComponent("index.html").path))
  }

  @Test func shardsRunAsSeparateProcessesMergeIntoTheSingleRun() throws {
    let (directory, space) = try write(Self.tiny)
    let whole = directory.appendingPathComponent("whole")
    _ = try CLI.run(["sweep", space, "--out", whole.path, "--quiet"])
    var processes: [Process] = []
    var shardDirectories: [String] = []
    for index in 0..<3 {
      let out = directory.appendingPathComponent("shard\(index)").path
      shardDirectories.append(out)
      let process = Process()
      process.executableURL = CLI.executable
      process.arguments = ["sweep", space, "--out", out, "--shard", "\(index)/3", "--quiet"]
      process.standardOutput = Pipe()
      try process.run()
      processes.append(process)
    }
    for process in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    let merged = directory.appendingPathComponent("merged")
    let merge = try CLI.run(["merge"] + shardDirectories.reversed() + ["--out", merged.path])
    #expect(merge.status == 0, "\(merge.stderr)")
    #expect(merge.stdout.contains("merged 3 shards: 6 points, 24 rows"))
    #expect(try read(merged, "results.csv") == read(whole, "results.csv"))
    #expect(try read(merged, "pareto.csv") == read(whole, "pareto.csv"))
    #expect(try manifestWithoutTiming(merged) == manifestWithoutTiming(whole))
    #expect(try read(merged, "index.html") == read(whole, "index.html"), "merge writes the sweep's report")

    let missing = try CLI.run([
      "merge", shardDirectories[0], shardDirectories[1], "--out", directory.appendingPathComponent("m2").path,
    ])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("merge needs shards 0/3 to 2/3 once each"))
  }

  @Test func shardsOfDifferentSpacesAreRejected() throws {
    let (directory, space) = try write(Self.tiny)
    let first = directory.appendingPathComponent("a").path
    _ = try CLI.run(["sweep", space, "--out", first, "--shard", "0/2", "--quiet"])
    try (Self.tiny + "\ndescription: other\n").write(toFile: space, atomically: true, encoding: .utf8)
    let second = directory.appendingPathComponent("b").path
    _ = try CLI.run(["sweep", space, "--out", second, "--shard", "1/2", "--quiet"])
    let run = try CLI.run(["merge", first, second, "--out", directory.appendingPathComponent("m").path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("is a shard of a different space"))
  }

  @Test func badSpaceFilesExitWithTwoAndNameTheLine() throws {
    let (directory, space) = try write("name: x\naxes:\n  ndp.units: [2, -1]\n")
    let run = try CLI.run(["sweep", space, "--out", directory.appendingPathComponent("o").path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("space.yaml:3:18: ndp.units must be a whole number of at least 1, got -1"))
  }
}

import Foundation
import NDPModel

/// Joins the output folders of `--shard I/N` runs into the files an unsharded run writes.
public enum ShardMerge {
  public struct Summary: Sendable {
    public var shards: Int
    public var points: Int
    public var rows: Int
  }

  public static func merge(
    _ directories: [String], into output: String, force: Bool
  ) throws(InputError) -> Summary {
    guard !directories.isEmpty else { throw InputError("merge needs at least one shard folder") }
    var spaceText: String?
    var calibrationText: String?
    var identity: String?
    var spaceFile = ""
    var shards: [(shard: Shard, directory: String)] = []
    for directory in directories {
      let path = directory + "/manifest.json"
      guard let data = FileManager.default.contents(atPath: path),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let space = object["space"] as? [String: Any], let text = space["text"] as? String,
        let shardText = object["shard"] as? String
      else { throw InputError("\(path): missing or unreadable; is \(directory) a sweep folder?") }
      guard object["complete"] as? Bool == true else {
        throw InputError("\(directory): the shard did not finish; resume it with --resume first")
      }
      let hash = space["sha256"] as? String ?? ""
      if let known = identity, known != hash {
        throw InputError("\(directory): is a shard of a different space than \(directories[0])")
      }
      identity = hash
      spaceText = text
      calibrationText = space["calibration_text"] as? String
      spaceFile = space["file"] as? String ?? ""
      shards.append((try Shard.parse(shardText), directory))
    }
    let count = shards[0].shard.count
    let indices = Set(shards.map(\.shard.index))
    guard shards.allSatisfy({ $0.shard.count == count }), indices.count == shards.count,
      indices == Set(0..<count)
    else {
      let have = shards.map(\.shard.description).sorted().joined(separator: ", ")
      throw InputError("merge needs shards 0/\(count) to \(count - 1)/\(count) once each; got \(have)")
    }
    let space = try SpaceParser.parse(spaceText!, file: spaceFile, calibrationText: calibrationText)

    // Each shard's rows are in point order; shard s holds points s, s + N, ...: interleave.
    let header = CSV.row(ResultsTable.header)
    var readers: [[Substring]] = []
    for (_, directory) in shards.sorted(by: { $0.shard.index < $1.shard.index }) {
      let path = directory + "/results.csv"
      guard let data = FileManager.default.contents(atPath: path),
        let text = String(data: data, encoding: .utf8)
      else { throw InputError("\(path): cannot read") }
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      guard lines.first.map(String.init) == header else {
        throw InputError("\(path): its header is not this version's results header")
      }
      readers.append(Array(lines.dropFirst()))
    }
    let perPoint = space.policies.count
    var text = header + "\n"
    var book = ParetoBook(space: space)
    var cursor = [Int](repeating: 0, count: count)
    for point in 0..<space.pointCount {
      let shard = point % count
      let start = cursor[shard]
      guard start + perPoint <= readers[shard].count else {
        throw InputError("\(shards[shard].directory)/results.csv: ends before point \(point)")
      }
      for line in readers[shard][start..<start + perPoint] {
        text += line
        text += "\n"
        book.insert(fields: CSV.fields(line), line: String(line), space: space)
      }
      cursor[shard] += perPoint
    }
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    let contents = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
    if !contents.isEmpty && !force {
      throw InputError("\(output): is not empty; pass --force to overwrite it")
    }
    try AtomicFile.write(text, to: output + "/results.csv")
    try AtomicFile.write(book.csv(space: space), to: output + "/pareto.csv")
    try AtomicFile.write(
      Manifest.json(
        space: space, spaceText: spaceText!, spaceFile: spaceFile, shard: .whole,
        pointsInShard: space.pointCount, pointsDone: space.pointCount, complete: true, timing: nil),
      to: output + "/manifest.json")
    return Summary(shards: count, points: space.pointCount, rows: space.pointCount * perPoint)
  }
}

extension FileManager {
  fileprivate func createDirectory(atPath path: String, withIntermediateDirectories: Bool) throws(InputError)
  {
    do {
      try createDirectory(
        atPath: path, withIntermediateDirectories: withIntermediateDirectories, attributes: nil)
    } catch {
      throw InputError("\(path): cannot create the output folder")
    }
  }
}

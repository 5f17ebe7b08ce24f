import Basics
import Foundation
import NDPModel

/// Joins the output folders of `--shard I/N` runs into the files an unsharded run writes,
/// streaming: each shard's results.csv is read once, row by row, in the order the shard plan dealt
/// the points, so memory is bounded by the fronts whatever the sweep's size.
public enum ShardMerge {
  public struct Summary: Sendable {
    public var shards: Int
    public var points: Int
    public var rows: Int
  }

  /// A shard folder's manifest, checked.
  struct ShardFolder {
    var shard: Shard
    var directory: String
    var manifest: Manifest
  }

  public static func merge(
    _ directories: [String], into output: String, force: Bool
  ) throws(InputError) -> Summary {
    let shards = try readShards(directories)
    let first = shards[0].manifest
    let space = try first.parsedSpace(path: shards[0].directory + "/manifest.json")
    try prepare(output, force: force)
    var readers: [ResultsFile] = []
    for folder in shards {
      readers.append(try ResultsFile(path: folder.directory + "/results.csv", space: space))
    }
    var book = ParetoBook(space: space)
    let plan = ShardPlan(space: space, count: shards.count)
    try AtomicFile.write(to: output + "/results.csv") { file throws(InputError) in
      try file.append(CSV.row(ResultsTable.header) + "\n")
      var failure: InputError?
      plan.forEach { point, shard in
        guard failure == nil else { return }
        do throws(InputError) {
          guard let rows = try readers[shard].point(point) else {
            throw InputError("\(shards[shard].directory)/results.csv: ends before point \(point)")
          }
          for row in rows { try file.append(row.row.line + "\n") }
          book.insert(rows.map(\.row), point: point)
        } catch {
          failure = error
        }
      }
      if let failure { throw failure }
      for (index, var reader) in readers.enumerated() where try reader.next() != nil {
        throw InputError("\(shards[index].directory)/results.csv: holds rows beyond its shard's points")
      }
    }
    try AtomicFile.write(book.csv(space: space), to: output + "/pareto.csv")
    var manifest = Manifest(
      space: space, text: first.space.text, file: first.space.file, shard: .whole,
      pointsInShard: space.pointCount)
    manifest.record(points: space.pointCount, policies: space.policies.count, complete: true, timing: nil)
    try manifest.write(to: output + "/manifest.json")
    return Summary(
      shards: shards.count, points: space.pointCount, rows: space.pointCount * space.policies.count)
  }

  /// Every folder's manifest: finished shards of one space and model, 0/N to N-1/N once each.
  static func readShards(_ directories: [String]) throws(InputError) -> [ShardFolder] {
    guard !directories.isEmpty else { throw InputError("merge needs at least one shard folder") }
    var shards: [ShardFolder] = []
    for directory in directories {
      let path = directory + "/manifest.json"
      let manifest = try Manifest.read(path)
      guard manifest.complete else {
        throw InputError("\(directory): the shard did not finish; resume it with --resume first")
      }
      try manifest.checkSameModel(path: path)
      if let known = shards.first, !known.manifest.sameSpace(as: manifest) {
        throw InputError("\(directory): is a shard of a different space than \(known.directory)")
      }
      shards.append(
        ShardFolder(shard: try Shard.parse(manifest.shard), directory: directory, manifest: manifest))
    }
    let count = shards[0].shard.count
    let indices = Set(shards.map(\.shard.index))
    guard shards.allSatisfy({ $0.shard.count == count }), indices.count == shards.count,
      indices == Set(0..<count)
    else {
      let have = shards.map(\.shard.description).sorted().joined(separator: ", ")
      throw InputError("merge needs shards 0/\(count) to \(count - 1)/\(count) once each; got \(have)")
    }
    return shards.sorted { $0.shard.index < $1.shard.index }
  }

  /// Creates the output folder, refusing a non-empty one unless forced (then the previous
  /// sweep's files, its report included, go).
  static func prepare(_ output: String, force: Bool) throws(InputError) {
    try OutputFolder.prepare(
      output, refusingNonEmpty: force ? nil : "pass --force to overwrite it",
      replacing: force ? SweepRunner.files : [])
  }

}

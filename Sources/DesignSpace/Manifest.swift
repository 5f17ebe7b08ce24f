import Basics
import Foundation
import NDPModel

/// manifest.json: what was swept, by which tool and model revision, how far it got, and how long
/// it took. One Codable type, written and read the same way by sweep, resume, merge and report.
/// Everything but `timing` is the same for the same space whatever --jobs, shards or resumes.
///
/// It never claims more than is on disk: while a sweep runs (or if it is killed) it says
/// `complete: false` and no point count; a sweep that stops cleanly records how many points its
/// results.csv holds, and a finished one says `complete: true`.
public struct Manifest: Codable, Equatable, Sendable {
  public struct SpaceRecord: Codable, Equatable, Sendable {
    public var name: String
    public var file: String
    public var text: String
    public var calibrationText: String?
    /// The text of the presets file the space names (`presets: FILE`).
    public var presetsText: String?
    /// The fingerprint of the trace the space replays (`trace: FILE`): a resume must find it unchanged.
    public var traceFingerprint: String?

    enum CodingKeys: String, CodingKey {
      case name, file, text
      case calibrationText = "calibration_text"
      case presetsText = "presets_text"
      case traceFingerprint = "trace_fingerprint"
    }
  }

  public struct Timing: Codable, Equatable, Sendable {
    public var wallSeconds: Double
    public var pointsPerSecond: Double
    public var jobs: Int

    enum CodingKeys: String, CodingKey {
      case wallSeconds = "wall_s"
      case pointsPerSecond = "points_per_s"
      case jobs
    }
  }

  public var tool = "ndpscope"
  public var version = NDPScopeVersion.current
  public var modelRevision = NDPScopeVersion.modelRevision
  public var space: SpaceRecord
  public var strategy: String
  public var seed: UInt64
  public var points: Int
  public var shard: String
  public var pointsInShard: Int
  /// Points whose rows results.csv holds; nil while the sweep is running.
  public var pointsDone: Int?
  public var rows: Int?
  public var policies: [String]
  public var baseline: String
  public var objectives: [String]
  public var constraints: [String]
  public var complete: Bool
  public var timing: Timing?

  enum CodingKeys: String, CodingKey {
    case tool, version, space, strategy, seed, points, shard, policies, baseline, objectives, constraints
    case complete, timing, rows
    case modelRevision = "model_revision"
    case pointsInShard = "points_in_shard"
    case pointsDone = "points_done"
  }

  public init(
    space: Space, text: String, file: String, shard: Shard, pointsInShard: Int,
    traceFingerprint: String? = nil
  ) {
    self.space = SpaceRecord(
      name: space.name, file: file, text: text, calibrationText: space.calibrationText,
      presetsText: space.presetsText, traceFingerprint: traceFingerprint)
    strategy = space.strategy.rawValue
    seed = space.seed
    points = space.pointCount
    self.shard = shard.description
    self.pointsInShard = pointsInShard
    policies = space.policies.map(\.rawValue)
    baseline = space.baseline.rawValue
    objectives = space.objectives.map(\.description)
    constraints = space.constraints.map(\.description)
    complete = false
  }

  /// Records that results.csv holds `points` complete points.
  public mutating func record(points done: Int, policies count: Int, complete: Bool, timing: Timing?) {
    pointsDone = done
    rows = done * count
    self.complete = complete
    self.timing = timing
  }

  /// The space this manifest is for (its text re-parsed, with its calibration).
  public func parsedSpace(path: String) throws(InputError) -> Space {
    do {
      return try SpaceParser.parse(
        space.text, file: space.file, calibrationText: space.calibrationText, presetsText: space.presetsText)
    } catch {
      throw InputError("\(path): the space in it no longer parses: \(error.description)")
    }
  }

  /// Whether `other` describes a sweep of the same space, with the same calibration, presets and
  /// trace.
  public func sameSpace(as other: Manifest) -> Bool {
    space.text == other.space.text && space.calibrationText == other.space.calibrationText
      && space.presetsText == other.space.presetsText
      && space.traceFingerprint == other.space.traceFingerprint
  }

  /// Refuses a manifest written by another tool version or model revision: its rows would not
  /// match ours.
  public func checkSameModel(path: String) throws(InputError) {
    guard version == NDPScopeVersion.current else {
      throw InputError(
        "\(path): written by ndpscope \(version), this is \(NDPScopeVersion.current); its rows would not match (use --force to start over)"
      )
    }
    guard modelRevision == NDPScopeVersion.modelRevision else {
      throw InputError(
        "\(path): written under model revision '\(modelRevision)', this is '\(NDPScopeVersion.modelRevision)'; its rows would not match (use --force to start over)"
      )
    }
  }

  public static func read(_ path: String) throws(InputError) -> Manifest {
    let data = try InputFile.data(path, what: "the sweep's manifest", hint: "is its folder a sweep folder?")
    do {
      return try JSONDecoder().decode(Manifest.self, from: data)
    } catch {
      throw InputError("\(path): not a manifest this version can read (\(error))")
    }
  }

  public func write(to path: String) throws(InputError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do {
      data = try encoder.encode(self)
    } catch {
      throw InputError("\(path): cannot encode the manifest (\(error))")
    }
    try AtomicFile.write(String(decoding: data, as: UTF8.self) + "\n", to: path)
  }
}

import NDPModel

/// manifest.json: what was swept, by which tool, how far it got, and how long it took. Everything
/// but the `timing` block is the same for the same space whatever --jobs, shards or resumes.
enum Manifest {
  /// What identifies the swept space: its text and the calibration it applies.
  static func identity(spaceText: String, space: Space) -> String {
    spaceText + (space.calibrationText.map { "\n# calibration\n" + $0 } ?? "")
  }

  static func json(
    space: Space, spaceText: String, spaceFile: String, shard: Shard, pointsInShard: Int,
    pointsDone: Int, complete: Bool, timing: (wall: Double, rate: Double, jobs: Int)?
  ) -> String {
    var members: [(String, JSONValue)] = [
      ("tool", .string("ndpscope")), ("version", .string(NDPScopeVersion.current)),
      (
        "space",
        .object(
          [
            ("name", .string(space.name)), ("file", .string(spaceFile)),
            ("sha256", .string(SHA256.hex(identity(spaceText: spaceText, space: space)))),
            ("text", .string(spaceText)),
          ] + (space.calibrationText.map { [("calibration_text", JSONValue.string($0))] } ?? []))
      ),
      ("strategy", .string(space.strategy.rawValue)), ("seed", .integer(Int(space.seed))),
      ("points", .integer(space.pointCount)), ("shard", .string(shard.description)),
      ("points_in_shard", .integer(pointsInShard)), ("points_done", .integer(pointsDone)),
      ("rows", .integer(pointsDone * space.policies.count)),
      ("policies", .array(space.policies.map { .string($0.rawValue) })),
      ("baseline", .string(space.baseline.rawValue)),
      ("objectives", .array(space.objectives.map { .string($0.description) })),
      ("constraints", .array(space.constraints.map { .string($0.description) })),
      ("complete", .bool(complete)),
    ]
    if let timing {
      members.append(
        (
          "timing",
          .object([
            ("wall_s", .number(timing.wall)), ("points_per_s", .number(timing.rate)),
            ("jobs", .integer(timing.jobs)),
          ])
        ))
    }
    return JSONValue.object(members).rendered() + "\n"
  }
}

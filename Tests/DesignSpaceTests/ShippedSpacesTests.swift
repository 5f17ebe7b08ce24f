import Foundation
import Testing

@testable import DesignSpace

@Suite struct ShippedSpacesTests {
  static let spaces = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("spaces")

  @Test(arguments: [
    "paper.yaml", "edge-sizing.yaml", "expert-scaling.yaml", "offload-vs-ndp.yaml", "bandwidth-sizing.yaml",
  ])
  func shippedSpaceIsValid(_ name: String) throws {
    let (space, _) = try SpaceParser.parse(file: Self.spaces.appendingPathComponent(name).path)
    #expect(space.pointCount > 0)
    #expect(space.objectives.count >= 2)
    // Every point can be built (presets exist, values are in range).
    let expansion = SpaceExpansion(space: space)
    for index in stride(from: 0, to: space.pointCount, by: max(1, space.pointCount / 25)) {
      _ = try expansion.point(index)
    }
  }

  /// Every shipped space is in the folder's table, and every file in the table is shipped.
  @Test func theSpacesTableListsEveryShippedSpace() throws {
    let readme = try String(contentsOf: Self.spaces.appendingPathComponent("README.md"), encoding: .utf8)
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.spaces.path).filter {
      $0.hasSuffix(".yaml")
    }
    for file in files { #expect(readme.contains("| `\(file)` |"), "\(file)") }
  }

  @Test func theSpaceFormatDocumentsEveryKey() throws {
    let readme = try String(contentsOf: Self.spaces.appendingPathComponent("README.md"), encoding: .utf8)
    for key in SpaceParser.topLevelKeys { #expect(readme.contains("| `\(key)` |"), "\(key)") }
    for metric in SpaceParser.metrics { #expect(readme.contains("`\(metric)`"), "\(metric)") }
    for strategy in Strategy.allCases { #expect(readme.contains("`\(strategy.rawValue)`")) }
  }
}

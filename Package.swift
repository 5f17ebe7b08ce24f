// swift-tools-version: 6.1
import PackageDescription

// Layering (each module imports only those listed before it):
// Basics -> NDPModel -> Routing -> Simulation -> DesignSpace -> Reports -> NDPScopeKit -> ndpscope.
// Basics holds the utilities every layer shares (errors, CSV, JSON, atomic files, raw storage).
let package = Package(
  name: "ndpscope",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "ndpscope", targets: ["ndpscope"]),
    .library(name: "NDPScopeKit", targets: ["NDPScopeKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    .target(name: "Basics"),
    .target(name: "NDPModel", dependencies: ["Basics"]),
    .target(name: "Routing", dependencies: ["Basics", "NDPModel"]),
    .target(name: "Simulation", dependencies: ["Basics", "NDPModel", "Routing"]),
    .target(
      name: "DesignSpace",
      dependencies: ["Basics", "NDPModel", "Routing", "Simulation", .product(name: "Yams", package: "Yams")]),
    // The report templates and the shipped reference figures are compiled into the binary
    // (Templates and References link to templates/ and spaces/validation/), so it runs from any
    // folder; --templates and explicit reference files override them.
    .target(
      name: "Reports",
      dependencies: ["CLibXML2", "Basics", "NDPModel", "Routing", "Simulation", "DesignSpace"],
      exclude: ["Templates/README.md"],
      resources: [
        .embedInCode("Templates/report.html"), .embedInCode("Templates/report.css"),
        .embedInCode("Templates/report.js"),
      ]
    ),
    .target(
      name: "NDPScopeKit",
      dependencies: ["Basics", "NDPModel", "Routing", "Simulation", "DesignSpace", "Reports"],
      exclude: ["References/README.md"],
      resources: [
        .embedInCode("References/jetson-thor.yaml"), .embedInCode("References/seed-papers.yaml"),
        .embedInCode("References/neighbours.yaml"),
      ]
    ),
    .executableTarget(
      name: "ndpscope",
      dependencies: [
        "NDPScopeKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Fuzz targets for the readers of untrusted files (scripts/fuzz.sh builds them with
    // -sanitize=fuzzer -DFUZZING; a plain build replays inputs, e.g. a crash libFuzzer found).
    .target(name: "CFuzzDriver"),
    .executableTarget(
      name: "ndpscope-fuzz", dependencies: ["CFuzzDriver", "Basics", "Routing", "DesignSpace"]),
    // Scratch folders the tests share, removed when the test process exits.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "BasicsTests", dependencies: ["Basics", "TestSupport"]),
    .testTarget(name: "NDPModelTests", dependencies: ["NDPModel"]),
    .testTarget(name: "RoutingTests", dependencies: ["Routing"]),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation"]),
    .testTarget(name: "DesignSpaceTests", dependencies: ["DesignSpace", "TestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
    .testTarget(
      name: "NDPScopeKitTests",
      dependencies: ["NDPScopeKit", "Basics", "NDPModel", "DesignSpace", "ndpscope", "TestSupport"],
      resources: [.copy("Golden")]
    ),
  ],
  swiftLanguageModes: [.v6]
)

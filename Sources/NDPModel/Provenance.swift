/// Where a model constant came from, so every number on a report can be traced to its origin.
public enum Provenance: String, Sendable, Codable, CaseIterable {
  /// A vendor datasheet or a standard (bandwidths, capacities, link rates).
  case spec
  /// A figure published in a paper.
  case paper
  /// Measured on real hardware (a user's presets file says by whom and how).
  case measured
  /// Our own choice, stated so it can be questioned.
  case assumed
  /// Fitted to reference measurements.
  case calibrated
  /// Set by the user on the command line or in a space file.
  case user
}

/// The source of one value: its provenance and a short citation or derivation.
public struct Source: Sendable, Equatable, Codable {
  public var provenance: Provenance
  public var citation: String

  public init(_ provenance: Provenance, _ citation: String) {
    self.provenance = provenance
    self.citation = citation
  }

  public static func spec(_ citation: String) -> Source { Source(.spec, citation) }
  public static func paper(_ citation: String) -> Source { Source(.paper, citation) }
  public static func assumed(_ citation: String) -> Source { Source(.assumed, citation) }
}

/// Sources keyed by parameter name (the same names `ParameterRegistry` uses, e.g. `gpu.mem_bw_gb_per_s`).
public typealias SourceTable = [String: Source]

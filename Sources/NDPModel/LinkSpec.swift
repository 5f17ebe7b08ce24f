/// The GPU-NDP (or GPU-host) interconnect: PCIe or CXL.
public struct LinkSpec: Sendable, Equatable {
  public var name: String
  /// Nominal bandwidth per direction.
  public var bandwidthBytesPerSecond: Double
  /// Share of nominal bandwidth real transfers reach.
  public var efficiency: Double
  /// Fixed cost per transfer (DMA set-up, doorbell, completion).
  public var latencySeconds: Double
  public var energyJoulesPerByte: Double

  public init(
    name: String, bandwidthBytesPerSecond: Double, efficiency: Double, latencySeconds: Double,
    energyJoulesPerByte: Double
  ) {
    self.name = name
    self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    self.efficiency = efficiency
    self.latencySeconds = latencySeconds
    self.energyJoulesPerByte = energyJoulesPerByte
  }
}

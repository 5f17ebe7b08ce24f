/// Host memory and CPU, where offloading systems keep the experts that do not fit on the GPU and
/// where a host-assisted policy may compute missed experts.
public struct HostSpec: Sendable, Equatable {
  public var name: String
  public var memoryCapacityBytes: Double
  public var memoryBandwidthBytesPerSecond: Double
  public var peakFlopsPerSecond: Double
  /// Share of peak bandwidth a streaming CPU kernel reaches.
  public var memoryEfficiency: Double
  /// Share of peak FLOP/s a CPU GEMV/GEMM reaches.
  public var computeEfficiency: Double
  public var staticPowerWatts: Double
  public var dramEnergyJoulesPerByte: Double
  public var computeEnergyJoulesPerFlop: Double

  public init(
    name: String, memoryCapacityBytes: Double, memoryBandwidthBytesPerSecond: Double,
    peakFlopsPerSecond: Double, memoryEfficiency: Double = 1, computeEfficiency: Double = 1,
    staticPowerWatts: Double, dramEnergyJoulesPerByte: Double, computeEnergyJoulesPerFlop: Double = 0
  ) {
    self.name = name
    self.memoryCapacityBytes = memoryCapacityBytes
    self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
    self.peakFlopsPerSecond = peakFlopsPerSecond
    self.memoryEfficiency = memoryEfficiency
    self.computeEfficiency = computeEfficiency
    self.staticPowerWatts = staticPowerWatts
    self.dramEnergyJoulesPerByte = dramEnergyJoulesPerByte
    self.computeEnergyJoulesPerFlop = computeEnergyJoulesPerFlop
  }
}

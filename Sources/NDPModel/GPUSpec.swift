/// The edge GPU: it runs attention, the router, shared experts and any expert whose weights it holds.
public struct GPUSpec: Sendable, Equatable {
  public var name: String
  /// Dense FP16 tensor throughput.
  public var peakFlopsPerSecond: Double
  public var memoryBandwidthBytesPerSecond: Double
  public var memoryCapacityBytes: Double
  /// Share of peak bandwidth a streaming kernel reaches.
  public var memoryEfficiency: Double
  /// Share of peak FLOP/s a GEMM reaches.
  public var computeEfficiency: Double
  /// Fixed cost per kernel launch.
  public var kernelLaunchSeconds: Double
  public var staticPowerWatts: Double
  public var dramEnergyJoulesPerByte: Double
  public var computeEnergyJoulesPerFlop: Double

  public init(
    name: String, peakFlopsPerSecond: Double, memoryBandwidthBytesPerSecond: Double,
    memoryCapacityBytes: Double, memoryEfficiency: Double, computeEfficiency: Double,
    kernelLaunchSeconds: Double, staticPowerWatts: Double, dramEnergyJoulesPerByte: Double,
    computeEnergyJoulesPerFlop: Double
  ) {
    self.name = name
    self.peakFlopsPerSecond = peakFlopsPerSecond
    self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
    self.memoryCapacityBytes = memoryCapacityBytes
    self.memoryEfficiency = memoryEfficiency
    self.computeEfficiency = computeEfficiency
    self.kernelLaunchSeconds = kernelLaunchSeconds
    self.staticPowerWatts = staticPowerWatts
    self.dramEnergyJoulesPerByte = dramEnergyJoulesPerByte
    self.computeEnergyJoulesPerFlop = computeEnergyJoulesPerFlop
  }
}

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

  /// Time to move `bytes` in one transfer: latency + bytes / (bandwidth * efficiency).
  @inlinable public func transferSeconds(bytes: Double) -> Double {
    bytes <= 0 ? 0 : latencySeconds + bytes / (bandwidthBytesPerSecond * efficiency)
  }
}

/// Host memory and CPU, where offloading systems keep the experts that do not fit on the GPU.
public struct HostSpec: Sendable, Equatable {
  public var name: String
  public var memoryCapacityBytes: Double
  public var memoryBandwidthBytesPerSecond: Double
  public var peakFlopsPerSecond: Double
  public var staticPowerWatts: Double
  public var dramEnergyJoulesPerByte: Double

  public init(
    name: String, memoryCapacityBytes: Double, memoryBandwidthBytesPerSecond: Double,
    peakFlopsPerSecond: Double, staticPowerWatts: Double, dramEnergyJoulesPerByte: Double
  ) {
    self.name = name
    self.memoryCapacityBytes = memoryCapacityBytes
    self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
    self.peakFlopsPerSecond = peakFlopsPerSecond
    self.staticPowerWatts = staticPowerWatts
    self.dramEnergyJoulesPerByte = dramEnergyJoulesPerByte
  }
}

/// The whole edge box: one GPU, `ndpUnits` identical NDP units, the link between them, host memory.
public struct Hardware: Sendable, Equatable {
  public var gpu: GPUSpec
  public var ndp: NDPUnitSpec
  public var ndpUnits: Int
  public var link: LinkSpec
  public var host: HostSpec

  public init(gpu: GPUSpec, ndp: NDPUnitSpec, ndpUnits: Int, link: LinkSpec, host: HostSpec) {
    self.gpu = gpu
    self.ndp = ndp
    self.ndpUnits = ndpUnits
    self.link = link
    self.host = host
  }
}

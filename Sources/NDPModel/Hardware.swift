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

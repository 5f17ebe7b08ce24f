/// A bandwidth that, raised, never makes a policy slower: the model's monotonicity laws, checked
/// by `ModelLawTests` on random points for every policy that obeys them, and what searches bisect
/// on (`MonotoneLaws`). For link bandwidth the law covers the end-to-end time and the time to first
/// token, not the time per output token (a prefill that ends sooner can leave a prefetching decode
/// less overlap).
public enum BandwidthLaw: Sendable, CaseIterable {
  case ndp, host, gpu, link
  /// The unit-to-unit links (tp's ring reduction, tp-stream's slices).
  case unitLink
}

extension PolicyName {
  /// Whether raising `law`'s bandwidth never makes this policy slower. The exceptions, each broken
  /// somewhere on 400 random points:
  /// - `duplex` splits by an estimate, not the schedule, and the predictor's guesses (`tp-lb-pp`,
  ///   `offload-pp`) get the idle time faster layers leave: monotone in nothing;
  /// - smoe's cache fills get only the room its layers leave, which shrinks as they speed up (host
  ///   and GPU);
  /// - prefetches and next-layer predictions get less time to arrive on a faster GPU (smoe-pf,
  ///   and tp-lb-pf with its substituting variant);
  /// - tp-lb-pf-sub's substitutions follow what is resident, which follows the link;
  /// - ctx-place's GPU set arrives sooner on a faster link, and an expert on the GPU is computed
  ///   there even where the NDP side would have been quicker.
  public func obeys(_ law: BandwidthLaw) -> Bool {
    if [.duplex, .tpLBPP, .offloadPP].contains(self) { return false }
    switch law {
    case .ndp, .unitLink: return true
    case .host: return self != .smoe
    case .gpu: return ![.smoePF, .smoe, .tpLBPF, .tpLBPFSub].contains(self)
    case .link: return self != .tpLBPFSub && self != .ctxPlace
    }
  }
}

import Simulation

/// Where the model's laws (checked by `ModelLawTests` on random points) make a metric monotone in
/// a parameter, so that a search may bisect: more memory or link bandwidth is never slower.
///
/// - NDP and host bandwidth: every time metric and rate, for every policy.
/// - GPU memory bandwidth: the same, but next-layer predictions can get less time to arrive on a
///   faster GPU, so smoe-pf and smoe are left out.
/// - Link bandwidth: end-to-end time and time to first token (and so tokens_per_s); tpot is not
///   (a prefill that ends sooner can leave a prefetching decode less overlap), and tp-lb-pf-sub is
///   left out (its substitutions follow what is resident, which follows the link).
public enum MonotoneLaws {
  static let times: Set<String> = ["ttft_ms", "tpot_ms", "e2e_ms"]
  static let rates: Set<String> = ["tokens_per_s", "decode_tokens_per_s"]

  /// Whether `metric` is monotone in `key` for `policy` by the laws.
  public static func holds(metric: String, key: String, policy: PolicyName) -> Bool {
    guard times.contains(metric) || rates.contains(metric) else { return false }
    switch key {
    case "ndp.bw_gb_per_s", "host.bw_gb_per_s": return true
    case "gpu.mem_bw_gb_per_s": return policy != .smoePF && policy != .smoe
    case "link.bw_gb_per_s":
      return ["ttft_ms", "e2e_ms", "tokens_per_s"].contains(metric) && policy != .tpLBPFSub
    default: return false
    }
  }
}

import Simulation

/// Where the model's laws (checked by `ModelLawTests` on random points) make a metric monotone in
/// a parameter, so that a search may bisect: more memory or link bandwidth is never slower.
///
/// - NDP bandwidth: every time metric and rate.
/// - Host bandwidth: the same, but smoe's cache fills get only the room its phases leave, which
///   shrinks as they get faster, so smoe is left out.
/// - GPU memory bandwidth: the same, but next-layer predictions and smoe's fills can get less
///   time to arrive on a faster GPU, so smoe-pf and smoe are left out.
/// - Link bandwidth: end-to-end time and time to first token (and so tokens_per_s); tpot is not
///   (a prefill that ends sooner can leave a prefetching decode less overlap), and tp-lb-pf-sub is
///   left out (its substitutions follow what is resident, which follows the link).
/// - `duplex` (its split follows an estimate, not the schedule) and `tp-lb-pp` (its guesses get
///   the idle time faster phases leave) are monotone in nothing: 400 random points break each.
public enum MonotoneLaws {
  static let times: Set<String> = ["ttft_ms", "tpot_ms", "e2e_ms"]
  static let rates: Set<String> = ["tokens_per_s", "decode_tokens_per_s"]

  /// Whether `metric` is monotone in `key` for `policy` by the laws.
  public static func holds(metric: String, key: String, policy: PolicyName) -> Bool {
    guard times.contains(metric) || rates.contains(metric), policy != .duplex, policy != .tpLBPP else {
      return false
    }
    switch key {
    case "ndp.bw_gb_per_s": return true
    case "host.bw_gb_per_s": return policy != .smoe
    case "gpu.mem_bw_gb_per_s": return policy != .smoePF && policy != .smoe
    case "link.bw_gb_per_s":
      return ["ttft_ms", "e2e_ms", "tokens_per_s"].contains(metric) && policy != .tpLBPFSub
    default: return false
    }
  }
}

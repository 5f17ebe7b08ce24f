import Simulation

/// One colour and one marker shape per policy, the same on every chart of every page. Colours
/// are distinct for every policy and drawn from colour-blind-safe sets (Okabe-Ito, then Paul
/// Tol's); the shape marks the family as a second cue: triangles for the NDP baselines, circles
/// for the tensor-parallel framework, squares for offloading, a dashed line for the oracle.
public enum PolicyStyle {
  public enum Shape: String, Sendable {
    case circle, square, triangle, line
  }

  public static func color(_ policy: PolicyName) -> String {
    switch policy {
    case .gpuOffload: return "#777777"
    case .ep: return "#E69F00"
    case .monde: return "#D55E00"
    case .tp: return "#56B4E9"
    case .tpLB: return "#0072B2"
    case .tpLBPF: return "#009E73"
    case .tpLBPFSub: return "#117733"
    case .tpLBPP: return "#999933"
    case .duplex: return "#44AA99"
    case .ctxPlace: return "#661100"
    case .tpStream: return "#CC6677"
    case .offloadPP: return "#6699CC"
    case .smoeEvict: return "#CC79A7"
    case .smoeSub: return "#882255"
    case .smoePF: return "#AA4499"
    case .smoe: return "#332288"
    case .oracle: return "#000000"
    }
  }

  public static func shape(_ policy: PolicyName) -> Shape {
    switch policy {
    case .ep, .monde, .duplex, .ctxPlace: return .triangle
    case .tp, .tpLB, .tpLBPF, .tpLBPFSub, .tpLBPP, .tpStream: return .circle
    case .gpuOffload, .offloadPP, .smoeEvict, .smoeSub, .smoePF, .smoe: return .square
    case .oracle: return .line
    }
  }

  /// Colours of the parts of a latency breakdown and of timeline tasks, by concept, so a weight
  /// fetch or an NDP computation looks the same in both charts (Paul Tol's colour-blind-safe sets).
  public static func partColor(_ part: String) -> String {
    switch part {
    case "attention": return "#BBBBBB"
    case "router": return "#888888"
    case "dispatch": return "#44AA99"
    case "experts_gpu": return "#4477AA"
    case "experts_ndp": return "#228833"
    case "experts_host": return "#AA3377"
    case "weight_fetch": return "#EE6677"
    case "prefetch": return "#CCBB44"
    case "reduce": return "#66CCEE"
    case "shared": return "#999933"
    default: return "#DDDDDD"
    }
  }

  /// What a part or task kind is, in words, for legends and tooltips.
  public static func partLabel(_ part: String) -> String {
    switch part {
    case "attention": return "attention"
    case "router": return "router"
    case "dispatch": return "activations out (dispatch)"
    case "experts_gpu": return "experts on the GPU"
    case "experts_ndp": return "experts on NDP units"
    case "experts_host": return "experts on the host CPU"
    case "weight_fetch": return "weight fetch"
    case "prefetch": return "background prefetch or cache fill"
    case "reduce": return "partial sums back and reduction"
    case "shared": return "shared experts (GPU)"
    case "other": return "LM head and dense layers"
    default: return part
    }
  }

  /// A sequential scale from light to dark blue, t in [0, 1] (higher is darker).
  public static func heat(_ t: Double) -> String {
    let c = min(1, max(0, t))
    let from = (239.0, 243.0, 255.0)
    let to = (8.0, 48.0, 107.0)
    let r = Int(from.0 + (to.0 - from.0) * c)
    let g = Int(from.1 + (to.1 - from.1) * c)
    let b = Int(from.2 + (to.2 - from.2) * c)
    return String(format: "#%02x%02x%02x", r, g, b)
  }
}

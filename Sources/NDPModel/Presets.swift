import Basics

/// The shipped presets. Every value states where it came from (spec / paper / assumed).
public enum Presets {
  public static let all: [Preset] = models + gpus + ndpUnits + links + hosts

  public static func names(of kind: PresetKind) -> [String] { PresetCatalog.shipped.names(of: kind) }

  public static func named(_ name: String, kind: PresetKind) throws(InputError) -> Preset {
    try PresetCatalog.shipped.named(name, kind: kind)
  }

  // MARK: - Models (shapes from each model's config.json on its model card)

  private static func config(_ model: String) -> Source { .spec("\(model) config.json") }

  private static func model(
    _ name: String, _ card: String, summary: String, hidden: Int, expertFFN: Int, experts: Int,
    sharedFFN: Int, topK: Int, layers: Int, heads: Int, kvHeads: Int, headDim: Int, vocab: Int,
    zipf: Double, zipfSource: Source, extra: [PresetValue] = []
  ) -> Preset {
    let c = config(card)
    let values: [PresetValue] = [
      PresetValue("model.hidden", Double(hidden), c),
      PresetValue("model.expert_ffn", Double(expertFFN), c),
      PresetValue("model.experts", Double(experts), c),
      PresetValue("model.shared_ffn", Double(sharedFFN), c),
      PresetValue("model.top_k", Double(topK), c),
      PresetValue("model.layers", Double(layers), c),
      PresetValue("model.attention_heads", Double(heads), c),
      PresetValue("model.kv_heads", Double(kvHeads), c),
      PresetValue("model.head_dim", Double(headDim), c),
      PresetValue("model.vocab", Double(vocab), c),
      PresetValue("model.bytes_per_weight", 2, .assumed("BF16/FP16 weights")),
      PresetValue("model.expert_bytes_per_weight", 2, .assumed("BF16/FP16 weights")),
      PresetValue("routing.zipf", zipf, zipfSource),
      PresetValue(
        "routing.request_drift", 0.3, .assumed("per-request popularity mixed in at 30%"),
        plausible: 0...0.8),
      PresetValue(
        "routing.phase_drift", 0.1,
        .assumed("prefill and decode close, not equal (cosine ~0.89 on Mixtral, arXiv 2512.04476)"),
        plausible: 0...0.4),
      PresetValue("routing.locality", 0.15, locality(name), plausible: 0...0.3),
      PresetValue(
        "routing.temperature", 1.0, .assumed("softmax over unit-scale logits"), plausible: 0.5...2),
    ]
    return Preset(name: name, kind: .model, summary: summary, values: values + extra)
  }

  private static let liang = "Liang et al. 2025 (arXiv 2505.16056), fitted from load-balance figures"

  /// Temporal locality: published for Mixtral only; the other models borrow its figure.
  private static func locality(_ model: String) -> Source {
    let figure =
      "Mixtral paper (arXiv 2401.04088) Table 5: 24-28% first-choice repeats at layer 15 vs 12.5% chance"
    return model == "mixtral-8x7b"
      ? .paper(figure) : .assumed("no figure for this model; Mixtral's: " + figure)
  }

  public static let models: [Preset] = [
    model(
      "mixtral-8x7b", "mistralai/Mixtral-8x7B-v0.1", summary: "8 experts, top-2, 32 layers",
      hidden: 4096, expertFFN: 14336, experts: 8, sharedFFN: 0, topK: 2, layers: 32, heads: 32,
      kvHeads: 8, headDim: 128, vocab: 32000, zipf: 0.16, zipfSource: .paper(liang)),
    model(
      "qwen1.5-moe-a2.7b", "Qwen/Qwen1.5-MoE-A2.7B",
      summary: "60 experts, top-4, one 5632-wide shared expert", hidden: 2048, expertFFN: 1408,
      experts: 60, sharedFFN: 5632, topK: 4, layers: 24, heads: 16, kvHeads: 16, headDim: 128,
      vocab: 151936, zipf: 0.09, zipfSource: .paper(liang)),
    model(
      "qwen2-57b-a14b", "Qwen/Qwen2-57B-A14B",
      summary: "64 experts, top-8, one 20480-wide shared expert", hidden: 3584, expertFFN: 2560,
      experts: 64, sharedFFN: 20480, topK: 8, layers: 28, heads: 28, kvHeads: 4, headDim: 128,
      vocab: 151936, zipf: 0.42, zipfSource: .paper(liang)),
    model(
      "qwen3-30b-a3b", "Qwen/Qwen3-30B-A3B", summary: "128 experts, top-8, 48 layers (seed paper)",
      hidden: 2048, expertFFN: 768, experts: 128, sharedFFN: 0, topK: 8, layers: 48, heads: 32,
      kvHeads: 4, headDim: 128, vocab: 151936, zipf: 0.42, zipfSource: .paper(liang)),
    model(
      "deepseek-v2-lite", "deepseek-ai/DeepSeek-V2-Lite",
      summary: "64 experts, top-6, 2 shared, first layer dense, MLA", hidden: 2048, expertFFN: 1408,
      experts: 64, sharedFFN: 2 * 1408, topK: 6, layers: 27, heads: 16, kvHeads: 16, headDim: 128,
      vocab: 102400, zipf: 0.2, zipfSource: .paper(liang),
      extra: [
        PresetValue("model.dense_layers", 1, config("deepseek-ai/DeepSeek-V2-Lite")),
        PresetValue("model.dense_ffn", 10944, config("deepseek-ai/DeepSeek-V2-Lite")),
        PresetValue(
          "model.kv_bytes_per_token_layer", (512 + 64) * 2,
          .spec("MLA caches kv_lora_rank 512 + rope 64 values per token and layer")),
      ]),
    model(
      "deepseek-moe-16b", "deepseek-ai/deepseek-moe-16b-base",
      summary: "64 experts, top-6, 2 shared, first layer dense (SMoE's S1)", hidden: 2048,
      expertFFN: 1408, experts: 64, sharedFFN: 2 * 1408, topK: 6, layers: 28, heads: 16, kvHeads: 16,
      headDim: 128, vocab: 102400, zipf: 0.2, zipfSource: .paper(liang),
      extra: [
        PresetValue("model.dense_layers", 1, config("deepseek-ai/deepseek-moe-16b-base")),
        PresetValue("model.dense_ffn", 10944, config("deepseek-ai/deepseek-moe-16b-base")),
      ]),
    model(
      "olmoe-1b-7b", "allenai/OLMoE-1B-7B-0924", summary: "64 experts, top-8, 16 layers",
      hidden: 2048, expertFFN: 1024, experts: 64, sharedFFN: 0, topK: 8, layers: 16, heads: 16,
      kvHeads: 16, headDim: 128, vocab: 50304, zipf: 0.42, zipfSource: .paper(liang)),
    model(
      "phi-3.5-moe", "microsoft/Phi-3.5-MoE-instruct", summary: "16 experts, top-2, 32 layers",
      hidden: 4096, expertFFN: 6400, experts: 16, sharedFFN: 0, topK: 2, layers: 32, heads: 32,
      kvHeads: 8, headDim: 128, vocab: 32064, zipf: 0.3,
      zipfSource: .assumed("between Mixtral and the Qwen/OLMoE family; no published fit")),
    model(
      "gpt-oss-20b", "openai/gpt-oss-20b", summary: "32 experts, top-4, experts in MXFP4",
      hidden: 2880, expertFFN: 2880, experts: 32, sharedFFN: 0, topK: 4, layers: 24, heads: 64,
      kvHeads: 8, headDim: 64, vocab: 201088, zipf: 0.3,
      zipfSource: .assumed("no published fit"),
      extra: [
        PresetValue(
          "model.expert_bytes_per_weight", 0.53125,
          .spec("MXFP4: 4-bit values plus one 8-bit scale per 32 (openai/gpt-oss-20b model card)"))
      ]),
  ]

  // MARK: - GPUs

  private static func gpu(
    _ name: String, summary: String, tflops: Double, tflopsSource: Source, bandwidth: Double,
    memory: Double, specSource: String, staticWatts: Double, dramPJ: Double
  ) -> Preset {
    Preset(
      name: name, kind: .gpu, summary: summary,
      values: [
        PresetValue("gpu.peak_tflops", tflops, tflopsSource),
        PresetValue("gpu.mem_bw_gb_per_s", bandwidth, .spec(specSource)),
        PresetValue("gpu.memory_gb", memory, .spec(specSource)),
        PresetValue(
          "gpu.mem_efficiency", 0.8, .assumed("streaming kernels reach ~80% of peak"), plausible: 0.6...0.95),
        PresetValue(
          "gpu.compute_efficiency", 0.6, .assumed("small-batch GEMMs reach ~60% of peak"),
          plausible: 0.3...0.9),
        PresetValue("gpu.launch_us", 5, .assumed("CUDA kernel launch and sync"), plausible: 2...20),
        PresetValue("gpu.static_w", staticWatts, .assumed("idle board power")),
        PresetValue("gpu.dram_pj_per_byte", dramPJ, .assumed("DRAM access energy per byte")),
        PresetValue("gpu.pj_per_flop", 0.4, .assumed("FP16 tensor FLOP at 4-5 nm")),
      ])
  }

  public static let gpus: [Preset] = [
    gpu(
      "rtx5080", summary: "GeForce RTX 5080, 16 GB GDDR7", tflops: 56.3,
      tflopsSource: .assumed("dense FP16 tensor, FP32 accumulate (GeForce rate) of the vendor figure"),
      bandwidth: 960, memory: 16, specSource: "NVIDIA RTX 5080 spec: 16 GB GDDR7, 256-bit, 30 Gbps",
      staticWatts: 30, dramPJ: 56),
    gpu(
      "rtx4090-laptop", summary: "GeForce RTX 4090 Laptop, 16 GB GDDR6", tflops: 43,
      tflopsSource: .assumed("dense FP16 tensor, FP32 accumulate, from the vendor's AI TOPS figure"),
      bandwidth: 576, memory: 16, specSource: "NVIDIA RTX 4090 Laptop spec: 16 GB GDDR6, 576 GB/s",
      staticWatts: 20, dramPJ: 56),
    gpu(
      "jetson-agx-orin", summary: "Jetson AGX Orin 64 GB, unified LPDDR5", tflops: 42.5,
      tflopsSource: .assumed("GPU's 170 sparse INT8 TOPS halved twice (dense, FP16)"),
      bandwidth: 204.8, memory: 64, specSource: "NVIDIA Jetson AGX Orin 64GB: LPDDR5 204.8 GB/s",
      staticWatts: 15, dramPJ: 40),
    gpu(
      "jetson-agx-thor", summary: "Jetson AGX Thor 128 GB, unified LPDDR5X", tflops: 129,
      tflopsSource: .assumed("2070 sparse FP4 TFLOPS / 16 (dense, FP16, FP32 accumulate)"),
      bandwidth: 273, memory: 128, specSource: "NVIDIA Jetson AGX Thor: 128 GB LPDDR5X 273 GB/s",
      staticWatts: 20, dramPJ: 40),
    gpu(
      "rtx3080ti", summary: "GeForce RTX 3080 Ti, 12 GB GDDR6X (SMoE's S1)", tflops: 68.2,
      tflopsSource: .assumed("GA102 tensor rate, FP16 with FP32 accumulate (GeForce half rate), 80 SMs"),
      bandwidth: 912, memory: 12,
      specSource: "NVIDIA RTX 3080 Ti spec: 12 GB GDDR6X, 384-bit, 19 Gbps, 912 GB/s",
      staticWatts: 25, dramPJ: 60),
    gpu(
      "rtx-a6000", summary: "RTX A6000, 48 GB GDDR6 (SMoE's S3)", tflops: 154.8,
      tflopsSource: .spec("NVIDIA RTX A6000 datasheet: 309.7 TFLOPS FP16 tensor with sparsity, dense half"),
      bandwidth: 768, memory: 48, specSource: "NVIDIA RTX A6000 datasheet: 48 GB GDDR6, 768 GB/s",
      staticWatts: 25, dramPJ: 60),
  ]

  // MARK: - NDP units

  public static let ndpUnits: [Preset] = [
    Preset(
      name: "ndp-dimm", kind: .ndp, summary: "Hermes-style NDP-DIMM: DDR4-3200, 32 GB, 4 ranks",
      values: [
        PresetValue(
          "ndp.bw_gb_per_s", 102.4,
          .assumed("4 ranks read in parallel x DDR4-3200 25.6 GB/s (4x ratio, brief section 4)"),
          plausible: 25.6...102.4),
        PresetValue(
          "ndp.peak_gflops", 512,
          .paper("Hermes (HPCA'25): one NDP core of 256 FP16 multipliers at 1 GHz")),
        PresetValue("ndp.capacity_gb", 32, .paper("Hermes (HPCA'25): 32 GB DDR4 DIMM")),
        PresetValue(
          "ndp.mem_efficiency", 0.8, .assumed("row-buffer and refresh losses"), plausible: 0.6...0.95),
        PresetValue(
          "ndp.compute_efficiency", 0.8, .assumed("GEMV on a MAC array"), plausible: 0.5...0.95),
        PresetValue(
          "ndp.op_overhead_us", 2, .assumed("command issue and buffer set-up per expert"),
          plausible: 0.5...20),
        PresetValue("ndp.unit_link_gb_per_s", 25, .paper("Hermes (HPCA'25): DIMM-link 25 GB/s")),
        PresetValue(
          "ndp.unit_link_pj_per_byte", 9.4,
          .assumed("short-reach SerDes at ~1.2 pJ/bit, as reported for Hermes' DIMM-link")),
        PresetValue("ndp.static_w", 2, .assumed("DIMM background power plus NDP core")),
        PresetValue("ndp.dram_pj_per_byte", 20, .assumed("internal DRAM read without off-DIMM I/O")),
        PresetValue("ndp.pj_per_flop", 1.0, .assumed("FP16 MAC in a DRAM-process logic die")),
      ]),
    Preset(
      name: "cxl-pim", kind: .ndp, summary: "CXL memory expander with bank-group PIM, 64 GB",
      values: [
        PresetValue(
          "ndp.bw_gb_per_s", 256,
          .assumed("8x a 32 GB/s external port (bank-group PIM ratio, brief section 4)")),
        PresetValue("ndp.peak_gflops", 1024, .assumed("PIM compute sized to the bandwidth")),
        PresetValue("ndp.capacity_gb", 64, .assumed("one CXL Type-3 device")),
        PresetValue("ndp.mem_efficiency", 0.8, .assumed("row-buffer and refresh losses")),
        PresetValue("ndp.compute_efficiency", 0.8, .assumed("GEMV on a MAC array")),
        PresetValue("ndp.op_overhead_us", 3, .assumed("CXL.mem command round trip per expert")),
        PresetValue("ndp.unit_link_gb_per_s", 32, .assumed("peer traffic through the CXL switch")),
        PresetValue("ndp.unit_link_pj_per_byte", 40, .assumed("a PCIe/CXL hop, ~5 pJ/bit")),
        PresetValue("ndp.static_w", 5, .assumed("device background power")),
        PresetValue("ndp.dram_pj_per_byte", 16, .assumed("bank-group PIM read")),
        PresetValue("ndp.pj_per_flop", 1.0, .assumed("FP16 MAC in a DRAM-process logic die")),
      ]),
    Preset(
      name: "monde", kind: .ndp, summary: "MoNDE device (DAC'24): 512 GB, 512 GB/s internal",
      values: [
        PresetValue("ndp.bw_gb_per_s", 512, .paper("MoNDE (DAC'24): 512 GB/s internal bandwidth")),
        PresetValue("ndp.peak_gflops", 2048, .assumed("NDP core sized to the bandwidth")),
        PresetValue("ndp.capacity_gb", 512, .paper("MoNDE (DAC'24): 512 GB device")),
        PresetValue("ndp.mem_efficiency", 0.8, .assumed("row-buffer and refresh losses")),
        PresetValue("ndp.compute_efficiency", 0.8, .assumed("GEMV on a MAC array")),
        PresetValue("ndp.op_overhead_us", 2, .assumed("command issue per expert")),
        PresetValue("ndp.unit_link_gb_per_s", 32, .assumed("peer traffic over PCIe")),
        PresetValue("ndp.unit_link_pj_per_byte", 40, .assumed("a PCIe hop, ~5 pJ/bit")),
        PresetValue("ndp.static_w", 10, .assumed("device background power")),
        PresetValue("ndp.dram_pj_per_byte", 20, .assumed("internal DRAM read")),
        PresetValue("ndp.pj_per_flop", 1.0, .assumed("FP16 MAC in a logic die")),
      ]),
  ]

  // MARK: - Links

  private static func link(_ name: String, summary: String, gbPerS: Double, spec: String) -> Preset {
    Preset(
      name: name, kind: .link, summary: summary,
      values: [
        PresetValue("link.bw_gb_per_s", gbPerS, .spec(spec)),
        PresetValue(
          "link.efficiency", 0.75, .assumed("real transfers reach ~75% of nominal (brief)"),
          plausible: 0.6...0.9),
        PresetValue(
          "link.latency_us", 2, .assumed("DMA set-up and completion per transfer"), plausible: 0.5...10),
        PresetValue("link.pj_per_byte", 40, .assumed("~5 pJ/bit for PCIe SerDes and controller")),
      ])
  }

  public static let links: [Preset] = [
    link("pcie5-x16", summary: "PCIe 5.0 x16", gbPerS: 63, spec: "PCIe 5.0 x16: 63 GB/s per direction"),
    link("pcie3-x16", summary: "PCIe 3.0 x16", gbPerS: 15.75, spec: "PCIe 3.0 x16: 15.75 GB/s per direction"),
    link("pcie4-x16", summary: "PCIe 4.0 x16", gbPerS: 31.5, spec: "PCIe 4.0 x16: 31.5 GB/s per direction"),
    link("pcie4-x8", summary: "PCIe 4.0 x8", gbPerS: 15.75, spec: "PCIe 4.0 x8: 15.75 GB/s per direction"),
    link(
      "cxl2-x16", summary: "CXL 2.0 x16 (PCIe 5.0 PHY)", gbPerS: 63, spec: "CXL 2.0 on PCIe 5.0 x16: 63 GB/s"),
  ]

  // MARK: - Hosts

  private static func host(
    _ name: String, summary: String, memoryGB: Double, memorySource: Source, bandwidth: Double,
    bandwidthSource: String, gflops: Double, gflopsSource: Source, staticWatts: Double
  ) -> Preset {
    Preset(
      name: name, kind: .host, summary: summary,
      values: [
        PresetValue("host.memory_gb", memoryGB, memorySource),
        PresetValue("host.bw_gb_per_s", bandwidth, .spec(bandwidthSource)),
        PresetValue("host.peak_gflops", gflops, gflopsSource),
        PresetValue(
          "host.mem_efficiency", 0.7,
          .assumed(
            "multi-threaded streaming reads reach ~70% of peak DRAM; framework CPU experts far less (SMoE, arXiv 2508.18983: CPU time about a third of PCIe 4.0 load time in S3, ~25% of peak)"
          ), plausible: 0.2...0.9),
        PresetValue(
          "host.compute_efficiency", 0.5, .assumed("vectorised GEMV/GEMM reaches about half of peak"),
          plausible: 0.2...0.8),
        PresetValue("host.static_w", staticWatts, .assumed("CPU package and DRAM background power")),
        PresetValue("host.dram_pj_per_byte", 60, .assumed("off-chip DDR access")),
        PresetValue(
          "host.pj_per_flop", 10, .assumed("a SIMD FLOP on a server/desktop core with its data movement")),
      ])
  }

  private static let desktopFlops = Source.assumed("8 cores with AVX-512 FP16-class throughput")

  public static let hosts: [Preset] = [
    host(
      "ddr5-host", summary: "desktop host, 64 GB dual-channel DDR5-5600", memoryGB: 64,
      memorySource: .assumed("a typical edge workstation"), bandwidth: 89.6,
      bandwidthSource: "DDR5-5600 x 2 channels x 8 bytes", gflops: 1000, gflopsSource: desktopFlops,
      staticWatts: 15),
    host(
      "ddr5-host-128", summary: "workstation host, 128 GB dual-channel DDR5-5600", memoryGB: 128,
      memorySource: .assumed("a large edge workstation"), bandwidth: 89.6,
      bandwidthSource: "DDR5-5600 x 2 channels x 8 bytes", gflops: 1000, gflopsSource: desktopFlops,
      staticWatts: 15),
    host(
      "xeon-e5-2683v3", summary: "Xeon E5-2683 v3 (16 cores), 4-channel DDR4-2133 (SMoE's S1/S2 host)",
      memoryGB: 128, memorySource: .assumed("enough for the 31 GB model; not stated by SMoE"),
      bandwidth: 68.3, bandwidthSource: "Intel ARK: E5-2683 v3, 4 channels DDR4-2133, 68 GB/s",
      gflops: 1024,
      gflopsSource: .spec("Intel ARK: 16 cores x 2.0 GHz x 32 FP32 FLOP/cycle (two AVX2 FMA units)"),
      staticWatts: 40),
    host(
      "xeon-gold-6444y", summary: "Xeon Gold 6444Y (16 cores), 8-channel DDR5-4800 (SMoE's S3 host)",
      memoryGB: 256, memorySource: .assumed("S3 needs about 150 GB of host memory (SMoE)"),
      bandwidth: 307.2, bandwidthSource: "Intel ARK: Gold 6444Y, 8 channels DDR5-4800, 307 GB/s",
      gflops: 3686,
      gflopsSource: .spec("Intel ARK: 16 cores x 3.6 GHz x 64 FP32 FLOP/cycle (two AVX-512 FMA units)"),
      staticWatts: 60),
  ]
}

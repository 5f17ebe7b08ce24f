import DesignSpace

/// `ndpscope report DIR`: the page of a sweep folder. It answers first (the recommendation per
/// scenario), then states what was swept and why rows were left out, then shows the evidence.
public enum SweepReport {
  public static func render(
    directory: String, templates: ReportTemplates, layer: Int? = nil
  ) throws(ReportError) -> String {
    try render(SweepData(directory: directory), templates: templates, layer: layer)
  }

  /// The page of a sweep already read.
  public static func render(
    _ data: SweepData, templates: ReportTemplates, layer: Int? = nil
  ) throws(ReportError) -> String {
    let space = data.space
    let page = try templates.page(
      title: "ndpscope sweep: \(space.name)",
      subtitle: space.description.isEmpty ? "design-space sweep" : space.description)
    RecommendationSection.add(to: page, data: data)
    SummarySection.add(to: page, data: data)
    ScenarioSection.add(to: page, data: data)
    HeatmapSection.add(to: page, data: data)
    TimelineSection.add(to: page, data: data, layer: layer)
    ProvenanceSection.add(
      to: page, presets: ProvenanceSection.presets(of: space),
      overrides: ProvenanceSection.overrides(of: space), catalog: space.catalog)
    return page.document.serialized()
  }
}

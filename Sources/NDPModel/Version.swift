/// The tool's version, written into manifests and reports.
public enum NDPScopeVersion {
  public static let current = "0.1.0"
}

import Foundation

/// The repository's `dictionaries/` folder as a package resource: SwiftPM copies it into the
/// `zhtext_ZHTextDictionaries.resources` bundle beside every executable it builds (`zhtext`,
/// a test runner, an app that depends on the `ZHText` library), so a program finds its
/// dictionaries wherever it runs from, as long as the bundle travels with it.
public enum BundledDictionaries {
    /// The bundle's folder name, as SwiftPM names it (`<package>_<target>.resources` on Linux).
    public static let bundleName = "zhtext_ZHTextDictionaries.resources"

    /// The bundled `dictionaries` folder, or nil when the program has no bundle beside it.
    public static var directory: String? {
        #if os(Linux) || os(Windows) || os(Android)
        // SwiftPM's `Bundle.module` looks beside `Bundle.main` (the executable's folder), then in
        // the build folder it was compiled in, and stops the program when neither has the
        // bundle. So look beside the executable here, and report "none" instead of stopping.
        let fm = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for folder in [Bundle.main.bundleURL, executable.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent(bundleName).appendingPathComponent("dictionaries")
            if fm.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return nil
        #else
        return Bundle.module.resourceURL?.appendingPathComponent("dictionaries").path
        #endif
    }
}

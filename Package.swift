// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "zhtext",
    products: [
        .library(name: "ZHText", targets: ["ZHText"]),
        .executable(name: "zhtext", targets: ["zhtext"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 of dictionary and input files for the export's `meta` table.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Property-based tests (Swift Testing) of the "nothing lost" invariants.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Corpus manifests (corpus.toml).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // `swift package generate-documentation`: the DocC catalog (Sources/ZHText/ZHText.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The system ICU (Debian's libicu-dev) behind a plain-C interface: Foundation on Linux
        // ships its own ICU headers, so the system headers may only be seen by CICU's .c file.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        // The system SQLite (Debian's libsqlite3-dev) for `zhtext export --formats sqlite`: the
        // export needs only create/insert with bound parameters, which this gives with no build cost.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The top-level dictionaries/ folder as a resource, copied into the
        // zhtext_ZHTextDictionaries.resources bundle beside every executable built (so a copied
        // `zhtext` finds its dictionaries when the bundle is copied with it). A target's
        // resources must lie under its path, hence the path "." with everything else excluded;
        // its only source says where the bundle is.
        .target(
            name: "ZHTextDictionaries",
            path: ".",
            exclude: ["README.md", "Sources/ZHText", "Sources/zhtext", "Sources/CICU", "Sources/CSQLite", "Tests",
                      "Benchmarks", "Fuzz", "spark", "notebooks-export", "Examples"],
            sources: ["Sources/ZHTextDictionaries"],
            resources: [.copy("dictionaries")]
        ),
        .target(
            name: "ZHText",
            dependencies: ["CICU", "CSQLite", "ZHTextDictionaries", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Resources/sample")],
            // The metadata expressions run on Foundation's own ICU (the engine of NSRegularExpression)
            // straight on UTF-16 units: `ICURegex`. The library is in the toolchain already.
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "zhtext",
            dependencies: ["ZHText", "CICU", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The README's and the DocC catalog's library snippets, compiled and run (`.ci/run`).
        .executableTarget(
            name: "zhtext-examples",
            dependencies: ["ZHText"],
            path: "Examples"
        ),
        // The library's tests, one folder per stage (Load/, Clean/, Structure/, Segment/,
        // Analyze/, Export/, Model/, Pipeline/), the property tests among them; the fixtures
        // in Tests/ZHTextTests/Fixtures/ serve both test targets.
        .testTarget(
            name: "ZHTextTests",
            dependencies: ["ZHText", "CSQLite", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        // The command line's contract, checked on the built `zhtext` executable (run as a
        // process: exit statuses, standard error, every command's bytes against Tests/golden/).
        // Depending on the executable target makes `swift build --build-tests` build it first.
        .testTarget(
            name: "ZHTextCLITests",
            dependencies: ["zhtext", "ZHText"]
        ),
    ]
)

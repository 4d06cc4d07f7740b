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
        // Property-based tests (Swift Testing) of the "nothing lost" invariants.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Corpus manifests (corpus.toml).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // The system ICU (Debian's libicu-dev) behind a plain-C interface: Foundation on Linux
        // ships its own ICU headers, so the system headers may only be seen by CICU's .c file.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        .target(
            name: "ZHText",
            dependencies: ["CICU", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Resources/sample")]
        ),
        .executableTarget(
            name: "zhtext",
            dependencies: ["ZHText", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ZHTextTests",
            dependencies: ["ZHText", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
    ]
)

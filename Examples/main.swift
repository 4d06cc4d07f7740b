// The library examples: every Swift snippet of the README and of the DocC catalog
// (Sources/ZHText/ZHText.docc) is a `// snippet:` region of a file here, so it compiles, and
// each example checks what its snippet's comments claim. `.ci/run` runs them from the
// repository root (they read the bundled sample and the test fixtures):
//
//     swift run zhtext-examples
//
// Tests/ZHTextTests/Pipeline/ExampleSnippetTests.swift checks that the README and the catalog show
// exactly these regions.
import Foundation

let examples: [(name: String, run: () throws -> Void)] = [
    ("getting started", gettingStarted),
    ("a file and its keywords", fileAndKeywords),
    ("offsets", offsets),
    ("dictionaries", dictionaries),
    ("corpus analysis", corpusAnalysis),
    ("corpus runner", corpusRunner),
    ("corpus source", corpusSource),
    ("corpus source, its resolver made meanwhile", corpusSourceWithPendingResolver),
    ("new words", newWords),
    ("exports", exports),
    ("the stage entry points", stages),
]

for example in examples {
    print("== \(example.name)")
    do {
        try example.run()
    } catch {
        Claims.failures.append("\(example.name): threw \(error)")
    }
}
if Claims.failures.isEmpty {
    print("zhtext-examples: \(examples.count) examples, every claim held")
} else {
    for failure in Claims.failures { print("zhtext-examples: FAILED: \(failure)") }
    exit(1)
}

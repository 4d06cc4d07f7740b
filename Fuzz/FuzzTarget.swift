// libFuzzer entry point: every input goes through the loader (decoding with detection, strict
// and lenient), the cleaner (as a scraped file, an HTML file and plain text), the structure stage
// and the segmenter, and every invariant the library promises is checked; a violation is a crash.
// Built by Fuzz/build.sh together with Sources/ZHText (one module), run by Fuzz/run.sh.
import Foundation

private let pipeline: Pipeline = {
    do { return try Pipeline() } catch { fatalError("cannot build the pipeline: \(error)") }
}()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    _ = pipeline   // build the lexicon once, before the first input
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for lenient in [false, true] {
        let decoded: DecodedText
        do {
            decoded = try TextDecoding.decode(bytes, source: "fuzz", options: DecodingOptions(lenient: lenient))
        } catch let error as LoadError {
            require(error.byteOffset.map { (0...size).contains($0) } ?? true, "error offset \(error.byteOffset ?? -1) outside 0...\(size)")
            continue
        } catch {
            fatalError("decoding threw something other than a LoadError: \(error)")
        }
        for violation in decoded.invariantViolations(byteCount: size) { fatalError("decoded text: \(violation)") }
        // The `segment` command's path: the decoded text, not cleaned.
        let units = Array(decoded.text.utf16)
        let tokens = pipeline.segmenter.segment(units, in: 0..<units.count)
        for violation in TokenInvariants.violations(tokens, in: units, range: 0..<units.count, normalizer: pipeline.segmenter.normalizer) {
            fatalError("segmenting the decoded text: \(violation)")
        }
        if lenient { break }   // the strict decoding succeeded: lenient would give the same text
    }
    // The cleaner in each of its formats, on the bytes as UTF-8 (lenient).
    let text = String(decoding: bytes, as: UTF8.self)
    for source in ["fuzz.txt", "fuzz.html"] {
        let raw = DocumentLoader.recognise(DecodedText(utf8: bytes), source: source)
        // As `Pipeline.load` does: clean, then find the transcript structure (speaker labels).
        let document = pipeline.structure.analyze(Cleaner.clean(raw))
        for violation in document.invariantViolations() { fatalError("\(source) (\(raw.format)): \(violation)") }
        let tokenized = pipeline.tokenize(document)
        for violation in tokenized.invariantViolations(normalizer: pipeline.segmenter.normalizer) {
            fatalError("\(source) (\(raw.format)): \(violation)")
        }
    }
    var diagnostics: [Diagnostic] = []
    _ = JSONEscapes.decode(text, source: "fuzz", diagnostics: &diagnostics)
    return 0
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

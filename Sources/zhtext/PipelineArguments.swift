import ArgumentParser
import Foundation
import ZHText

extension SegmenterMode: ExpressibleByArgument {}
extension TableFormat: ExpressibleByArgument {}

/// Options every analysing subcommand shares.
struct PipelineArguments: ParsableArguments {
    @Option(name: .customLong("dict"), help: ArgumentHelp(
        "An extra dictionary (TSV: term[<tab>freq[<tab>tag]]); repeatable. Its terms are kept whole.",
        valueName: "file"))
    var userDictionaries: [String] = []

    @Option(help: ArgumentHelp("The dictionary folder (default: $ZHTEXT_DICTIONARIES, else the bundled one).", valueName: "dir"))
    var dictionaries: String?

    @Option(help: ArgumentHelp(
        "A lexicon that replaces the general one (TSV as --dict, or one word a line; a list without frequencies gets them estimated from the list itself). The domain lexicon stays unless --no-domain.",
        valueName: "file"))
    var lexicon: String?

    @Flag(name: .customLong("no-domain"), help: "Do not load the domain lexicon (with --lexicon: the SIGHAN closed track).")
    var noDomain = false

    @Option(help: "hybrid: ICU word break refined by the dictionaries; icu: ICU alone.")
    var segmenter: SegmenterMode = .hybrid

    @Flag(name: .customLong("no-t2s"), help: "Do not convert Traditional characters to Simplified before segmenting and counting.")
    var noTraditionalToSimplified = false

    @Option(help: ArgumentHelp("Decode input with this ICU converter (GB18030, Big5, UTF-16LE…) instead of detecting.", valueName: "name"))
    var encoding: String?

    @Flag(help: "Replace invalid byte sequences with U+FFFD (with a warning) instead of failing.")
    var lenient = false

    @Flag(help: "Count stopwords as keywords too.")
    var keepStopwords = false

    @Option(name: .customLong("speakers"), help: ArgumentHelp(
        "An extra speakers file (TSV: canonical, aliases, role, organisation, kind); repeatable. Its rows replace the default file's rows with the same canonical name.",
        valueName: "file"))
    var speakerFiles: [String] = []

    var options: PipelineOptions {
        PipelineOptions(
            dictionaries: DictionaryConfiguration(directory: dictionaries, replacementLexicon: lexicon,
                                                  useDomainLexicon: !noDomain, userDictionaries: userDictionaries),
            normalization: NormalizationOptions(traditionalToSimplified: !noTraditionalToSimplified),
            segmenter: segmenter,
            decoding: DecodingOptions(encoding: encoding, lenient: lenient),
            keepStopwords: keepStopwords,
            speakerFiles: speakerFiles)
    }

    func makePipeline() throws -> Pipeline {
        do { return try Pipeline(options: options) } catch {
            throw ValidationError("\(error)")
        }
    }
}

/// Standard output and error, written in large pieces.
enum Output {
    static func write(_ s: String) {
        FileHandle.standardOutput.write(s.data(using: .utf8)!)
    }

    static func warn(_ s: String) {
        FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    }
}

/// Loads each path (folders expanded), reporting bad files on standard error and going on.
/// Returns the documents loaded and whether any file failed.
func loadDocuments(_ paths: [String], with pipeline: Pipeline) throws -> (documents: [Document], failed: Bool) {
    var failed = false
    var documents: [Document] = []
    let files: [String]
    do { files = try DocumentLoader.expand(paths) } catch {
        throw ValidationError("\(error)")
    }
    for path in files {
        do {
            let document = try pipeline.load(path)
            for diagnostic in document.diagnostics { Output.warn("zhtext: \(diagnostic)") }
            documents.append(document)
        } catch {
            Output.warn("zhtext: \(error)")
            failed = true
        }
    }
    return (documents, failed)
}

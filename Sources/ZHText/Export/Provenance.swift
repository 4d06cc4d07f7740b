import CICU
import Crypto
import Foundation

/// The tool's own identity, for the export's `meta` table.
public enum ToolInfo {
    /// zhtext's version.
    public static let version = "0.1.0"

    /// The ICU library the tool runs with (segmentation and normalization depend on it).
    public static var icuVersion: String {
        var buffer = [CChar](repeating: 0, count: 32)
        zh_icu_version(&buffer, Int32(buffer.count))
        return String(cString: buffer)
    }
}

/// A dictionary file as it was when the run read it.
public struct DictionaryFileRecord: Sendable, Equatable {
    /// Its role: `general`, `domain`, `stopwords`, `user:1`…, or its path inside the
    /// dictionary folder for the folder's other files (`themes/agentic-ai.tsv`).
    public var name: String
    /// The file's path.
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes, nil when it cannot be read.
    public var sha256: String?

    /// A record of the dictionary file at `path` with role `name`.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
        sha256 = FileDigest.sha256(path: path)
    }

    /// The files a run reads (lexicons in load order, stopwords, extra speaker files, theme
    /// lexicons from elsewhere), then every other `.tsv` under the dictionary folder (speakers,
    /// structure cues, themes), so a run can be reproduced from the same files.
    public static func files(of options: PipelineOptions, themes: ThemeTagger? = nil) -> [DictionaryFileRecord] {
        let configuration = options.dictionaries
        var result: [DictionaryFileRecord] = []
        var seen: Set<String> = []
        func add(_ name: String, _ path: String) {
            let key = URL(fileURLWithPath: path).standardized.path
            guard seen.insert(key).inserted, FileManager.default.fileExists(atPath: path) else { return }
            result.append(DictionaryFileRecord(name: name, path: path))
        }
        var userIndex = 0
        for (path, layer) in configuration.lexiconFiles {
            switch layer {
            case .user:
                userIndex += 1
                add("user:\(userIndex)", path)
            default:
                add(path == configuration.supplementLexiconPath ? "supplement" : layer.rawValue, path)
            }
        }
        add("stopwords", configuration.stopwordsPath)
        add("stopwords-en", configuration.englishStopwordsPath)
        for (k, path) in options.speakerFiles.enumerated() { add("speakers:\(k + 1)", path) }
        let themesFolder = URL(fileURLWithPath: configuration.themesDirectory).standardized.path + "/"
        for theme in themes?.themes ?? [] where !URL(fileURLWithPath: theme.path).standardized.path.hasPrefix(themesFolder) {
            add("theme:\(theme.id)", theme.path)
        }
        let root = configuration.directory
        if let walker = FileManager.default.enumerator(atPath: root) {
            var others: [String] = []
            while let relative = walker.nextObject() as? String {
                if (relative as NSString).lastPathComponent.hasPrefix(".") { continue }
                if relative.hasSuffix(".tsv") { others.append(relative) }
            }
            for relative in others.sorted() { add(relative, (root as NSString).appendingPathComponent(relative)) }
        }
        return result
    }
}

/// SHA-256 digests (swift-crypto).
enum FileDigest {
    /// Hex SHA-256 of a file's bytes, read in pieces; nil when it cannot be read, whole (a
    /// read error part-way, or a folder, is not the digest of the bytes read before it).
    public static func sha256(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?                                   // nil or empty: the end of the file
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// The SHA-256 of `bytes`, as lower-case hex.
    public static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

import Foundation

/// How fast people speak, for turning text length into estimated seconds.
///
/// Defaults: 250 Han characters a minute (Mandarin speech runs at about 200–300) and 150 words a
/// minute for Latin words and numbers (English speech, 130–170). An estimate, not a recording's
/// clock: change it to match your material (`--han-per-minute`, `--words-per-minute`).
public struct SpeakingRate: Sendable, Equatable {
    /// Han characters spoken per minute.
    public var hanPerMinute: Double
    /// Latin words and numbers per minute.
    public var wordsPerMinute: Double

    /// Rates of `zhtext speakers` unless given.
    public init(hanPerMinute: Double = 250, wordsPerMinute: Double = 150) {
        self.hanPerMinute = hanPerMinute
        self.wordsPerMinute = wordsPerMinute
    }

    /// The estimated seconds to speak `han` Han characters and `words` other words.
    public func seconds(han: Int, words: Int) -> Double {
        Double(han) * 60 / hanPerMinute + Double(words) * 60 / wordsPerMinute
    }
}

/// Who spoke how much: turns, Han characters, tokens and estimated seconds per document,
/// section, speaker and mode, built from the structure stage's attribution.
///
/// What counts: the body text of every paragraph that belongs to a turn — not headings, not
/// speaker labels, not the title or byline (which are never paragraphs). `tokens` are words,
/// Latin words and numbers (no punctuation). In the Q&A, an analyst's direct turn is a
/// question and opens an exchange; a later direct turn by anyone but an analyst, operator or
/// host, before the next question, is an answer to it.
///
/// ```swift
/// var talk = TalkTime()
/// talk.add(pipeline.tokenize(doc))
/// print(TableWriter.render(talk.table(), as: .csv))
/// ```
public struct TalkTime: Sendable {
    /// What a turn does in the Q&A.
    public enum TurnType: String, Sendable {
        /// A question in the Q&A.
        case question
        /// An answer in the Q&A.
        case answer
        /// Anything else (remarks, the operator).
        case other
    }

    /// One turn's measures.
    public struct TurnMeasure: Sendable {
        /// The turn measured.
        public var turn: Turn
        /// Whether the turn is remarks, a question or an answer.
        public var type: TurnType
        /// The Q&A exchange (1-based, one per question) the turn belongs to.
        public var exchange: Int?
        /// Han characters in the turn.
        public var hanCharacters: Int
        /// Counted tokens in the turn.
        public var tokens: Int
        /// Latin words and numbers.
        public var words: Int
        /// The estimated speaking time in seconds.
        public var seconds: Double
    }

    /// One document's turns.
    public struct DocumentTalk: Sendable {
        /// The document's source path.
        public var source: String
        /// The document's speakers.
        public var speakers: [Speaker]
        /// Each turn's measures, in order.
        public var turns: [TurnMeasure]
    }

    /// How rows are grouped: by speaker (the default) or by role.
    public enum Grouping: String, CaseIterable, Sendable {
        /// One row per speaker.
        case speaker
        /// One row per role.
        case role
    }

    /// The speaking rates used for the estimates.
    public var rate: SpeakingRate
    /// The documents added so far.
    public private(set) var documents: [DocumentTalk] = []
    /// Documents left out because the structure stage found them not to be call transcripts
    /// (news stories, other text): their source and kind, in the order added.
    public private(set) var leftOut: [(source: String, kind: DocumentKind)] = []

    /// An empty measure using `rate`.
    public init(rate: SpeakingRate = .init()) { self.rate = rate }

    /// Talk time with nothing measured but the documents left out (for `leftOutNote` over merged partials).
    init(rate: SpeakingRate = .init(), leftOut: [(source: String, kind: DocumentKind)]) {
        self.rate = rate
        self.leftOut = leftOut
    }

    /// Measures a call transcript. A document the structure stage found to be a news story or
    /// other text (`DocumentKind`) is left out and listed in `leftOut`: talk time is a measure of
    /// calls, and a story's quotes are not turns of a call.
    public mutating func add(_ document: TokenizedDocument) {
        if let kind = DocumentKind(document.document.metadata), kind != .transcript {
            leftOut.append((document.document.metadata.name, kind))
            return
        }
        documents.append(measure(document))
    }

    /// Adds the documents of `other`.
    public mutating func merge(_ other: TalkTime) {
        documents += other.documents
        leftOut += other.leftOut
    }

    /// What the tables leave out, in a sentence (nil when nothing): `talk time covers call
    /// transcripts only; left out 2 documents: a.txt (news), b.txt (other)`.
    public var leftOutNote: String? {
        guard !leftOut.isEmpty else { return nil }
        let list = leftOut.map { "\($0.source) (\($0.kind.rawValue))" }.joined(separator: ", ")
        return "talk time covers call transcripts only; left out \(leftOut.count) document\(leftOut.count == 1 ? "" : "s"): \(list)"
    }

    /// Measures every turn of a document.
    public func measure(_ tokenized: TokenizedDocument) -> DocumentTalk {
        let doc = tokenized.document
        var han = [Int](repeating: 0, count: doc.paragraphs.count)
        var tokens = han, words = han
        for (p, paragraph) in doc.paragraphs.enumerated() {
            for unit in doc.utf16[paragraph.bodyRange] where CharacterClass.isHan(UInt32(unit)) { han[p] += 1 }
            // Astral Han characters (extensions B–G) are surrogate pairs.
            var k = paragraph.bodyRange.lowerBound
            while k + 1 < paragraph.bodyRange.upperBound {
                let u = doc.utf16[k]
                if UTF16.isLeadSurrogate(u), UTF16.isTrailSurrogate(doc.utf16[k + 1]) {
                    let v = UTF16.scalarValue(lead: u, trail: doc.utf16[k + 1])
                    if CharacterClass.isHan(v) { han[p] += 1 }
                    k += 2
                } else {
                    k += 1
                }
            }
        }
        for (k, token) in tokenized.tokens.enumerated() where !tokenized.inLabel[k] {
            let p = tokenized.paragraphIndex[k]
            if token.type.isLexical || token.type == .number { tokens[p] += 1 }
            if token.type == .latin || token.type == .code || token.type == .number { words[p] += 1 }
        }
        var result: [TurnMeasure] = []
        var exchange = 0
        for turn in doc.turns {
            var m = TurnMeasure(turn: turn, type: .other, exchange: nil, hanCharacters: 0, tokens: 0, words: 0, seconds: 0)
            for p in turn.paragraphs {
                m.hanCharacters += han[p]
                m.tokens += tokens[p]
                m.words += words[p]
            }
            m.seconds = rate.seconds(han: m.hanCharacters, words: m.words)
            if turn.section == .qa, turn.mode == .direct {
                if turn.role == "analyst" {
                    exchange += 1
                    m.type = .question
                    m.exchange = exchange
                } else if exchange > 0, turn.role != "operator", turn.role != "host" {
                    m.type = .answer
                    m.exchange = exchange
                }
            }
            result.append(m)
        }
        return DocumentTalk(source: doc.metadata.name, speakers: doc.speakers, turns: result)
    }

    // MARK: Tables

    /// `talk_time`: `document,section,speaker,role,mode,turns,paragraphs,han_chars,tokens,seconds,share`,
    /// one row per document, section, speaker (or role) and mode; the narrator's rows have no
    /// speaker. `share` is the row's part of its section's Han characters, so a section's rows
    /// add up to 1 (null when the section has no Han characters, as in an English transcript).
    public func table(by grouping: Grouping = .speaker) -> Table {
        var table = Table(name: "talk_time", columns: [
            .init("document", .text), .init("section", .text), .init("speaker", .text), .init("role", .text),
            .init("mode", .text), .init("turns", .integer), .init("paragraphs", .integer), .init("han_chars", .integer),
            .init("tokens", .integer), .init("seconds", .real), .init("share", .real),
        ])
        struct Row { var speaker: String?; var role: String?; var mode: SpeechMode; var turns = 0, paragraphs = 0, han = 0, tokens = 0, words = 0 }
        for doc in documents {
            for section in Section.allCases {
                var order: [String] = []
                var rows: [String: Row] = [:]
                for m in doc.turns where m.turn.section == section {
                    let speaker = grouping == .speaker ? m.turn.speaker : nil
                    let key = "\(speaker ?? "")\t\(m.turn.role ?? "")\t\(m.turn.mode.rawValue)"
                    if rows[key] == nil {
                        order.append(key)
                        rows[key] = Row(speaker: speaker, role: m.turn.role, mode: m.turn.mode)
                    }
                    rows[key]!.turns += 1
                    rows[key]!.paragraphs += m.turn.paragraphs.count
                    rows[key]!.han += m.hanCharacters
                    rows[key]!.tokens += m.tokens
                    rows[key]!.words += m.words
                }
                let total = rows.values.reduce(0) { $0 + $1.han }
                for key in order {
                    let r = rows[key]!
                    table.append([
                        .text(doc.source), .text(section.rawValue), r.speaker.map { .text($0) } ?? .null,
                        r.role.map { .text($0) } ?? .null, .text(r.mode.rawValue), .integer(r.turns), .integer(r.paragraphs),
                        .integer(r.han), .integer(r.tokens), .real(Self.round(rate.seconds(han: r.han, words: r.words), 1)),
                        total > 0 ? .real(Self.round(Double(r.han) / Double(total), 4)) : .null,
                    ])
                }
            }
        }
        return table
    }

    /// `turns`: one row per turn, `document,turn,section,speaker,role,mode,type,exchange,
    /// first_paragraph,last_paragraph,paragraphs,han_chars,tokens,seconds`.
    public func turnTable() -> Table {
        var table = Table(name: "turns", columns: [
            .init("document", .text), .init("turn", .integer), .init("section", .text), .init("speaker", .text),
            .init("role", .text), .init("mode", .text), .init("type", .text), .init("exchange", .integer),
            .init("first_paragraph", .integer), .init("last_paragraph", .integer), .init("paragraphs", .integer),
            .init("han_chars", .integer), .init("tokens", .integer), .init("seconds", .real),
        ])
        for doc in documents {
            for m in doc.turns {
                let t = m.turn
                table.append([
                    .text(doc.source), .integer(t.index), .text(t.section.rawValue), t.speaker.map { .text($0) } ?? .null,
                    t.role.map { .text($0) } ?? .null, .text(t.mode.rawValue), .text(m.type.rawValue),
                    m.exchange.map { .integer($0) } ?? .null, .integer(t.paragraphs.lowerBound), .integer(t.paragraphs.upperBound),
                    .integer(t.paragraphs.count), .integer(m.hanCharacters), .integer(m.tokens), .real(Self.round(m.seconds, 1)),
                ])
            }
        }
        return table
    }

    /// `qa_speakers`: per document and speaker of the Q&A, `document,speaker,role,organisation,
    /// questions,answers,answer_han_chars,mean_answer_han_chars,mean_answer_tokens,mean_answer_seconds`.
    public func questionTable() -> Table {
        var table = Table(name: "qa_speakers", columns: [
            .init("document", .text), .init("speaker", .text), .init("role", .text), .init("organisation", .text),
            .init("questions", .integer), .init("answers", .integer), .init("answer_han_chars", .integer),
            .init("mean_answer_han_chars", .real), .init("mean_answer_tokens", .real), .init("mean_answer_seconds", .real),
        ])
        for doc in documents {
            var order: [String] = []
            var stats: [String: (role: String?, questions: Int, answers: Int, han: Int, tokens: Int, seconds: Double)] = [:]
            for m in doc.turns where m.turn.section == .qa && m.turn.mode == .direct {
                guard let speaker = m.turn.speaker else { continue }
                if stats[speaker] == nil { order.append(speaker); stats[speaker] = (m.turn.role, 0, 0, 0, 0, 0) }
                if m.type == .question { stats[speaker]!.questions += 1 }
                if m.type == .answer {
                    stats[speaker]!.answers += 1
                    stats[speaker]!.han += m.hanCharacters
                    stats[speaker]!.tokens += m.tokens
                    stats[speaker]!.seconds += m.seconds
                }
            }
            for speaker in order {
                let s = stats[speaker]!
                let n = Double(max(s.answers, 1))
                let organisation = doc.speakers.first { $0.name == speaker }?.organisation
                table.append([
                    .text(doc.source), .text(speaker), s.role.map { .text($0) } ?? .null, organisation.map { .text($0) } ?? .null,
                    .integer(s.questions), .integer(s.answers), .integer(s.han),
                    s.answers > 0 ? .real(Self.round(Double(s.han) / n, 1)) : .null,
                    s.answers > 0 ? .real(Self.round(Double(s.tokens) / n, 1)) : .null,
                    s.answers > 0 ? .real(Self.round(s.seconds / n, 1)) : .null,
                ])
            }
        }
        return table
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (x * f).rounded() / f
    }
}
